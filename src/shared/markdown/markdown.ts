/**
 * A Markdown reader for notification bodies: text in, a tree of plain data out (tree.ts; MarkdownBody.svelte
 * turns it into elements). The subset is what ntfy senders use (ntfy's web app renders the same): ATX headings,
 * thematic breaks, fenced code, block quotes, bullet and ordered lists, paragraphs, and inline code, emphasis, `~~`,
 * links, images and autolinks (inline.ts). There is no HTML in the output model at all: raw HTML stays text,
 * and an image is only its alt text and address. Link targets are checked (http(s), no credentials; shared/web-link.ts):
 * any other link is its words. The conformance table (tests/shared/markdown/commonmark.test.ts) lists what of
 * CommonMark is deliberately left out, and why.
 *
 * Linear by construction: lines are classified by scanning their first characters, never by regular expressions
 * that could backtrack; quotes and lists re-read their lines at most MAX_DEPTH times; the work counter
 * (markdownWork) lets tests check that doubling a hostile input only doubles the work.
 */
import { parseInlines } from './inline';
import { plainWords } from './nodes';
import { MAX_DEPTH, MAX_MARKDOWN_CHARS, withoutBidiControls, work, type Block, type Inline, type MarkdownOptions } from './tree';
import { webLink } from '../web-link';

export { MAX_DEPTH, MAX_MARKDOWN_CHARS, markdownWork, type Block, type Inline, type MarkdownOptions } from './tree';

/** Spaces and tabs at the start of a line (a tab counts as one: notification bodies are not indented code). */
function indentOf(line: string): number {
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') {
    work();
    i++;
  }
  return i;
}

const isBlank = (line: string): boolean => indentOf(line) === line.length;

/** The line without the spaces and tabs at both ends (String.trim would also eat U+2028 and other line separators). */
function trimSpaces(line: string): string {
  const start = indentOf(line);
  let end = line.length;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
    work();
    end--;
  }
  return line.slice(start, end);
}

/** Up to three spaces of indentation, as CommonMark allows before a block's marker; -1 past that. */
function markerAt(line: string): number {
  const i = indentOf(line);
  return i <= 3 ? i : -1;
}

function runOf(line: string, at: number, c: string): number {
  let i = at;
  while (line[i] === c) {
    work();
    i++;
  }
  return i - at;
}

/** A fence (§4.5): three or more backticks or tildes; a backtick fence's info string has no backtick. */
function fenceOf(line: string): { char: string; length: number } | null {
  const at = markerAt(line);
  const char = line[at];
  if (at < 0 || (char !== '`' && char !== '~')) return null;
  const length = runOf(line, at, char);
  if (length < 3) return null;
  if (char === '`') for (let i = at + length; i < line.length; i++) if ((work(), line[i] === '`')) return null;
  return { char, length };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const at = markerAt(line);
  if (at < 0) return false;
  const length = runOf(line, at, fence.char);
  return length >= fence.length && isBlank(line.slice(at + length));
}

/** An ATX heading (§4.2): one to six `#`, then a space or the end; a closing run of `#` after a space is dropped. */
function headingOf(line: string): { level: number; text: string } | null {
  const at = markerAt(line);
  if (at < 0 || line[at] !== '#') return null;
  const level = runOf(line, at, '#');
  const after = line[at + level];
  if (level > 6 || (after !== undefined && after !== ' ' && after !== '\t')) return null;
  let text = trimSpaces(line.slice(at + level));
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') {
    work();
    end--;
  }
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = trimSpaces(text.slice(0, end));
  return { level, text };
}

/** A thematic break (§4.1): three or more of one of `-`, `*`, `_`, with only spaces and tabs between. */
function isRule(line: string): boolean {
  const at = markerAt(line);
  const char = line[at];
  if (at < 0 || (char !== '-' && char !== '*' && char !== '_')) return false;
  let count = 0;
  for (let i = at; i < line.length; i++) {
    work();
    if (line[i] === char) count++;
    else if (line[i] !== ' ' && line[i] !== '\t') return false;
  }
  return count >= 3;
}

/** The rest of a block quote line (§5.1) after `>` and one optional space, or null. */
function quoteRest(line: string): string | null {
  const at = markerAt(line);
  if (at < 0 || line[at] !== '>') return null;
  return line.slice(line[at + 1] === ' ' || line[at + 1] === '\t' ? at + 2 : at + 1);
}

interface ListMarker {
  ordered: boolean;
  /** `-`, `+`, `*`, `.` or `)`: a different one starts a new list (§5.3). */
  symbol: string;
  start: number;
  /** Where the item's text starts: its continuation lines are indented at least this far. */
  width: number;
}

/** A list item's marker (§5.2): `-`, `+` or `*`, or one to nine digits and `.` or `)`, then a space or tab. */
function listMarker(line: string): ListMarker | null {
  const at = markerAt(line);
  if (at < 0) return null;
  let end = at;
  const c = line[at];
  if (c === '-' || c === '+' || c === '*') end = at + 1;
  else {
    const digits = runOfDigits(line, at);
    if (digits < 1 || digits > 9 || (line[at + digits] !== '.' && line[at + digits] !== ')')) return null;
    end = at + digits + 1;
  }
  if (line[end] !== ' ' && line[end] !== '\t') return null;
  const spaces = indentOf(line.slice(end));
  // Five or more spaces after the marker: the item's text starts one space after it (§5.2, rule 2).
  const width = spaces > 4 ? end + 1 : end + spaces;
  const ordered = end !== at + 1 || (c !== '-' && c !== '+' && c !== '*');
  return { ordered, symbol: line[end - 1]!, start: ordered ? Number(line.slice(at, end - 1)) : 1, width };
}

function runOfDigits(line: string, at: number): number {
  let i = at;
  while (i - at < 10 && line[i]! >= '0' && line[i]! <= '9') {
    work();
    i++;
  }
  return i - at;
}

/** Lines that end a paragraph without a blank line; an ordered list must start at 1 to do so (§5.2). */
function interruptsParagraph(line: string): boolean {
  const list = listMarker(line);
  const listStarts = list !== null && !isBlank(line.slice(list.width)) && (!list.ordered || list.start === 1);
  return fenceOf(line) !== null || headingOf(line) !== null || isRule(line) || quoteRest(line) !== null || listStarts;
}

type Inlines = (text: string) => Inline[];

export function parseMarkdown(source: string, options: MarkdownOptions = {}): Block[] {
  const link = options.link ?? webLink;
  const bareUrls = options.bareUrls ?? true;
  const inlines: Inlines = (text) => parseInlines(text, link, bareUrls);
  const clean = withoutBidiControls(source);
  if (clean.length > MAX_MARKDOWN_CHARS) return [{ kind: 'paragraph', children: [{ kind: 'text', text: clean }] }];
  work(clean.length);
  const lines = clean.replace(/\r\n?/g, '\n').split('\n');
  // The line break that ends the last line starts no line of its own (an unclosed fence would show it).
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return blocks(lines, 0, inlines);
}

function asText(lines: string[]): Block {
  return { kind: 'paragraph', children: [{ kind: 'text', text: lines.join('\n') }] };
}

function blocks(lines: string[], depth: number, inlines: Inlines): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    work();
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = fenceOf(line);
    if (fence) {
      const body: string[] = [];
      const indent = markerAt(line);
      for (i++; i < lines.length && !closesFence(lines[i]!, fence); i++) {
        work();
        // §4.5: the fence's own indentation is taken off each line of the code.
        body.push(lines[i]!.slice(Math.min(indent, indentOf(lines[i]!))));
      }
      i++; // the closing fence (or past the end)
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = headingOf(line);
    if (heading) {
      out.push({ kind: 'heading', level: heading.level, children: inlines(heading.text) });
      i++;
      continue;
    }
    if (isRule(line)) {
      out.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (quoteRest(line) !== null) {
      const inner: string[] = [];
      const start = i;
      for (let rest = quoteRest(line); rest !== null; rest = i < lines.length ? quoteRest(lines[i]!) : null) {
        work();
        inner.push(rest);
        i++;
      }
      // Past MAX_DEPTH the lines are words, marks and all.
      out.push(depth >= MAX_DEPTH ? asText(lines.slice(start, i)) : { kind: 'quote', children: blocks(inner, depth + 1, inlines) });
      continue;
    }
    const marker = listMarker(line);
    if (marker) {
      const read = list(lines, i, marker, depth, inlines);
      out.push(read.list);
      i = read.next;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !isBlank(lines[i]!) && (para.length === 0 || !interruptsParagraph(lines[i]!))) {
      work();
      para.push(trimSpaces(lines[i++]!));
    }
    out.push({ kind: 'paragraph', children: inlines(para.join('\n')) });
  }
  return out;
}

/** The first line at or after `i` that is not blank (or the end). */
function nextNonBlank(lines: string[], i: number): number {
  let j = i;
  while (j < lines.length && isBlank(lines[j]!)) {
    work();
    j++;
  }
  return j;
}

/** A list from line `i`: items with the same marker symbol, each going on over lines indented past its marker. */
function list(lines: string[], i: number, first: ListMarker, depth: number, inlines: Inlines): { list: Block; next: number } {
  const items: Block[][] = [];
  let loose = false;
  while (i < lines.length) {
    work();
    const m = isRule(lines[i]!) ? null : listMarker(lines[i]!);
    if (!m || m.symbol !== first.symbol) break;
    const item = [lines[i]!.slice(m.width)];
    i++;
    while (i < lines.length) {
      work();
      const next = lines[i]!;
      if (isBlank(next)) {
        // Blank lines belong to the item when an indented line follows them; each is looked at once.
        const after = nextNonBlank(lines, i);
        if (after >= lines.length || indentOf(lines[after]!) < m.width) break;
        for (; i < after; i++) item.push('');
        continue;
      }
      if (indentOf(next) >= m.width) item.push(next.slice(m.width));
      else if (indentOf(next) > 0 && !interruptsParagraph(next) && !isBlank(item[item.length - 1]!)) item.push(trimSpaces(next));
      else break;
      i++;
    }
    if (item.indexOf('', 1) > 0) loose = true;
    items.push(depth >= MAX_DEPTH ? [asText(item)] : blocks(item, depth + 1, inlines));
    // Blank lines between items keep the list going, and make it loose.
    const after = nextNonBlank(lines, i);
    if (after > i && after < lines.length && !isRule(lines[after]!) && listMarker(lines[after]!)?.symbol === first.symbol) {
      loose = true;
      i = after;
    }
  }
  return { list: { kind: 'list', ordered: first.ordered, start: first.start, tight: !loose, items }, next: i };
}

/** The words of a Markdown body without its marks (a list row's one-line preview). */
export function markdownPreview(source: string, max = 300): string {
  // Only the start is read: a row shows one line, and a hostile body must cost a row no more than a short one.
  const words = (b: Block): string =>
    b.kind === 'paragraph' || b.kind === 'heading'
      ? plainWords(b.children)
      : b.kind === 'quote'
        ? b.children.map(words).join(' ')
        : b.kind === 'list'
          ? b.items.map((item) => item.map(words).join(' ')).join(' · ')
          : b.kind === 'code'
            ? b.text
            : '';
  return parseMarkdown(source.slice(0, max * 4)).map(words).filter((t) => t !== '').join(' ').replace(/\s+/g, ' ').trim().slice(0, max);
}
