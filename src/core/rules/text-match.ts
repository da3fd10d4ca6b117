/**
 * The text matchers of rules: plain words and glob patterns, on folded text (NFKC, case folded: "ＣＩ" is "ci").
 * No JavaScript RegExp ever sees a user's pattern with the publisher's text: a backtracking engine on hostile text
 * is a denial of service. Matching here finds each piece of the pattern at its leftmost place, in order, which is
 * exact for globs whose only variable-width wildcard is `*`; its work is at most (text length × piece length), and
 * a piece is at most a few hundred characters (RULE_LIMITS.textLength), so the work grows linearly with the text.
 * Every step is counted (`ruleWork`) so tests can check that, by counting, never by timing.
 */
import type { TextMatcher } from '../../shared/rules';

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

/** A matcher made ready once per rule: the pieces to find in order (a pattern's text between its `*`s). */
export interface CompiledText {
  pieces: number[][];
}

export function compileText(m: TextMatcher): CompiledText {
  if (m.kind === 'words') {
    const words = foldText(m.words);
    return { pieces: words.length === 0 ? [] : [words] };
  }
  const pieces: number[][] = [];
  // Fold each piece on its own so `*` and `?` stay wildcards whatever NFKC does around them.
  for (const part of m.pattern.split('*')) {
    const piece: number[] = [];
    const literals = part.split('?');
    literals.forEach((lit, i) => {
      if (i > 0) piece.push(ANY);
      piece.push(...foldText(lit, true));
    });
    if (piece.length > 0) pieces.push(piece);
  }
  return { pieces };
}

/** The leftmost place at or after `from` where `piece` stands in `text`, or -1. */
function findPiece(text: readonly number[], piece: readonly number[], from: number): number {
  const last = text.length - piece.length;
  for (let start = from; start <= last; start++) {
    let i = 0;
    while (i < piece.length) {
      steps++;
      const p = piece[i]!;
      if (p !== ANY && p !== text[start + i]) break;
      i++;
    }
    if (i === piece.length) return start;
  }
  return -1;
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
