/**
 * CommonMark conformance, as a table: every spec example of the sections Herald's reader covers (fixture:
 * fixtures/commonmark-spec-examples.ts) is read and written back as the spec's HTML (to-html.ts), and must match
 * — except the examples listed in LEFT_OUT, each group with the reason it is left out on purpose. A listed example
 * that starts to pass fails the table too, so the list stays true.
 *
 * Links here take any destination as written (percent-encoded as the spec's HTML shows it) and bare URLs are off, so
 * the table checks CommonMark's link syntax; which links the app offers is tested in markdown-links.svelte.test.ts.
 */
import { parseMarkdown } from '../../../src/shared/markdown/markdown';
import { COMMONMARK_EXAMPLES } from './fixtures/commonmark-spec-examples';
import { toHtml } from './to-html';

/** Percent-encodes a destination as the spec's reference renderer does, keeping `%XX` already there. */
const encodeHref = (destination: string): string =>
  destination
    .split(/(%[0-9a-fA-F]{2})/)
    .map((part, i) => (i % 2 === 1 ? part : encodeURI(part)))
    .join('');

const LEFT_OUT: readonly { reason: string; examples: readonly number[] }[] = [
  {
    reason: 'Indented code blocks: a line indented four spaces is text. Senders indent notification text, not code; code comes fenced.',
    examples: [1, 2, 3, 5, 6, 7, 8, 18, 48, 69, 134, 227, 233, 238, 254, 255, 256, 259, 266, 272, 273, 274, 275, 276, 288, 289, 290, 291, 315],
  },
  {
    reason: 'Hard line breaks: every line break of a paragraph already shows as one (white-space: pre-line), so trailing spaces and a final backslash are dropped, not turned into <br>.',
    examples: [16, 228, 337, 338, 339, 636, 637, 638, 639, 640, 641, 642, 643],
  },
  {
    reason: 'Raw HTML: it stays text, never markup (SECURITY.md).',
    examples: [21, 310, 311, 346, 477, 478, 479, 493, 496, 526, 538, 645, 646],
  },
  {
    reason: 'Link reference definitions and reference links: a notification is one message; senders write inline links.',
    examples: [23, 319, 529, 530, 531, 532, 533, 534, 535, 536, 537, 539, 540, 541, 542, 543, 544, 545, 546, 547, 551, 552, 555, 556, 557, 558, 559, 560, 561, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571, 572, 573, 575, 578, 579, 584, 585, 586, 587, 588, 589, 590, 591, 593, 594, 595],
  },
  { reason: 'Link and image titles are read but not shown: a notification has no hover text to put them in.', examples: [22, 484, 507, 508, 511, 512, 574, 581] },
  { reason: 'Fence info strings (a language name) are read but not shown: code is not highlighted.', examples: [24, 142, 143, 144, 146] },
  { reason: 'Setext headings (a line underlined with `---` or `===`): `---` is always a rule.', examples: [59, 141, 302] },
  {
    reason: 'Lazy continuation lines (a quote or list item going on over an unmarked line): each line says where it belongs.',
    examples: [234, 235, 240, 249, 252, 253, 292, 294, 295, 314],
  },
  { reason: 'Empty list items (a marker alone on its line) read as text.', examples: [280, 281, 282, 283, 285, 286, 317] },
  {
    reason: 'Loose and tight lists are told apart only by blank lines anywhere in an item; the app spaces both alike.',
    examples: [309, 320, 321],
  },
  { reason: 'Entity and numeric character references (`&auml;`) are shown as written.', examples: [505] },
  { reason: 'Only http(s) autolinks: an e-mail address in <…> is text.', examples: [606, 607] },
  { reason: 'An image inside a link has no address of its own: one click opens one place.', examples: [519] },
  { reason: 'A tab counts as one space of indentation, not up to the next tab stop.', examples: [4, 9] },
];

const leftOut = new Map(LEFT_OUT.flatMap((group) => group.examples.map((n) => [n, group.reason] as const)));

function html(markdown: string): string {
  return toHtml(parseMarkdown(markdown, { link: (destination) => ({ href: encodeHref(destination), host: '' }), bareUrls: false }));
}

describe('CommonMark 0.31.2 examples', () => {
  const supported = COMMONMARK_EXAMPLES.filter((e) => !leftOut.has(e.example));

  it('covers most examples of the sections it reads', () => {
    expect(supported.length).toBeGreaterThan(COMMONMARK_EXAMPLES.length * 0.6);
  });

  it.each(supported.map((e) => [e.example, e.section, e] as const))('example %i (%s)', (_n, _section, example) => {
    expect(html(example.markdown)).toBe(example.html);
  });

  it.each([...leftOut].map(([n, reason]) => [n, reason] as const))('example %i is left out on purpose: %s', (n) => {
    const example = COMMONMARK_EXAMPLES.find((e) => e.example === n);
    expect(example, `example ${n} is in the fixture`).toBeDefined();
    expect(html(example!.markdown), 'now passes: take it off LEFT_OUT').not.toBe(example!.html);
  });
});
