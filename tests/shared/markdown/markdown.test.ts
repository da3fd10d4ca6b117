import { MAX_DEPTH, markdownPreview, parseMarkdown, type Block, type Inline } from '../../../src/shared/markdown/markdown';

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
      { kind: 'list', ordered: false, start: 1, tight: true, items: [[para(text('one'))], [para({ kind: 'strong', children: [text('two')] }, text('\nmore'))]] },
      { kind: 'list', ordered: true, start: 1, tight: true, items: [[para(text('first'))], [para(text('second'))]] },
      { kind: 'quote', children: [para(text('quoted\n'), { kind: 'em', children: [text('still')] })] },
      { kind: 'rule' },
      { kind: 'code', text: '<b>raw</b>' },
    ]);
  });

  it('keeps only http(s) links without credentials; others read as their words', () => {
    // `alert(1)` keeps its parentheses balanced, so the whole `(javascript:alert(1))` is the refused target (CommonMark).
    expect(parseMarkdown('[site](https://example.com/a) [bad](javascript:alert(1)) [cred](https://u:p@example.com) <http://x.org/b> see https://ex.org/c.')).toEqual([
      para(
        { kind: 'link', href: 'https://example.com/a', host: 'example.com', hostShown: true, children: [text('site')] },
        text(' bad cred '),
        { kind: 'link', href: 'http://x.org/b', host: 'x.org', hostShown: false, children: [text('http://x.org/b')] },
        text(' see '),
        { kind: 'link', href: 'https://ex.org/c', host: 'ex.org', hostShown: false, children: [text('https://ex.org/c')] },
        text('.'),
      ),
    ]);
  });

  it('keeps balanced parentheses in a link target, and a bare URL’s closing parenthesis only when it opened one', () => {
    expect(parseMarkdown('[Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)) (see https://en.wikipedia.org/wiki/Venus_(planet)) (https://ex.org/a)')).toEqual([
      para(
        { kind: 'link', href: 'https://en.wikipedia.org/wiki/Mercury_(planet)', host: 'en.wikipedia.org', hostShown: true, children: [text('Mercury')] },
        text(' (see '),
        { kind: 'link', href: 'https://en.wikipedia.org/wiki/Venus_(planet)', host: 'en.wikipedia.org', hostShown: false, children: [text('https://en.wikipedia.org/wiki/Venus_(planet)')] },
        text(') ('),
        { kind: 'link', href: 'https://ex.org/a', host: 'ex.org', hostShown: false, children: [text('https://ex.org/a')] },
        text(')'),
      ),
    ]);
  });

  it('drops bidi embeddings, overrides and isolates from every word of the body', () => {
    const doc = parseMarkdown('\u202Eabc [\u2067x\u2069](https://example.com/) ![\u202Dy](https://img.example/y.png) `\u202Ez`');
    expect(JSON.stringify(doc)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(doc).toEqual([
      para(
        text('abc '),
        { kind: 'link', href: 'https://example.com/', host: 'example.com', hostShown: true, children: [text('x')] },
        text(' '),
        { kind: 'image', alt: 'y', href: 'https://img.example/y.png', host: 'img.example' },
        text(' '),
        { kind: 'code', text: 'z' },
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

  it('deep nesting stays within MAX_DEPTH, its words kept', () => {
    const deep = parseMarkdown('>'.repeat(5000) + ' x');
    let depth = 0;
    let b: Block | undefined = deep[0];
    for (; b?.kind === 'quote'; b = b.children[0]) depth++;
    expect(depth).toBe(MAX_DEPTH);
    expect(b).toEqual(para(text('>'.repeat(5000 - MAX_DEPTH) + ' x')));
    const emphasis = parseMarkdown('*'.repeat(50) + 'x' + '*'.repeat(50));
    let inline: Inline | undefined = emphasis[0]?.kind === 'paragraph' ? emphasis[0].children[0] : undefined;
    let levels = 0;
    for (; inline && inline.kind !== 'text'; inline = 'children' in inline ? inline.children[0] : undefined) levels++;
    expect(levels).toBe(MAX_DEPTH);
    expect(inline).toEqual(text('x'));
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
