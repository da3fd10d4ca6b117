/**
 * Property tests of the Markdown reader over generated bodies (fast-check): Markdown-ish token soup and arbitrary
 * Unicode, lone surrogates included. It never throws; its tree is well formed and holds nothing active (only
 * http(s) links without credentials, never a link inside a link, no bidi controls); it keeps every letter the
 * publisher wrote unless it was markup; and its work stays within a fixed number of steps per character.
 */
import fc from 'fast-check';
import { MAX_DEPTH, markdownWork, parseMarkdown, type Block, type Inline } from '../../../src/shared/markdown/markdown';

const TOKENS = [
  '*', '**', '_', '__', '~~', '`', '``', '[', ']', '(', ')', '](', '![', '<', '>', '> ', '# ', '#', '- ', '* ', '1. ', '2) ', '---',
  '\\', '\n', '\n\n', ' ', '    ', '\t', 'a', 'b', 'c', 'x y', '"', "'", 'http://', 'https://ex.example/', 'javascript:', 'data:',
  'u:p@', '<script>', ' onerror=', '\u202E', '\u2067', '\u2069', '\u2028', '&amp;', ':', '.', '!', '```', '~~~',
];
const markdownish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((tokens) => tokens.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 300 });
const body = fc.oneof(markdownish, anyText);

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

function checkHref(href: string): void {
  const url = new URL(href);
  expect(['http:', 'https:']).toContain(url.protocol);
  expect(url.username + url.password).toBe('');
}

/** Throws unless the inline tree is well formed and inert; returns its nesting depth. */
function checkInlines(nodes: Inline[], inLink: boolean): number {
  let depth = 0;
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'code') expect(n.text).not.toMatch(BIDI);
    else if (n.kind === 'image') {
      expect(n.alt).not.toMatch(BIDI);
      if (n.href !== null) checkHref(n.href);
      if (inLink) expect(n.href).toBeNull();
    } else if (n.kind === 'link') {
      expect(inLink, 'a link inside a link').toBe(false);
      checkHref(n.href);
      expect(n.host).not.toBe('');
      depth = Math.max(depth, 1 + checkInlines(n.children, true));
    } else {
      expect(['em', 'strong', 'del']).toContain(n.kind);
      depth = Math.max(depth, 1 + checkInlines(n.children, inLink));
    }
  }
  return depth;
}

function checkBlocks(blocks: Block[], depth: number): void {
  expect(depth).toBeLessThanOrEqual(MAX_DEPTH + 1);
  for (const b of blocks) {
    if (b.kind === 'paragraph' || b.kind === 'heading') expect(checkInlines(b.children, false)).toBeLessThanOrEqual(MAX_DEPTH + 1);
    else if (b.kind === 'quote') checkBlocks(b.children, depth + 1);
    else if (b.kind === 'list') for (const item of b.items) checkBlocks(item, depth + 1);
    else if (b.kind === 'code') expect(b.text).not.toMatch(BIDI);
    else expect(b.kind).toBe('rule');
  }
}

function words(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'image' ? n.alt : inline(n.children))).join('');
  return blocks
    .map((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? inline(b.children) : b.kind === 'quote' ? words(b.children) : b.kind === 'list' ? b.items.map(words).join('') : b.kind === 'code' ? b.text : ''))
    .join('');
}

const letters = (text: string): string => text.replace(/[^a-z]/g, '');

describe('markdown reader properties', () => {
  it('never throws, and its tree is well formed and inert', () => {
    fc.assert(
      fc.property(body, (text) => {
        checkBlocks(parseMarkdown(text), 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps every letter the publisher wrote, in order, unless it was markup', () => {
    // Without parentheses there is no link target, and without fences no info string: every letter is a word.
    const noTargets = fc.array(fc.constantFrom(...TOKENS.filter((t) => !/[()]|```|~~~/.test(t))), { maxLength: 80 }).map((t) => t.join(''));
    fc.assert(
      fc.property(noTargets, (text) => {
        // Bidi controls are dropped first, so `\u202E` between backticks can still make a fence.
        const read = text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
        fc.pre(!read.includes('```') && !read.includes('~~~'));
        expect(letters(words(parseMarkdown(text)))).toBe(letters(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('works a bounded number of steps per character', () => {
    fc.assert(
      fc.property(body, (text) => {
        const before = markdownWork();
        parseMarkdown(text);
        expect(markdownWork() - before).toBeLessThanOrEqual(60 * text.length + 50);
      }),
      { numRuns: 1500 },
    );
  });
});
