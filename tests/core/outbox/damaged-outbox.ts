/**
 * Damaged outbox files for the salvage properties (outbox-salvage.property.test.ts): a VALID outbox.json, byte for
 * byte as the stores write it (`JSON.stringify(store, null, '\t')`), built from entries whose strings hold quotes,
 * backslashes, line breaks (written `\n`), control characters and lone surrogates (written `\uXXXX`), braces and
 * brackets, then damaged in bytes by a list of operations aimed at the places a scanner gets wrong: truncation and
 * insertion right after a backslash, inside a `\uXXXX`, right after a quote, at a line's end, anywhere; garbage that
 * opens strings across lines (`"\` + line break), stray closers and openers, NUL, invalid UTF-8, a fake `"key":` /
 * `"action":`; a whole record written again somewhere else; a chunk cut out (a torn, spliced write).
 *
 * It keeps track of where every record's bytes are (each record from the line break before its `{` to its `}`) and
 * which of them no damage touched, so the oracle knows what must come back.
 */
import fc from 'fast-check';
import type { OutboxEntry } from '../../../src/shared/outbox';

const tricky = fc.constantFrom('"', '\\', '\n', '{', '}', '[', ']', ':', ',', '\u0001', '\u2028', '\ud800', '中', '😀', 'a', 'Z', ' ', 'key', '"action":', '\\u0041');
const trickyString = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: tricky, minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0 && s.length <= 200);

const entryWithoutKey = fc.record({
  sourceId: fc.oneof(fc.constant('s'), trickyString(6)),
  action: fc.oneof(
    fc.record({ type: fc.constant('like' as const), itemId: trickyString(8) }),
    fc.record({ type: fc.constant('comment' as const), itemId: trickyString(8), body: trickyString(30) }),
  ),
  createdAt: fc.nat(),
  state: fc.record({ kind: fc.constant('pending' as const), attempts: fc.nat({ max: 1000 }) }),
});

/**
 * Distinct keys that a cut cannot turn into one another: the uuid part is unique and the `~index` tail too, so a
 * key spliced from two keys' pieces is never a third one's.
 */
export const entriesArb: fc.Arbitrary<OutboxEntry[]> = fc
  .uniqueArray(fc.uuid(), { minLength: 1, maxLength: 8 })
  .chain((keys) => fc.tuple(...keys.map(() => entryWithoutKey)).map((rest) => rest.map((e, i) => ({ key: `${keys[i]}~${i}`, ...e }))));

const garbageUnit = fc.oneof(
  fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '\n', '\u0000', 'x', '"\\\n', '"key":', '"action":', '{"key":"x","action":'),
  fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f]).map((b) => Buffer.from(b).toString('latin1')),
);
/** Bytes a crash, a disk or an editor could leave; no letters but `x` and no digits, so garbage alone is never an entry. */
const garbageArb = fc.array(garbageUnit, { minLength: 1, maxLength: 8 }).map((units) => Buffer.concat(units.map(toBytes)));

function toBytes(unit: string): Buffer {
  // Units of one char ≥ 0x80 stand for single raw bytes (invalid UTF-8 on their own); the rest are text.
  return /^[\x80-\xff]+$/.test(unit) ? Buffer.from(unit, 'latin1') : Buffer.from(unit, 'utf8');
}

type Where = 'any' | 'afterBackslash' | 'insideUnicodeEscape' | 'afterQuote' | 'lineEnd' | 'end';
const whereArb = fc.constantFrom<Where>('any', 'afterBackslash', 'insideUnicodeEscape', 'afterQuote', 'lineEnd');
const at = fc.record({ where: whereArb, pick: fc.nat() });

export type Damage =
  | { op: 'truncate'; where: Where; pick: number }
  | { op: 'garbage'; where: Where; pick: number; bytes: Buffer }
  | { op: 'rewriteRecord'; where: Where; pick: number; record: number }
  | { op: 'cutChunk'; where: Where; pick: number; length: number };

export const damageArb: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: at.map((a) => ({ op: 'truncate' as const, ...a })) },
    { weight: 4, arbitrary: fc.tuple(at, garbageArb).map(([a, bytes]) => ({ op: 'garbage' as const, ...a, bytes })) },
    { weight: 2, arbitrary: fc.tuple(at, fc.nat()).map(([a, record]) => ({ op: 'rewriteRecord' as const, ...a, record })) },
    { weight: 2, arbitrary: fc.tuple(at, fc.integer({ min: 1, max: 120 })).map(([a, length]) => ({ op: 'cutChunk' as const, ...a, length })) },
  ),
  { minLength: 1, maxLength: 5 },
);

/** What would close a record cut short: a quote, closers, a line break. */
const closersArb = fc.string({ unit: fc.constantFrom('"', '}', '}', ']', '\n', ','), minLength: 1, maxLength: 6 }).map((s) => Buffer.from(s));

/** A write cut short anywhere, then more bytes written after it (a crash, then a stranger or a disk appending). */
export const cutThenWrittenArb: fc.Arbitrary<Damage[]> = fc
  .tuple(at, fc.array(fc.oneof(garbageArb, closersArb), { minLength: 1, maxLength: 3 }))
  .map(([cut, written]) => [{ op: 'truncate' as const, ...cut }, ...written.map((bytes) => ({ op: 'garbage' as const, where: 'end' as const, pick: 0, bytes }))]);

/** Where one record's bytes are now, and whether any damage touched them. */
interface Copy {
  entry: number;
  start: number;
  end: number;
  intact: boolean;
}

export interface DamagedOutbox {
  bytes: Buffer;
  /** Entries every copy of which is intact, in the order of their first copy: what must come back, exactly. */
  intact: OutboxEntry[];
  /** Copies of records that damage touched: at most this many entries may come back that are not originals. */
  damagedCopies: number;
  copies: number;
}

/** The valid file, and each record's byte span (from the line break before its `{` to just after its `}`). */
export function validOutbox(entries: OutboxEntry[]): { bytes: Buffer; spans: Array<[number, number]> } {
  let text = '{\n\t"version": 2,\n\t"entries": [';
  const spans: Array<[number, number]> = [];
  entries.forEach((e, i) => {
    const start = Buffer.byteLength(text);
    text += `\n\t\t${JSON.stringify(e, null, '\t').replaceAll('\n', '\n\t\t')}`;
    spans.push([start, Buffer.byteLength(text)]);
    if (i < entries.length - 1) text += ',';
  });
  text += '\n\t]\n}';
  if (text !== JSON.stringify({ version: 2, entries }, null, '\t')) throw new Error('the test builds outbox.json unlike the store');
  return { bytes: Buffer.from(text, 'utf8'), spans };
}

function positions(bytes: Buffer, where: Where): number[] {
  const found: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (where === 'afterBackslash' && b === 0x5c) found.push(i + 1);
    else if (where === 'insideUnicodeEscape' && b === 0x5c && bytes[i + 1] === 0x75) found.push(i + 2, i + 3, i + 4, i + 5);
    else if (where === 'afterQuote' && b === 0x22) found.push(i + 1);
    else if (where === 'lineEnd' && b === 0x0a) found.push(i);
  }
  return found.filter((p) => p <= bytes.length);
}

function position(bytes: Buffer, where: Where, pick: number): number {
  if (where === 'end') return bytes.length;
  const found = where === 'any' ? [] : positions(bytes, where);
  return found.length > 0 ? found[pick % found.length]! : pick % (bytes.length + 1);
}

/** Insert `piece` at `p`: copies that straddle `p` are damaged, copies after it move. */
function insert(bytes: Buffer, copies: Copy[], p: number, piece: Buffer): Buffer {
  for (const c of copies) {
    if (c.start < p && p < c.end) c.intact = false;
    else if (p <= c.start) {
      c.start += piece.length;
      c.end += piece.length;
    }
  }
  return Buffer.concat([bytes.subarray(0, p), piece, bytes.subarray(p)]);
}

export function damage(entries: OutboxEntry[], ops: Damage[]): DamagedOutbox {
  const valid = validOutbox(entries);
  let bytes = valid.bytes;
  const copies: Copy[] = valid.spans.map(([start, end], entry) => ({ entry, start, end, intact: true }));
  for (const d of ops) {
    const p = position(bytes, d.where, d.pick);
    if (d.op === 'garbage') bytes = insert(bytes, copies, p, d.bytes);
    else if (d.op === 'rewriteRecord') {
      const entry = d.record % entries.length;
      const [start, end] = valid.spans[entry]!;
      bytes = insert(bytes, copies, p, valid.bytes.subarray(start, end));
      copies.push({ entry, start: p, end: p + (end - start), intact: true });
    } else {
      const to = d.op === 'truncate' ? bytes.length : Math.min(bytes.length, p + d.length);
      for (const c of copies) {
        if (c.start < to && c.end > p) c.intact = false;
        else if (c.start >= to) {
          c.start -= to - p;
          c.end -= to - p;
        }
      }
      bytes = Buffer.concat([bytes.subarray(0, p), bytes.subarray(to)]);
    }
  }
  const byPosition = [...copies].sort((a, b) => a.start - b.start);
  const intact: OutboxEntry[] = [];
  for (const c of byPosition) {
    const all = copies.filter((o) => o.entry === c.entry);
    if (all.every((o) => o.intact) && !intact.includes(entries[c.entry]!)) intact.push(entries[c.entry]!);
  }
  return { bytes, intact, damagedCopies: copies.filter((c) => !c.intact).length, copies: copies.length };
}
