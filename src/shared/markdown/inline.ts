/**
 * Inline Markdown (CommonMark 0.31 §6: code spans, emphasis, links, images, autolinks; GFM's `~~` and bare URLs) read
 * in one left-to-right pass with the spec's delimiter and bracket stacks (appendix "An algorithm for parsing nested
 * emphasis and links"), into linked nodes that are moved, never copied. Every loop counts its steps (markdownWork), and
 * none goes back over text it has passed except through the spec's `openers_bottom` bound, so the work is linear.
 * A link never contains a link: an inner link closes the outer brackets, an autolink inside a link's words becomes
 * words. There is no raw HTML: `<b>` is text.
 */
import { linkBareUrls } from './bare-urls';
import { LinkTails } from './link-tail';
import { work, type Inline, type LinkPolicy } from './tree';
import { linkedTree, type Node } from './nodes';

type DelimChar = '*' | '_' | '~';
interface Delim {
  node: Node;
  char: DelimChar;
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delim | null;
  next: Delim | null;
}
interface Bracket {
  node: Node;
  image: boolean;
  /** The order it was opened in: link openers older than the last link formed are inactive (§6.3). */
  order: number;
  delimBefore: Delim | null;
  prev: Bracket | null;
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SPECIAL = '\\`*_~[]!<';
const isWhitespace = (c: string): boolean => /\s/u.test(c);
const isPunctuation = (c: string): boolean => /[\p{P}\p{S}]/u.test(c);

/** The whole character before index `i`, both halves of a surrogate pair (`*𞋿*`: U+1E2FF is punctuation). */
function characterBefore(s: string, i: number): string {
  const low = s.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? String.fromCodePoint(s.codePointAt(i - 2)!) : s[i - 1]!;
}

export function parseInlines(s: string, link: LinkPolicy, bareUrls: boolean): Inline[] {
  const inlines = new InlineReader(s, link).read();
  return bareUrls ? linkBareUrls(inlines, link) : inlines;
}

class InlineReader {
  readonly #s: string;
  readonly #tree = linkedTree();
  #pos = 0;
  #delims: Delim | null = null;
  #brackets: Bracket | null = null;
  #bracketsOpened = 0;
  /**
   * Link openers opened before this count can no longer make a link: one was formed after them. A number, not a walk
   * down the stack setting flags (as the spec's appendix does), which would be quadratic for `[[[[…[a](u)[a](u)…`.
   */
  #linkOpenersFrom = 0;
  #tails: LinkTails | null = null;
  /** For each backtick run length, the starts of the runs of that length, and how far this pass has read them. */
  #runs: Map<number, { starts: number[]; next: number }> | null = null;

  readonly #link: LinkPolicy;

  constructor(s: string, link: LinkPolicy) {
    this.#s = s;
    this.#link = link;
  }

  read(): Inline[] {
    const s = this.#s;
    while (this.#pos < s.length) {
      work();
      const c = s[this.#pos]!;
      if (c === '\\') this.#escape();
      else if (c === '`') this.#codeSpan();
      else if (c === '*' || c === '_' || c === '~') this.#delimiterRun(c);
      else if (c === '[') this.#openBracket(false, 1);
      else if (c === '!' && s[this.#pos + 1] === '[') this.#openBracket(true, 2);
      else if (c === ']') this.#closeBracket();
      else if (c === '<') this.#autolink();
      else this.#plainText();
    }
    this.#processEmphasis(null);
    return this.#tree.toInlines();
  }

  #plainText(): void {
    const s = this.#s;
    const start = this.#pos;
    this.#pos++;
    while (this.#pos < s.length && !SPECIAL.includes(s[this.#pos]!)) {
      work();
      this.#pos++;
    }
    this.#tree.text(s.slice(start, this.#pos));
  }

  #escape(): void {
    const next = this.#s[this.#pos + 1];
    if (next !== undefined && ASCII_PUNCTUATION.includes(next)) {
      this.#tree.text(next);
      this.#pos += 2;
    } else {
      // Before a line break this is CommonMark's hard break; a notification shows every line break already.
      if (next !== '\n') this.#tree.text('\\');
      this.#pos++;
    }
  }

  #codeSpan(): void {
    const s = this.#s;
    const start = this.#pos;
    while (s[this.#pos] === '`') {
      work();
      this.#pos++;
    }
    const length = this.#pos - start;
    const close = this.#closingRun(length, this.#pos);
    if (close < 0) {
      this.#tree.text(s.slice(start, this.#pos));
      return;
    }
    // §6.1: line breaks read as spaces; one space is stripped from each end when both have one and not all is space.
    let text = s.slice(this.#pos, close).replaceAll('\n', ' ');
    if (text.length >= 2 && text[0] === ' ' && text[text.length - 1] === ' ' && text.trim() !== '') text = text.slice(1, -1);
    work(text.length);
    this.#tree.code(text);
    this.#pos = close + length;
  }

  /** The start of the next backtick run of exactly `length` at or after `from`, or -1; runs are indexed once. */
  #closingRun(length: number, from: number): number {
    if (!this.#runs) {
      this.#runs = new Map();
      const s = this.#s;
      for (let i = 0; i < s.length; ) {
        work();
        if (s[i] !== '`') {
          i++;
          continue;
        }
        const start = i;
        while (s[i] === '`') i++;
        const entry = this.#runs.get(i - start) ?? { starts: [], next: 0 };
        entry.starts.push(start);
        this.#runs.set(i - start, entry);
      }
    }
    const entry = this.#runs.get(length);
    if (!entry) return -1;
    // The reader only moves forward, so each list is walked once in all.
    while (entry.next < entry.starts.length && entry.starts[entry.next]! < from) {
      work();
      entry.next++;
    }
    return entry.next < entry.starts.length ? entry.starts[entry.next]! : -1;
  }

  #delimiterRun(char: DelimChar): void {
    const s = this.#s;
    const start = this.#pos;
    while (s[this.#pos] === char) {
      work();
      this.#pos++;
    }
    const count = this.#pos - start;
    const node = this.#tree.text(s.slice(start, this.#pos), true);
    // GFM strike-through: exactly two tildes; other tilde runs are text.
    if (char === '~' && count !== 2) return;
    const before = start > 0 ? characterBefore(s, start) : ' ';
    const after = this.#pos < s.length ? String.fromCodePoint(s.codePointAt(this.#pos)!) : ' ';
    const [beforeSpace, afterSpace] = [isWhitespace(before), isWhitespace(after)];
    const [beforePunct, afterPunct] = [isPunctuation(before), isPunctuation(after)];
    const left = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
    const right = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
    const canOpen = char === '_' ? left && (!right || beforePunct) : left;
    const canClose = char === '_' ? right && (!left || afterPunct) : right;
    if (!canOpen && !canClose) return;
    const delim: Delim = { node, char, count, original: count, canOpen, canClose, prev: this.#delims, next: null };
    if (this.#delims) this.#delims.next = delim;
    this.#delims = delim;
  }

  #openBracket(image: boolean, width: number): void {
    const node = this.#tree.text(image ? '![' : '[', true);
    this.#brackets = { node, image, order: this.#bracketsOpened++, delimBefore: this.#delims, prev: this.#brackets };
    this.#pos += width;
  }

  #closeBracket(): void {
    const opener = this.#brackets;
    this.#tails ??= new LinkTails(this.#s);
    const active = opener !== null && (opener.image || opener.order >= this.#linkOpenersFrom);
    const tail = active ? this.#tails.read(this.#pos + 1) : null;
    if (!opener || !tail) {
      if (opener) this.#brackets = opener.prev;
      this.#tree.text(']');
      this.#pos++;
      return;
    }
    this.#brackets = opener.prev;
    this.#pos = tail.end;
    this.#processEmphasis(opener.delimBefore);
    const link = opener.image ? null : this.#link(tail.destination);
    const node = this.#tree.wrapAfter(opener.node, opener.image ? 'image' : 'link');
    this.#tree.remove(opener.node);
    if (opener.image) {
      const image = this.#link(tail.destination);
      node.href = image?.href ?? null;
      node.host = image?.host ?? null;
      return;
    }
    // §6.3: links may not contain other links — the brackets around this one can no longer make a link.
    this.#linkOpenersFrom = this.#bracketsOpened;
    if (link) {
      node.href = link.href;
      node.host = link.host;
    } else this.#tree.unwrap(node); // a link Herald will not offer (javascript:, credentials, …) is its words
  }

  /** `<scheme:…>` (§6.5). Only http(s) links are offered; any other autolink is its address as text. */
  #autolink(): void {
    const s = this.#s;
    let i = this.#pos + 1;
    // The scan stops at the first `<`, space or `>`: two autolink attempts never read the same characters.
    while (i < s.length && s[i] !== '>' && s[i] !== '<' && s.charCodeAt(i) > 0x20) {
      work();
      i++;
    }
    const inner = s.slice(this.#pos + 1, i);
    if (s[i] !== '>' || !/^[a-zA-Z][a-zA-Z0-9+.-]{1,31}:/.test(inner)) {
      this.#tree.text('<');
      this.#pos++;
      return;
    }
    const link = this.#link(inner);
    if (link) this.#tree.autolink(inner, link.href, link.host);
    else this.#tree.text(inner);
    this.#pos = i + 1;
  }

  /** The spec's "process emphasis" over the delimiters above `bottom`, with its `openers_bottom` bounds. */
  #processEmphasis(bottom: Delim | null): void {
    const openersBottom = new Map<string, Delim | null>();
    let closer = bottom ? bottom.next : this.#firstDelim();
    while (closer) {
      work();
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.original % 3}`;
      const floor = openersBottom.has(key) ? openersBottom.get(key)! : bottom;
      let opener = closer.prev;
      while (opener && opener !== bottom && opener !== floor) {
        work();
        const oddMatch = (closer.canOpen || opener.canClose) && closer.original % 3 !== 0 && (opener.original + closer.original) % 3 === 0;
        if (opener.char === closer.char && opener.canOpen && !oddMatch) break;
        opener = opener.prev;
      }
      if (!opener || opener === bottom || opener === floor) {
        openersBottom.set(key, closer.prev);
        const next = closer.next;
        if (!closer.canOpen) this.#dropDelim(closer);
        closer = next;
        continue;
      }
      const used = closer.char === '~' ? 2 : closer.count >= 2 && opener.count >= 2 ? 2 : 1;
      opener.count -= used;
      closer.count -= used;
      opener.node.text = opener.node.text.slice(0, opener.count);
      closer.node.text = closer.node.text.slice(0, closer.count);
      this.#tree.wrapBetween(opener.node, closer.node, closer.char === '~' ? 'del' : used === 2 ? 'strong' : 'em');
      for (let d = opener.next; d && d !== closer; d = d.next) {
        work();
        this.#dropDelim(d);
      }
      if (opener.count === 0) {
        this.#tree.remove(opener.node);
        this.#dropDelim(opener);
      }
      if (closer.count === 0) {
        const next = closer.next;
        this.#tree.remove(closer.node);
        this.#dropDelim(closer);
        closer = next;
      }
    }
    while (this.#delims && this.#delims !== bottom) {
      work();
      this.#dropDelim(this.#delims);
    }
  }

  #firstDelim(): Delim | null {
    let d = this.#delims;
    while (d?.prev) {
      work();
      d = d.prev;
    }
    return d;
  }

  #dropDelim(d: Delim): void {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
    if (this.#delims === d) this.#delims = d.prev;
  }
}

