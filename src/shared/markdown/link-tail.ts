/**
 * The `(destination "title")` after a link's `]`, per CommonMark 0.31 §6.3 (inline links), in constant work per `]`.
 *
 * Why tables: a body like `[a](<b>c)` repeated makes every `](` start a scan that runs over all the later ones, so
 * scanning afresh at each `]` is quadratic. Instead, one pass over the text (in each direction) builds where the next
 * space, the next unescaped `<`, `>`, quote or parenthesis, and the parenthesis that closes below the current depth
 * are, for every position; reading a link tail is then a few lookups.
 */
import { work } from './tree';

export interface LinkTail {
  /** The destination as written, backslash escapes removed. */
  destination: string;
  /** Index just past the closing `)`. */
  end: number;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';
const isControl = (code: number): boolean => code < 0x20 || code === 0x7f;
const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Removes backslash escapes from a destination (CommonMark §2.4): `\(` is `(`, a backslash before a letter stays. */
export function unescapeMarkdown(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    work();
    if (text[i] === '\\' && i + 1 < text.length && ASCII_PUNCTUATION.includes(text[i + 1]!)) i++;
    out += text[i];
  }
  return out;
}

export class LinkTails {
  readonly #s: string;
  readonly #escaped: Uint8Array;
  /** First index >= i holding a space, tab, line break or control character (a bare destination ends there). */
  readonly #nextBreak: Int32Array;
  /** First index >= i not a space, tab or line break. */
  readonly #nextNonSpace: Int32Array;
  /** First index >= i of an unescaped `)` that closes below the parenthesis depth at i (or the text's length). */
  readonly #nextDrop: Int32Array;
  /** Parenthesis depth before index i (unescaped `(` minus `)`). */
  readonly #depth: Int32Array;
  readonly #next = new Map<string, Int32Array>();

  constructor(s: string) {
    this.#s = s;
    const n = s.length;
    this.#escaped = new Uint8Array(n + 1);
    this.#depth = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      work();
      this.#escaped[i + 1] = s[i] === '\\' && this.#escaped[i] === 0 ? 1 : 0;
      const open = s[i] === '(' && this.#escaped[i] === 0;
      const close = s[i] === ')' && this.#escaped[i] === 0;
      this.#depth[i + 1] = this.#depth[i]! + (open ? 1 : close ? -1 : 0);
    }
    this.#nextBreak = new Int32Array(n + 1).fill(n);
    this.#nextNonSpace = new Int32Array(n + 1).fill(n);
    this.#nextDrop = new Int32Array(n + 1).fill(n);
    const closeAtDepth = new Map<number, number>();
    for (let i = n - 1; i >= 0; i--) {
      work();
      const c = s[i]!;
      this.#nextBreak[i] = isSpace(c) || isControl(s.charCodeAt(i)) ? i : this.#nextBreak[i + 1]!;
      this.#nextNonSpace[i] = isSpace(c) ? this.#nextNonSpace[i + 1]! : i;
      if (c === ')' && this.#escaped[i] === 0) closeAtDepth.set(this.#depth[i]!, i);
      this.#nextDrop[i] = closeAtDepth.get(this.#depth[i]!) ?? n;
    }
  }

  /** First index >= from of an unescaped `c` (or of `c` at all, for a line break), else the text's length. */
  #nextOf(c: string, from: number): number {
    let table = this.#next.get(c);
    if (!table) {
      const n = this.#s.length;
      table = new Int32Array(n + 1).fill(n);
      for (let i = n - 1; i >= 0; i--) {
        work();
        table[i] = this.#s[i] === c && (c === '\n' || this.#escaped[i] === 0) ? i : table[i + 1]!;
      }
      this.#next.set(c, table);
    }
    return table[Math.min(from, this.#s.length)]!;
  }

  /** The link tail starting at `at` (which must be the `(` right after `]`), or null when there is none. */
  read(at: number): LinkTail | null {
    work();
    const s = this.#s;
    const n = s.length;
    if (s[at] !== '(') return null;
    let i = this.#nextNonSpace[at + 1] ?? n;
    if (s[i] === ')') return { destination: '', end: i + 1 };
    let from: number;
    let to: number;
    if (s[i] === '<') {
      // <pointy destination>: no line break and no unescaped `<` before its `>`.
      const close = this.#nextOf('>', i + 1);
      if (close >= n || this.#nextOf('<', i + 1) < close || this.#nextOf('\n', i + 1) < close) return null;
      from = i + 1;
      to = close;
      i = close + 1;
    } else {
      const end = Math.min(this.#nextBreak[i]!, this.#nextDrop[i]!);
      // Parentheses in a bare destination must balance: an unclosed `(` means this is no link.
      if (end === i || this.#depth[end] !== this.#depth[i]) return null;
      from = i;
      to = end;
      i = end;
    }
    let j = this.#nextNonSpace[i] ?? n;
    if (j > i && (s[j] === '"' || s[j] === "'" || s[j] === '(')) {
      // A title is read (it must be well formed for this to be a link) and not shown: a notification has no hover text.
      const closer = s[j] === '(' ? ')' : s[j]!;
      const close = this.#nextOf(closer, j + 1);
      if (close >= n || (s[j] === '(' && this.#nextOf('(', j + 1) < close)) return null;
      j = this.#nextNonSpace[close + 1] ?? n;
    }
    if (s[j] !== ')') return null;
    return { destination: unescapeMarkdown(s.slice(from, to)), end: j + 1 };
  }
}
