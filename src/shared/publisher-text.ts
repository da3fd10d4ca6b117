/**
 * The one boundary for publisher content (SECURITY.md, "Publisher text is normalised once"). Anyone who can publish
 * to a topic or channel writes these strings, so every string a server sends is passed through here once, at ingest
 * in the core (validate-event.ts and validate-extras.ts, which every source's events go through), and every consumer
 * — the inbox, the window, toasts on each OS, the tray, the CLI — reads the normalised result:
 *
 * - lone surrogates and the 66 Unicode noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF) become U+FFFD: they are not
 *   text, XML 1.0 forbids them even escaped (a Windows toast would not show), and `URLSearchParams` silently turns a
 *   lone surrogate into U+FFFD (a toast button would act on another id);
 * - C0 and C1 controls and DEL become spaces (a terminal escape cannot reach the CLI's output), except line feed and
 *   tab in multi-line fields, where CR LF and a lone CR become a line feed;
 * - single-line fields (titles, names, tags, labels) lose line breaks (U+2028/U+2029 too) and the explicit bidi
 *   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they are short and shown inside the app's own
 *   sentences. Multi-line fields keep bidi controls (right-to-left writers need them); their consumers isolate them
 *   (`<bdi>` in the window; toasts and the tooltip strip them, policy.ts);
 * - each field has a cap (TEXT_FIELDS, the one table); longer text is cut, never inside a surrogate pair, and ends
 *   with "…" so the cut is visible.
 *
 * Ids are not rewritten but checked (`isPublisherId`): an id that is not plain text is refused at ingest, so the id a
 * toast button or a herald:// link carries is always exactly the item's id.
 */
import { LIMITS } from './actions';

export interface TextField {
  /** Most UTF-16 code units kept (the unit JavaScript, JSON and the reference server count in). */
  readonly max: number;
  /** Multi-line text: keeps line feeds, tabs and bidi controls. */
  readonly lines: boolean;
}

/** Every kind of publisher string, with its cap. */
export const TEXT_FIELDS = {
  title: { max: LIMITS.titleMaxChars, lines: false },
  body: { max: LIMITS.bodyMaxChars, lines: true },
  tag: { max: 100, lines: false },
  author: { max: 200, lines: false },
  comment: { max: LIMITS.commentMaxChars, lines: true },
  /** Action button labels, attachment names and types, Android intents. */
  label: { max: 500, lines: false },
  /** A link as the server wrote it (the shell opens only http(s) URLs; validate-extras.ts keeps only those). */
  url: { max: 2000, lines: false },
  /** Request header names and values of a sender's `http` action. */
  header: { max: 2000, lines: false },
  /** The request body of a sender's `http` action. */
  requestBody: { max: 2000, lines: true },
  /** A server's words about an error (an error answer's code and message, a non-JSON error body). */
  detail: { max: 500, lines: false },
} as const satisfies Record<string, TextField>;

export type TextFieldName = keyof typeof TEXT_FIELDS;

/** The most code units an id may have (what validateAction accepts back). */
export const ID_MAX = 200;

const REPLACEMENT = '\uFFFD';
const ELLIPSIS = '…';

/** A BMP noncharacter: U+FDD0–U+FDEF, U+FFFE or U+FFFF (`unit` is not a surrogate). */
function isNoncharacterUnit(unit: number): boolean {
  return (unit >= 0xfdd0 && unit <= 0xfdef) || (unit & 0xfffe) === 0xfffe;
}

/** A supplementary code point ending in FFFE/FFFF: its low surrogate is 0xDFFE/0xDFFF and the high one ends in 0b111111. */
function isSupplementaryNoncharacter(high: number, low: number): boolean {
  return (high & 0x3f) === 0x3f && (low === 0xdffe || low === 0xdfff);
}

const isControl = (unit: number): boolean => unit < 0x20 || (unit >= 0x7f && unit <= 0x9f);
const isLineBreak = (unit: number): boolean => unit === 0x2028 || unit === 0x2029;
/** The explicit bidi embeddings, overrides and isolates; the one definition (the Markdown reader strips them too). */
export const isExplicitBidi = (unit: number): boolean => (unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069);

/**
 * `value` as the field's clean text. Idempotent: clean text comes back unchanged. Nearly every string is clean, so
 * it is first read once without allocating anything (`isCleanText`); only text with something to rewrite or cut takes
 * the rewriting pass. Both are linear in the input.
 */
export function publisherText(value: string, field: TextFieldName): string {
  const { max, lines } = TEXT_FIELDS[field];
  if (value.length <= max && isCleanText(value, lines)) return value;
  return rewriteText(value, field);
}

/**
 * The code units `rewriteText` may change, as one character class each (no `u` flag: the class reads UTF-16 code
 * units, so any surrogate matches): controls and DEL except line feed and tab in multi-line text, surrogates (paired
 * or not: the rewriting pass knows pairs and noncharacters among them), the BMP noncharacters, and in single-line
 * text line breaks, U+2028/U+2029 and the explicit bidi controls. A class test is one native scan of the string,
 * no allocation (the JavaScript loop it replaces read each unit through charCodeAt).
 */
const DIRTY_IN_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;
const DIRTY_IN_LINE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;

/** Nothing in `value` that `rewriteText` would change (it is also within the cap: the caller checks). */
function isCleanText(value: string, lines: boolean): boolean {
  return !(lines ? DIRTY_IN_LINES : DIRTY_IN_LINE).test(value);
}

/**
 * The rewriting pass: one pass over the code units (linear in the input; the cap also bounds the work to the first
 * `max` kept units). Exported for the test that holds the clean-text shortcut to it.
 */
export function rewriteText(value: string, field: TextFieldName): string {
  const { max, lines } = TEXT_FIELDS[field];
  let out = '';
  let runStart = 0;
  let length = 0;
  const cut = (i: number): string => out + value.slice(runStart, i);
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    let replacement: string | null = null;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        width = 2;
        if (isSupplementaryNoncharacter(unit, next)) replacement = REPLACEMENT;
      } else replacement = REPLACEMENT;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) replacement = REPLACEMENT;
    else if (isNoncharacterUnit(unit)) replacement = REPLACEMENT;
    else if (isControl(unit)) {
      if (lines && unit === 0x0d) replacement = value.charCodeAt(i + 1) === 0x0a ? '' : '\n';
      else if (!(lines && (unit === 0x0a || unit === 0x09))) replacement = ' ';
    } else if (!lines && isLineBreak(unit)) replacement = ' ';
    else if (!lines && isExplicitBidi(unit)) replacement = '';

    const added = replacement === null ? width : replacement.length;
    if (length + added > max) return withEllipsis(cut(i), max);
    length += added;
    if (replacement !== null) {
      out = cut(i) + replacement;
      runStart = i + width;
    }
    i += width - 1;
  }
  return runStart === 0 ? value : cut(value.length);
}

/**
 * `text` in at most `max` code units: cut with room for the ellipsis, never between the halves of a surrogate pair
 * (a plain `slice` there would make a lone surrogate). Text that fits comes back unchanged.
 */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : withEllipsis(text, max);
}

/** The first units of `text` that leave room for the ellipsis (in `max`), and the ellipsis. */
function withEllipsis(text: string, max: number): string {
  let end = Math.min(text.length, max - ELLIPSIS.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * An id a server gave (item, event, comment): 1–ID_MAX code units of plain text — no control character, line break,
 * explicit bidi control, lone surrogate or noncharacter. Such an id survives URL encoding, XML and a terminal
 * unchanged; anything else is refused where it arrives.
 */
export function isPublisherId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > ID_MAX) return false;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (isControl(unit) || isLineBreak(unit) || isExplicitBidi(unit) || isNoncharacterUnit(unit)) return false;
    if (unit >= 0xdc00 && unit <= 0xdfff) return false;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff) || isSupplementaryNoncharacter(unit, next)) return false;
      i++;
    }
  }
  return true;
}

/**
 * For surfaces with no bidi isolation of their own — native notifications, the tray tooltip, a terminal: control
 * characters (but line feed) and every bidi control (LRM/RLM/ALM, embeddings, overrides, isolates, zero-width joiners
 * and spaces) become spaces, so a U+202E in publisher text cannot reverse what follows it ("Invoice_\u202Efdp.exe"
 * reading as "Invoice_exe.pdf", or the link printed after a body).
 */
export function withoutFormatControls(text: string): string {
  return text.replace(FORMAT_CONTROLS, ' ');
}

/**
 * The characters of withoutFormatControls, as a regular-expression class (line feed not among them): the one list of
 * what a terminal acts on or reorders by, for the log lines too (src/core/base/log.ts writes them as escapes).
 */
export const FORMAT_CONTROL_CLASS = String.raw`\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF`;
const FORMAT_CONTROLS = new RegExp(`[${FORMAT_CONTROL_CLASS}]`, 'g');
