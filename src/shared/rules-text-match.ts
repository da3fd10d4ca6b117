/**
 * The text matchers of rules: plain words and glob patterns, on folded text (NFKC, case folded: "ＣＩ" is "ci").
 * No JavaScript RegExp ever sees a user's pattern with the publisher's text: a backtracking engine on hostile text
 * is a denial of service. Matching here finds each piece of the pattern at its leftmost place, in order, which is
 * exact for globs whose only variable-width wildcard is `*`: words and pieces without `?` in one pass (KMP), pieces
 * with `?` in at most (text length × piece length), a piece being at most a few hundred characters
 * (RULE_LIMITS.textLength); either way the work grows linearly with the text.
 * Every step is counted (`ruleWork`) so tests can check that, by counting, never by timing.
 */
import type { TextMatcher } from './rules';

let steps = 0;

/** Steps of matching work so far (characters folded, characters compared): for tests, never for timing. */
export function ruleWork(): number {
  return steps;
}

/** One character that matches any one character (`?` in a pattern). */
const ANY = -1;

/**
 * Code points of folded text, runs of whitespace as one space: what every matcher compares. Spaces at the edges are
 * dropped, unless `keepEdges` (a pattern's literal between wildcards, where "a ? b" means spaces around the `?`).
 */
export function foldText(text: string, keepEdges = false): number[] {
  // Upper then lower case: closer to Unicode case folding than lower case alone ("Straße" and "STRASSE" agree).
  const folded = text.normalize('NFKC').toUpperCase().toLowerCase();
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

/** Folded equality, for tags and channels. */
export function foldedEqual(a: string, b: string): boolean {
  const x = foldText(a);
  const y = foldText(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    steps++;
    if (x[i] !== y[i]) return false;
  }
  return true;
}

/**
 * One piece to find: its characters, and — when it has no `?` — the Knuth–Morris–Pratt table that finds it in one
 * pass over the text (each text character looked at a bounded number of times, whatever the publisher wrote).
 * A piece with `?` is compared at each place instead: at most its length per text character.
 */
interface Piece {
  chars: number[];
  /** KMP failure table; absent for a piece with `?`. */
  fail?: number[];
}

/** A matcher made ready once per rule: the pieces to find in order (a pattern's text between its `*`s). */
export interface CompiledText {
  pieces: Piece[];
}

function piece(chars: number[]): Piece {
  if (chars.includes(ANY)) return { chars };
  const fail = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) {
      steps++;
      k = fail[k - 1]!;
    }
    if (chars[i] === chars[k]) k++;
    fail[i] = k;
  }
  return { chars, fail };
}

export function compileText(m: TextMatcher): CompiledText {
  if (m.kind === 'words') {
    const words = foldText(m.words);
    return { pieces: words.length === 0 ? [] : [piece(words)] };
  }
  const pieces: Piece[] = [];
  // Fold each piece on its own so `*` and `?` stay wildcards whatever NFKC does around them.
  for (const part of m.pattern.split('*')) {
    const chars: number[] = [];
    const literals = part.split('?');
    literals.forEach((lit, i) => {
      if (i > 0) chars.push(ANY);
      chars.push(...foldText(lit, true));
    });
    if (chars.length > 0) pieces.push(piece(chars));
  }
  return { pieces };
}

/** The leftmost place at or after `from` where `p` stands in `text`, or -1. */
function findPiece(text: readonly number[], p: Piece, from: number): number {
  const { chars, fail } = p;
  if (fail !== undefined) {
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
  const last = text.length - chars.length;
  for (let start = from; start <= last; start++) {
    let i = 0;
    while (i < chars.length) {
      steps++;
      const c = chars[i]!;
      if (c !== ANY && c !== text[start + i]) break;
      i++;
    }
    if (i === chars.length) return start;
  }
  return -1;
}

/** Does folded `text` contain the matcher's pieces, in order, without overlap? */
export function matchesText(compiled: CompiledText, text: readonly number[]): boolean {
  let pos = 0;
  for (const piece of compiled.pieces) {
    const at = findPiece(text, piece, pos);
    if (at < 0) return false;
    pos = at + piece.chars.length;
  }
  return true;
}
