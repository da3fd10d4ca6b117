import { markdownPreview, parseMarkdown, type Block, type Inline } from '../../src/renderer/src/lib/markdown';

const text = (t: string): Inline => ({ kind: 'text', text: t });
const para = (...children: Inline[]): Block => ({ kind: 'paragraph', children });

describe('markdown reader', () => {
  it('reads emphasis, strong, strike-through and code', () => {
    expect(parseMarkdown('a *b* **c** ~~d~~ `e*f*` _g_ snake_case_name')).toEqual([
      para(
        text('a '),
        { kind: 'em', children: [text('b')] },
        text(' '),
        { kind: 'strong', children: [text('c')] },
        text(' '),
        { kind: 'del', children: [text('d')] },
        text(' '),
        { kind: 'code', text: 'e*f*' },
        text(' '),
        { kind: 'em', children: [text('g')] },
        text(' snake_case_name'),
      ),
    ]);
  });

  it('reads lists, quotes, headings, rules and fenced code', () => {
    const doc = parseMarkdown('# Deploy\n\n- one\n- **two**\n  more\n\n1. first\n2. second\n\n> quoted\n> *still*\n\n---\n```\n<b>raw</b>\n```');
    expect(doc).toEqual([
      { kind: 'heading', level: 1, children: [text('Deploy')] },
      { kind: 'list', ordered: false, start: 1, items: [[para(text('one'))], [para({ kind: 'strong', children: [text('two')] }, text('\nmore'))]] },
      { kind: 'list', ordered: true, start: 1, items: [[para(text('first'))], [para(text('second'))]] },
      { kind: 'quote', children: [para(text('quoted\n'), { kind: 'em', children: [text('still')] })] },
      { kind: 'rule' },
      { kind: 'code', text: '<b>raw</b>' },
    ]);
  });

  it('keeps only http(s) links without credentials; others read as their text', () => {
    expect(parseMarkdown('[site](https://example.com/a) [bad](javascript:alert(1)) [cred](https://u:p@example.com) <http://x.org/b> see https://ex.org/c.')).toEqual([
      para(
        { kind: 'link', href: 'https://example.com/a', host: 'example.com', children: [text('site')] },
        text(' bad) cred '),
        { kind: 'link', href: 'http://x.org/b', host: 'x.org', children: [text('http://x.org/b')] },
        text(' see '),
        { kind: 'link', href: 'https://ex.org/c', host: 'ex.org', children: [text('https://ex.org/c')] },
        text('.'),
      ),
    ]);
  });

  it('an image is its alt text and address, never a thing to load', () => {
    expect(parseMarkdown('![chart](https://img.example/c.png) ![x](data:image/png;base64,AAAA)')).toEqual([
      para({ kind: 'image', alt: 'chart', href: 'https://img.example/c.png', host: 'img.example' }, text(' '), { kind: 'image', alt: 'x', href: null, host: null }),
    ]);
  });

  it('raw HTML stays text', () => {
    expect(parseMarkdown('<script>alert(1)</script> <img src=x onerror=alert(2)>')).toEqual([para(text('<script>alert(1)</script> <img src=x onerror=alert(2)>'))]);
  });

  it('deep nesting and huge inputs stay bounded', () => {
    const deep = parseMarkdown('>'.repeat(5000) + ' x');
    let depth = 0;
    for (let b: Block | undefined = deep[0]; b?.kind === 'quote'; b = b.children[0]) depth++;
    expect(depth).toBeLessThanOrEqual(8);
    const started = performance.now();
    parseMarkdown('*a '.repeat(6000) + '[x]('.repeat(500) + '`'.repeat(3000));
    parseMarkdown(`${'- item\n'.repeat(2000)}${'\n'.repeat(5000)}end`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('markdown preview', () => {
  it('gives the words without the marks, on one line', () => {
    expect(markdownPreview('# Deploy\n\n**done** in *4 min*\n\n- api\n- web\n\n[dashboard](https://x.example) ![graph](https://img.example/g.png)')).toBe(
      'Deploy done in 4 min api · web dashboard graph',
    );
    expect(markdownPreview('x'.repeat(1000), 10)).toBe('x'.repeat(10));
  });
});
