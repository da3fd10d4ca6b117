/**
 * The Markdown reader's work grows linearly with its input, for the inputs that made it (or make such readers) blow
 * up: counted in steps (markdownWork), never timed. Each family is read at about 4 000 and 8 000 characters; twice
 * the input may cost at most 2.2 times the work. A 4 KB heading of spaces and U+2028 froze the window before
 * (issue 19, point 1); a list row's preview is bounded whatever the body's length.
 */
import { markdownPreview, markdownWork, MAX_MARKDOWN_CHARS, parseMarkdown } from '../../../src/shared/markdown/markdown';

/** Each family: a hostile body made of `n` repetitions of its unit. */
const FAMILIES: Record<string, (n: number) => string> = {
  'heading of spaces then U+2028': (n) => `#${' '.repeat(n)}\u2028x`,
  'heading of hashes and spaces': (n) => `# ${'# '.repeat(n)}x`,
  'open brackets': (n) => '['.repeat(n),
  'brackets then link openings': (n) => '['.repeat(n) + '](' .repeat(n),
  'link openings that never close': (n) => '[x]('.repeat(n),
  'pointy destinations that fail': (n) => '[a](<b>c)'.repeat(n),
  'bare destinations that fail': (n) => '[a](b'.repeat(n),
  'open parentheses in a destination': (n) => `[a](${'('.repeat(n)}`,
  'balanced parentheses in a destination': (n) => `[a](x${'(y)'.repeat(n)}`,
  'titles that never close': (n) => '[a](b "'.repeat(n),
  'long destination': (n) => `[a](https://x.example/${'a'.repeat(n)})`,
  'nested links': (n) => '[a'.repeat(n) + '](u)'.repeat(n),
  'links after open brackets': (n) => '['.repeat(n) + '[a](u)'.repeat(n),
  'nested images': (n) => '!['.repeat(n) + 'x' + '](y)'.repeat(n),
  'star underscore runs': (n) => '*_'.repeat(n),
  'emphasis that never closes': (n) => '*a '.repeat(n),
  'deep emphasis': (n) => `${'*'.repeat(n)}x${'*'.repeat(n)}`,
  'alternating strong and emphasis': (n) => '**a *b '.repeat(n),
  'underscores inside words': (n) => 'a_b_'.repeat(n),
  'lone backticks': (n) => '`'.repeat(n),
  'backtick runs of growing length': (n) => Array.from({ length: Math.floor(Math.sqrt(2 * n)) }, (_, i) => '`'.repeat(i + 1)).join('a'),
  'autolink openings': (n) => '<http://a'.repeat(n),
  'bare URLs with parentheses': (n) => 'http://a.b/('.repeat(n) + ')'.repeat(n),
  'escapes': (n) => '\\*'.repeat(n),
  'quote markers': (n) => `${'>'.repeat(n)} x`,
  'list lines': (n) => '- item\n'.repeat(n),
  'nested list markers': (n) => '- '.repeat(n) + 'x',
  'blank lines inside a list': (n) => `- a${'\n'.repeat(n)}  b`,
  'fence openers': (n) => '```\n'.repeat(n),
  'lines of spaces': (n) => `${' '.repeat(40)}\n`.repeat(n),
  'bidi controls': (n) => '\u202E\u2069'.repeat(n),
};

function workOf(read: () => unknown): number {
  const before = markdownWork();
  read();
  return markdownWork() - before;
}

/** The repetition count that makes a family's body about `chars` long. */
function sized(family: (n: number) => string, chars: number): string {
  const unit = family(100).length / 100;
  return family(Math.max(1, Math.round(chars / unit)));
}

describe('markdown reader work', () => {
  it.each(Object.entries(FAMILIES))('grows linearly: %s', (_name, family) => {
    const small = sized(family, 4000);
    const large = sized(family, 8000);
    expect(large.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    const ratio = large.length / small.length;
    const [w1, w2] = [workOf(() => parseMarkdown(small)), workOf(() => parseMarkdown(large))];
    expect(w2 / w1).toBeLessThanOrEqual(2.2 * (ratio / 2));
    // And a small constant per character, so "linear" is not linear in something huge.
    expect(w2).toBeLessThanOrEqual(60 * large.length);
  });

  it('the issue’s 4 KB heading costs about what a 4 KB paragraph costs', () => {
    const heading = workOf(() => parseMarkdown(`#${' '.repeat(4088)}\u2028x`));
    const paragraph = workOf(() => parseMarkdown('word '.repeat(818)));
    expect(heading).toBeLessThanOrEqual(3 * paragraph);
  });

  it.each(Object.entries(FAMILIES))('a list row’s preview costs no more for a 1 MB body than for a short one: %s', (_name, family) => {
    const huge = sized(family, 1_000_000);
    const short = sized(family, 1_200);
    expect(workOf(() => markdownPreview(huge))).toBeLessThanOrEqual(2 * workOf(() => markdownPreview(short)) + 100);
  });
});
