/**
 * What can still be read from a damaged outbox file (half-written, cut short, garbage in the middle): every whole
 * entry object, found by one tolerant pass instead of a parser that gives up at the first bad byte.
 *
 * The pass walks the text once, tracking strings (with escapes) and the nesting of `{`/`[`, and notes for each open
 * object whether it has the property names `"key"` and `"action"` at its own level. An object that has both and
 * closes again is a candidate, whatever encloses it — so garbage that breaks the structure around the records (a
 * stray `]` that closes the list early, an unclosed `{`) does not hide the whole records after it. An object that
 * holds a candidate is not one itself: Herald never writes an entry inside an entry, so such an object is a damaged
 * record (a stray `{` kept it open) or garbage wrapped around whole records, and taking it instead would lose every
 * record inside it when it fails to parse. So the candidates kept never overlap and parsing them reads each byte at
 * most once more. A closer that does not match is garbage and skipped; a raw line break ends a string
 * (JSON strings cannot hold one, so the string was cut short). Candidates that parse as an outbox entry
 * (./outbox-schema.ts) and carry every field Herald writes are returned in file order, the first of each key;
 * everything else stays only in the file kept aside. Work is linear in the text's length: `work` counts the steps (characters scanned plus characters parsed),
 * for the property tests.
 */
import type { OutboxEntry } from '../../shared/outbox';
import { OUTBOX_KEYS, parseEntry } from './outbox-schema';

export interface Salvaged {
  entries: OutboxEntry[];
  /** Whole objects found that are not entries (or repeat a key). */
  skipped: number;
  work: number;
}

interface Frame {
  at: number;
  object: boolean;
  hasKey: boolean;
  hasAction: boolean;
}

export function salvageEntries(text: string): Salvaged {
  const frames: Frame[] = [];
  const spans: Array<[number, number]> = [];
  let inString = false;
  let escaped = false;
  /** The last string closed, and the depth it closed at: a property name if a ':' follows at that depth. */
  let lastString = { from: -1, to: -1, depth: -1 };
  let work = 0;
  for (let i = 0; i < text.length; i++) {
    work++;
    const c = text.charCodeAt(i);
    if (inString) {
      // Before the escape: a backslash at the end of a cut line must not carry the string onto the next one.
      if (c === 0x0a) inString = escaped = false;
      else if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) {
        inString = false;
        lastString = { from: lastString.from, to: i, depth: frames.length };
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      lastString = { from: i + 1, to: -1, depth: -1 };
    } else if (c === 0x3a) {
      const top = frames[frames.length - 1];
      if (top?.object && lastString.depth === frames.length && lastString.to - lastString.from <= 6) {
        const name = text.slice(lastString.from, lastString.to);
        if (name === 'key') top.hasKey = true;
        else if (name === 'action') top.hasAction = true;
      }
    } else if (c === 0x7b || c === 0x5b) {
      frames.push({ at: i, object: c === 0x7b, hasKey: false, hasAction: false });
    } else if (c === 0x7d || c === 0x5d) {
      const top = frames[frames.length - 1];
      if (!top || top.object !== (c === 0x7d)) continue;
      frames.pop();
      if (!(top.hasKey && top.hasAction)) continue;
      // Spans are in the order they closed, so one inside this object is the last one.
      const holdsCandidate = spans.length > 0 && spans[spans.length - 1]![0] > top.at;
      if (!holdsCandidate) spans.push([top.at, i + 1]);
    }
  }
  const entries: OutboxEntry[] = [];
  const keys = new Set<string>();
  let skipped = 0;
  for (const [from, to] of spans) {
    work += to - from;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(from, to));
    } catch {
      skipped++;
      continue;
    }
    const parsed = writtenWhole(value) ? parseEntry(value) : null;
    if (!parsed?.ok || keys.has(parsed.entry.key)) {
      skipped++;
      continue;
    }
    keys.add(parsed.entry.key);
    entries.push(parsed.entry);
  }
  return { entries, skipped, work };
}

/**
 * Every field Herald writes, in the order it writes them. parseEntry forgives a missing `createdAt` or `state` (they
 * are advisory), but here a missing one means the record was cut short and something else closed it: a comment's
 * body cut mid-word and closed by stray bytes would otherwise be sent cut short.
 */
const WRITTEN_FIELDS = ['key', 'sourceId', 'action', 'createdAt', 'state'] as const;

function writtenWhole(value: unknown): boolean {
  return typeof value === 'object' && value !== null && WRITTEN_FIELDS.every((field) => field in value);
}

/** A damaged outbox store file's text → the store to start with: the entries that could be read, or null if none. */
export function salvageOutboxStore(text: string): Record<string, unknown> | null {
  const { entries } = salvageEntries(text);
  return entries.length === 0 ? null : { version: 2, entries };
}

const OUTBOX_FILE_KEYS: ReadonlySet<string> = new Set(Object.values(OUTBOX_KEYS));

/**
 * Why a parsed outbox.json is not an outbox (a damaged byte inside a key name still leaves valid JSON): a key the
 * outbox never writes, or entries that are not a list. electron-store's own `__internal__` key is allowed.
 */
export function outboxShapeProblem(data: Record<string, unknown>): string | null {
  const foreign = Object.keys(data).find((k) => !OUTBOX_FILE_KEYS.has(k) && !k.startsWith('__internal__'));
  if (foreign !== undefined) return `has a key the outbox never writes (${JSON.stringify(foreign.slice(0, 40))})`;
  if (data[OUTBOX_KEYS.entries] !== undefined && !Array.isArray(data[OUTBOX_KEYS.entries])) return 'has entries that are not a list';
  return null;
}

/** How an outbox.json is opened wherever it is (the CLI's data dir, the app's store): salvaged, and its shape checked. */
export const OUTBOX_FILE_OPTIONS = { salvage: salvageOutboxStore, shapeProblem: outboxShapeProblem } as const;
