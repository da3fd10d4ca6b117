/**
 * Damaged journals for the property tests (journal-file.property.test.ts, outbox-salvage.property.test.ts): the
 * lines FileJournal.append writes, then damaged — the tail torn anywhere (right after a backslash, inside a
 * `\uXXXX`), any bytes appended (NUL, invalid UTF-8, `"\` + line break, stray closers), garbage lines between
 * records, bytes inside a record — keeping track of which records' lines (with their line break) no damage touched.
 */
import fc from 'fast-check';
import { entriesArb } from '../outbox/damaged-outbox';

const garbageArb = fc
  .array(
    fc.oneof(
      fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '\n', '\u0000', 'x', '"\\\n', '{"op":"put","entry":'),
      fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80]).map((b) => Buffer.from(b).toString('latin1')),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((units) => Buffer.concat(units.map((u) => (/^[\x80-\xff]+$/.test(u) ? Buffer.from(u, 'latin1') : Buffer.from(u, 'utf8')))));

type Where = 'any' | 'afterBackslash' | 'insideUnicodeEscape' | 'lineStart';
const whereArb = fc.constantFrom<Where>('any', 'afterBackslash', 'insideUnicodeEscape', 'lineStart');
export type JournalDamage = { op: 'tear'; where: Where; pick: number } | { op: 'insert'; where: Where; pick: number; bytes: Buffer } | { op: 'append'; bytes: Buffer };
export const journalDamageArb: fc.Arbitrary<JournalDamage[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('tear' as const), where: whereArb, pick: fc.nat() }),
    fc.record({ op: fc.constant('insert' as const), where: whereArb, pick: fc.nat(), bytes: garbageArb }),
    fc.record({ op: fc.constant('append' as const), bytes: garbageArb }),
  ),
  { minLength: 1, maxLength: 4 },
);

function position(bytes: Buffer, where: Where, pick: number): number {
  const found: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (where === 'afterBackslash' && bytes[i] === 0x5c) found.push(i + 1);
    if (where === 'insideUnicodeEscape' && bytes[i] === 0x5c && bytes[i + 1] === 0x75) found.push(i + 2, i + 3, i + 4, i + 5);
    if (where === 'lineStart' && bytes[i] === 0x0a) found.push(i + 1);
  }
  return found.length > 0 ? found[pick % found.length]! : pick % (bytes.length + 1);
}

/** The journal as FileJournal.append writes it, damaged; which records' lines (with their line break) are untouched. */
export function damagedJournal(records: unknown[], ops: JournalDamage[]): { bytes: Buffer; intact: unknown[]; damaged: number } {
  let bytes = Buffer.alloc(0);
  const lines = records.map((r) => {
    const start = bytes.length;
    bytes = Buffer.concat([bytes, Buffer.from(`${JSON.stringify(r)}\n`, 'utf8')]);
    return { record: r, start, end: bytes.length, intact: true };
  });
  for (const d of ops) {
    const p = d.op === 'append' ? bytes.length : position(bytes, d.where, d.pick);
    if (d.op === 'tear') {
      for (const l of lines) if (l.end > p) l.intact = false;
      bytes = bytes.subarray(0, p);
      continue;
    }
    // Bytes put right at a line's start glue onto it unless they end a line of their own.
    const glued = d.bytes[d.bytes.length - 1] !== 0x0a;
    for (const l of lines) {
      if ((l.start < p && p < l.end) || (l.start === p && glued)) l.intact = false;
      else if (p <= l.start) {
        l.start += d.bytes.length;
        l.end += d.bytes.length;
      }
    }
    bytes = Buffer.concat([bytes.subarray(0, p), d.bytes, bytes.subarray(p)]);
  }
  return { bytes, intact: lines.filter((l) => l.intact).map((l) => l.record), damaged: lines.filter((l) => !l.intact).length };
}

export const journalRecordsArb = entriesArb.map((entries) => entries.map((entry) => ({ op: 'put', entry })));

/** Whether a line of the journal (its text as read) does not parse: what the reader must report and keep aside. */
export function hasUnreadableLine(bytes: Buffer): boolean {
  return bytes
    .toString('utf8')
    .split('\n')
    .some((line) => {
      if (line.length === 0) return false;
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
}
