/**
 * A small Markdown reader for notification bodies: text in, a tree of plain data out (MarkdownBody.svelte turns it
 * into elements). It knows emphasis, strong, strike-through, inline and fenced code, links and autolinks, lists,
 * quotes, headings and rules — what ntfy senders use (ntfy's web app renders the same subset). There is no HTML in
 * its output model at all: raw HTML in the source stays text, and an image is only its alt text and address, never
 * fetched. Link targets are checked here (http(s), no credentials; lib/web-link.ts): any other link is text.
 * Bounded: nesting past MAX_DEPTH reads as text, and every loop advances.
 */
import { webLink } from './web-link';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'em' | 'strong' | 'del'; children: Inline[] }
  | { kind: 'link'; href: string; host: string; children: Inline[] }
  | { kind: 'image'; alt: string; href: string | null; host: string | null };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'heading'; level: number; children: Inline[] }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

export const MAX_DEPTH = 8;
/** Longer bodies are shown as plain text (no sender needs more formatted text than this in a notification). */
export const MAX_MARKDOWN_CHARS = 20_000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const BULLET = /^( {0,3})([-*+])[ \t]+/;
const ORDERED = /^( {0,3})(\d{1,9})[.)][ \t]+/;
const BLANK = /^[ \t]*$/;

function listMarker(line: string): { ordered: boolean; start: number; width: number; rest: string } | null {
  const b = BULLET.exec(line);
  if (b) return { ordered: false, start: 1, width: b[0].length, rest: line.slice(b[0].length) };
  const o = ORDERED.exec(line);
  if (o) return { ordered: true, start: Number(o[2]), width: o[0].length, rest: line.slice(o[0].length) };
  return null;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || listMarker(line) !== null;
}

export function parseMarkdown(source: string): Block[] {
  if (source.length > MAX_MARKDOWN_CHARS) return [{ kind: 'paragraph', children: [{ kind: 'text', text: source }] }];
  return blocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function blocks(lines: string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (BLANK.test(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}[ \\t]*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !close.test(lines[i]!)) body.push(lines[i++]!);
      i++; // the closing fence (or past the end)
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ kind: 'heading', level: heading[1]!.length, children: inlines(heading[2] ?? '', depth) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(lines[i++]!.replace(QUOTE, ''));
      out.push(depth >= MAX_DEPTH ? { kind: 'paragraph', children: [{ kind: 'text', text: inner.join('\n') }] } : { kind: 'quote', children: blocks(inner, depth + 1) });
      continue;
    }
    const marker = listMarker(line);
    if (marker) {
      const list: Extract<Block, { kind: 'list' }> = { kind: 'list', ordered: marker.ordered, start: marker.start, items: [] };
      while (i < lines.length) {
        const m = listMarker(lines[i]!);
        if (!m || m.ordered !== marker.ordered) break;
        const item = [m.rest];
        i++;
        // The item goes on over lines indented past its marker, and over blank lines followed by such lines.
        while (i < lines.length) {
          const next = lines[i]!;
          const indent = /^[ \t]*/.exec(next)![0].length;
          if (!BLANK.test(next) && indent >= m.width) item.push(next.slice(m.width));
          else if (!BLANK.test(next) && indent > 0 && listMarker(next.trimStart()) === null && !startsBlock(next)) item.push(next.trimStart());
          else if (BLANK.test(next) && i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1]!) && /^[ \t]*/.exec(lines[i + 1]!)![0].length >= m.width) item.push('');
          else break;
          i++;
        }
        list.items.push(depth >= MAX_DEPTH ? [{ kind: 'paragraph', children: [{ kind: 'text', text: item.join('\n') }] }] : blocks(item, depth + 1));
        // A blank line between items keeps the list going.
        if (i < lines.length && BLANK.test(lines[i]!) && i + 1 < lines.length && listMarker(lines[i + 1]!)?.ordered === marker.ordered) i++;
      }
      out.push(list);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !BLANK.test(lines[i]!) && (para.length === 0 || !startsBlock(lines[i]!))) para.push(lines[i++]!.trim());
    out.push({ kind: 'paragraph', children: inlines(para.join('\n'), depth) });
  }
  return out;
}

const SPECIAL = '`!<[hH*_~';
/** The words of a Markdown body without its marks (a list row's one-line preview). */
export function markdownPreview(source: string, max = 300): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'image' ? n.alt : inline(n.children))).join('');
  const block = (b: Block): string =>
    b.kind === 'paragraph' || b.kind === 'heading'
      ? inline(b.children)
      : b.kind === 'quote'
        ? b.children.map(block).join(' ')
        : b.kind === 'list'
          ? b.items.map((item) => item.map(block).join(' ')).join(' · ')
          : b.kind === 'code'
            ? b.text
            : '';
  return parseMarkdown(source.slice(0, max * 4)).map(block).filter((t) => t !== '').join(' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const BARE_URL = /^https?:\/\/[^\s<>"]+/i;

/** Trailing punctuation is not part of a bare URL ("see https://x.org." ends at "org"). */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?'")\]*_~]/.test(url[end - 1]!)) {
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
    if (url[end - 1] === ')' && (url.slice(0, end).match(/\(/g)?.length ?? 0) >= (url.slice(0, end).match(/\)/g)?.length ?? 0)) break;
    end--;
  }
  return url.slice(0, end);
}

/** `[text](target "title")` starting at `start` (the `[`): the text, the target and where it ends, or null. */
function bracketLink(s: string, start: number): { text: string; target: string; end: number } | null {
  let nest = 0;
  let j = start;
  for (; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '[') nest++;
    else if (c === ']' && --nest === 0) break;
  }
  if (j >= s.length || s[j + 1] !== '(') return null;
  const close = s.indexOf(')', j + 2);
  if (close < 0) return null;
  const inside = s.slice(j + 2, close).trim();
  const target = (/^<([^>]*)>/.exec(inside)?.[1] ?? inside.split(/\s+/)[0] ?? '').trim();
  return { text: s.slice(start + 1, j), target, end: close + 1 };
}

function pushText(out: Inline[], text: string): void {
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else if (text !== '') out.push({ kind: 'text', text });
}

export function inlines(s: string, depth: number): Inline[] {
  const out: Inline[] = [];
  if (depth >= MAX_DEPTH) {
    pushText(out, s);
    return out;
  }
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    // Only where something may start: plain text does not copy the rest of the string for every character.
    const rest = SPECIAL.includes(c) ? s.slice(i) : '';
    if (c === '\\' && i + 1 < s.length && PUNCTUATION.test(s[i + 1]!)) {
      pushText(out, s[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0];
      const close = s.indexOf(run, i + run.length);
      if (close > 0) {
        out.push({ kind: 'code', text: s.slice(i + run.length, close).replace(/^ (.+) $/, '$1') });
        i = close + run.length;
        continue;
      }
      pushText(out, run);
      i += run.length;
      continue;
    }
    if (c === '!' && s[i + 1] === '[') {
      const l = bracketLink(s, i + 1);
      if (l) {
        const link = webLink(l.target);
        out.push({ kind: 'image', alt: l.text, href: link?.href ?? null, host: link?.host ?? null });
        i = l.end;
        continue;
      }
    }
    if (c === '[') {
      const l = bracketLink(s, i);
      if (l) {
        const link = webLink(l.target);
        const children = inlines(l.text, depth + 1);
        if (link) out.push({ kind: 'link', href: link.href, host: link.host, children });
        else for (const child of children) child.kind === 'text' ? pushText(out, child.text) : out.push(child);
        i = l.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/i.exec(rest);
      const link = auto ? webLink(auto[1]) : null;
      if (auto && link) {
        out.push({ kind: 'link', href: link.href, host: link.host, children: [{ kind: 'text', text: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && (i === 0 || !/[\w/]/.test(s[i - 1]!))) {
      const bare = BARE_URL.exec(rest);
      const url = bare ? trimUrl(bare[0]) : '';
      const link = url ? webLink(url) : null;
      if (link) {
        out.push({ kind: 'link', href: link.href, host: link.host, children: [{ kind: 'text', text: url }] });
        i += url.length;
        continue;
      }
    }
    const delim = /^(\*\*|__|~~|\*|_)/.exec(rest)?.[1];
    if (delim) {
      // `_` only at word edges (snake_case stays as it is); the content must not start or end with a space.
      const wordBefore = i > 0 && /\w/.test(s[i - 1]!);
      const close = s.indexOf(delim, i + delim.length);
      const inner = close > 0 ? s.slice(i + delim.length, close) : '';
      const wordAfter = close > 0 && /\w/.test(s[close + delim.length] ?? '');
      if (inner.trim() !== '' && inner === inner.trim() && !(delim[0] === '_' && (wordBefore || wordAfter))) {
        const kind = delim === '~~' ? 'del' : delim.length === 2 ? 'strong' : 'em';
        out.push({ kind, children: inlines(inner, depth + 1) });
        i = close + delim.length;
        continue;
      }
      pushText(out, delim);
      i += delim.length;
      continue;
    }
    pushText(out, c);
    i++;
  }
  return out;
}
