/**
 * The text matchers of rules: plain words and glob patterns, on folded text (NFKC, case folded: "ＣＩ" is "ci").
 * No JavaScript RegExp ever sees a user's pattern with the publisher's text: a backtracking engine on hostile text
 * is a denial of service. Matching here finds each piece of the pattern at its leftmost place, in order, which is
 * exact for globs whose only variable-width wildcard is `*`: words and pieces without `?` in one pass (KMP), pieces
 * with `?` in one pass per run of letters between the `?`s (at most RULE_LIMITS.textLength of them, whatever NFKC
 * makes of the letters); either way the work grows linearly with the text.
 * Every step is counted (`ruleWork`) so tests can check that, by counting, never by timing.
 */
import type { TextMatcher } from './rules';

let steps = 0;

/** Steps of matching work so far (characters folded, characters compared): for tests, never for timing. */
export function ruleWork(): number {
  return steps;
}

/**
 * Code points of folded text, runs of whitespace as one space: what every matcher compares. Spaces at the edges are
 * dropped, unless `keepEdges` (a pattern's literal between wildcards, where "a ? b" means spaces around the `?`).
 */
export function foldText(text: string, keepEdges = false): number[] {
  // Upper then lower case: closer to Unicode case folding than lower case alone ("Straße" and "STRASSE" agree).
  const folded = streamSafe(text).normalize('NFKC').toUpperCase().toLowerCase();
  steps += folded.length;
  const out: number[] = [];
  let space = false;
  for (const ch of folded) {
    const cp = ch.codePointAt(0)!;
    if (ch.trim() === '') {
      space = true;
      continue;
    }
    if (space && (out.length > 0 || keepEdges)) out.push(0x20);
    space = false;
    out.push(cp);
  }
  if (space && keepEdges) out.push(0x20);
  return out;
}

/** Unicode's stream-safe limit (UAX #15, section 13): at most this many combining marks in a row. */
export const MARK_RUN_MAX = 30;
const MARK = /\p{M}/u;

/**
 * The text with each run of combining marks cut to MARK_RUN_MAX. Normalizing puts a run in canonical order, and the
 * engine underneath (ICU) does it by insertion: a run of n marks costs up to n² (a publisher's 160 KB of marks in
 * reverse order took seconds). No word has more marks on one letter than that; what is cut only ever fails to match.
 */
function streamSafe(text: string): string {
  let out = '';
  let from = 0;
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    steps++;
    run = MARK.test(String.fromCodePoint(cp)) ? run + 1 : 0;
    if (run > MARK_RUN_MAX) {
      out += text.slice(from, i);
      from = i + width;
    }
    i += width;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Folded text as one string, for equality (tags, channels): each side is folded once and compared by lookup, so a
 * publisher's many tags cost their length once per item, not once per rule and per tag a rule asks for.
 */
export function foldKey(text: string): string {
  const cps = foldText(text);
  let key = '';
  // In slices: spreading a whole long text into one call would overflow the argument stack.
  for (let i = 0; i < cps.length; i += 4096) key += String.fromCodePoint(...cps.slice(i, i + 4096));
  return key;
}

/** Is folded `key` among `keys`? One lookup, counted by the key's length (hashing it is that much work). */
export function hasKey(keys: ReadonlySet<string>, key: string): boolean {
  steps += key.length + 1;
  return keys.has(key);
}

/** Are two folded keys the same? Counted by the shorter one's length (what comparing them costs at most). */
export function sameKey(a: string, b: string): boolean {
  steps += Math.min(a.length, b.length) + 1;
  return a === b;
}

/**
 * One piece to find: its characters, and the Knuth–Morris–Pratt tables that find its runs of literal characters in
 * one pass over the text each (each text character looked at a bounded number of times, whatever the publisher
 * wrote). A piece without `?` is one run; a piece with `?` is found where all its runs stand at their offsets, so it
 * costs one pass per run — as many as the `?`s the user typed, however long NFKC makes the letters between them
 * (U+FDFA folds to 18 characters: comparing the whole piece at each place would cost that much more).
 */
interface Run {
  /** Where the run starts within the piece. */
  offset: number;
  chars: number[];
  /** KMP failure table. */
  fail: number[];
}

interface Piece {
  /** Its length in folded characters (`?` counts one). */
  length: number;
  runs: Run[];
}

/** A matcher made ready once per rule: the pieces to find in order (a pattern's text between its `*`s). */
export interface CompiledText {
  pieces: Piece[];
}

function run(offset: number, chars: number[]): Run {
  const fail = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) {
      steps++;
      k = fail[k - 1]!;
    }
    if (chars[i] === chars[k]) k++;
    fail[i] = k;
  }
  return { offset, chars, fail };
}

/** A piece from its literal parts (the text between its `?`s, folded): each non-empty one a run at its offset. */
function piece(literals: number[][]): Piece {
  const runs: Run[] = [];
  let at = 0;
  literals.forEach((lit, i) => {
    if (i > 0) at++; // the `?` before this part
    if (lit.length > 0) runs.push(run(at, lit));
    at += lit.length;
  });
  return { length: at, runs };
}

export function compileText(m: TextMatcher): CompiledText {
  if (m.kind === 'words') {
    const words = foldText(m.words);
    return { pieces: words.length === 0 ? [] : [piece([words])] };
  }
  const pieces: Piece[] = [];
  // Fold each literal on its own so `*` and `?` stay wildcards whatever NFKC does around them.
  for (const part of m.pattern.split('*')) {
    const p = piece(part.split('?').map((lit) => foldText(lit, true)));
    if (p.length > 0) pieces.push(p);
  }
  return { pieces };
}

/** The leftmost place at or after `from` where a run stands in `text`, or -1 (one KMP pass). */
function findRun(text: readonly number[], r: Run, from: number): number {
  const { chars, fail } = r;
  for (let i = from, k = 0; i < text.length; i++) {
    steps++;
    while (k > 0 && text[i] !== chars[k]) {
      steps++;
      k = fail[k - 1]!;
    }
    if (text[i] === chars[k]) k++;
    if (k === chars.length) return i - chars.length + 1;
  }
  return -1;
}

/**
 * The leftmost place at or after `from` where `p` stands in `text`, or -1. One run: one KMP pass. Several (a piece
 * with `?`): each run's places in one KMP pass, kept as the piece's possible starts, the starts all runs agree on win.
 */
function findPiece(text: readonly number[], p: Piece, from: number): number {
  const last = text.length - p.length;
  if (last < from) return -1;
  if (p.runs.length === 0) return from;
  if (p.runs.length === 1 && p.runs[0]!.offset === 0 && p.runs[0]!.chars.length === p.length) return findRun(text, p.runs[0]!, from);
  // possible[s - from]: the piece may start at s (every run so far stands at s + its offset).
  let possible = new Uint8Array(last - from + 1).fill(1);
  for (const r of p.runs) {
    const here = new Uint8Array(possible.length);
    const { chars, fail, offset } = r;
    const end = Math.min(text.length, last + offset + chars.length);
    for (let i = from + offset, k = 0; i < end; i++) {
      steps++;
      while (k > 0 && text[i] !== chars[k]) {
        steps++;
        k = fail[k - 1]!;
      }
      if (text[i] === chars[k]) k++;
      if (k === chars.length) {
        here[i - chars.length + 1 - offset - from] = possible[i - chars.length + 1 - offset - from]!;
        k = fail[k - 1]!; // overlapping places count too
      }
    }
    possible = here;
  }
  steps += possible.length;
  const at = possible.indexOf(1);
  return at < 0 ? -1 : from + at;
}

/** Does folded `text` contain the matcher's pieces, in order, without overlap? */
export function matchesText(compiled: CompiledText, text: readonly number[]): boolean {
  let pos = 0;
  for (const piece of compiled.pieces) {
    const at = findPiece(text, piece, pos);
    if (at < 0) return false;
    pos = at + piece.length;
  }
  return true;
}
