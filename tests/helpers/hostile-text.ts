/**
 * Strings a hostile publisher would send, for fast-check properties: control characters (C0, C1, DEL, terminal
 * escapes), line and paragraph separators, bidi embeddings, overrides and isolates, noncharacters (BMP and
 * supplementary), lone high and low surrogates, a BOM, among ordinary ASCII, CJK and emoji. And the checks that a
 * string is what the boundary (src/shared/publisher-text.ts) lets through.
 */
import fc from 'fast-check';
import { isPublisherId, publisherText, type TextFieldName } from '../../src/shared/publisher-text';

const SPECIAL = [
  '\u0000', '\u0007', '\u001b[31m', '\n', '\r', '\r\n', '\t', '\u007f', '\u0085', '\u009b',
  '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2068', '\u2069', '\u200f', '\u061c', '\ufeff',
  '\ufffe', '\uffff', '\ufdd0', '\ufdef', '\ud83f\udffe', '\udbff\udfff',
  '\ud800', '\udbff', '\udc00', '\udfff', '😀', '通知', '&', '<', '"', "'", ']]>', '%', '#', '&amp;', ' ',
];

/** One piece: a special sequence, printable ASCII, or any UTF-16 code unit at all. */
const piece = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.integer({ min: 0x20, max: 0x7e }).map((u) => String.fromCharCode(u)),
  fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
);

export function hostileText(maxPieces = 30): fc.Arbitrary<string> {
  return fc.array(piece, { maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

/** Non-empty hostile text (an id, a title that must not fall back to a default). */
export function hostileNonEmpty(maxPieces = 12): fc.Arbitrary<string> {
  return fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

/** The field's rules hold for `value`: the boundary gives it back unchanged. */
export function isClean(value: string, field: TextFieldName): boolean {
  return publisherText(value, field) === value;
}

/** No lone surrogate, noncharacter or control but LF and tab anywhere in any string inside `value`. */
export function everyStringClean(value: unknown): boolean {
  if (typeof value === 'string') return isClean(value, 'body');
  if (Array.isArray(value)) return value.every(everyStringClean);
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([k, v]) => everyStringClean(k) && everyStringClean(v));
  return true;
}

export { isPublisherId };
