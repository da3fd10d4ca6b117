/**
 * Property tests of the journal file's reader (src/core/stores/journal-file.ts, issue 26): a journal of whole records
 * (strings full of quotes, backslashes, `\n`, `\uXXXX`, braces), then damaged the ways a crash or a stranger leaves
 * it — its tail torn anywhere (right after a backslash, inside a `\uXXXX`), any bytes appended (NUL, invalid UTF-8,
 * `"\` + line break, stray closers), garbage lines between records, a record hit in its middle. Every record whose line
 * no damage touched is read exactly once, in order; whatever cannot be read is reported, and the whole file is kept
 * aside byte for byte; the reading work is linear (characters handed to the JSON parser, counted).
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJournal } from '../../../src/core/stores/journal-file';
import { entriesArb } from '../outbox/damaged-outbox';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-journal-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

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
type JournalDamage = { op: 'tear'; where: Where; pick: number } | { op: 'insert'; where: Where; pick: number; bytes: Buffer } | { op: 'append'; bytes: Buffer };
const damageArb: fc.Arbitrary<JournalDamage[]> = fc.array(
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
function damagedJournal(records: unknown[], ops: JournalDamage[]): { bytes: Buffer; intact: unknown[]; damaged: number } {
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

const recordsArb = entriesArb.map((entries) => entries.map((entry) => ({ op: 'put', entry })));
const keyOf = (r: unknown): unknown => (r as { entry?: { key?: unknown } } | null)?.entry?.key;

describe('FileJournal.read over a damaged journal', () => {
  it('every untouched record read once and in order; anything unreadable reported; the file kept aside byte for byte; parsing work at most the file size', () => {
    fc.assert(
      fc.property(recordsArb, damageArb, (records, ops) => {
        const d = damagedJournal(records, ops);
        const path = join(dir, 'outbox.entries.journal');
        writeFileSync(path, d.bytes);
        const parse = vi.spyOn(JSON, 'parse');
        const journal = new FileJournal(path, { durable: false });
        const read = journal.read();
        const parsed = parse.mock.calls.reduce((n, [text]) => n + String(text).length, 0);
        parse.mockRestore();

        const intactKeys = new Set(d.intact.map(keyOf));
        expect(read.records.filter((r) => intactKeys.has(keyOf(r)))).toEqual(d.intact);
        // A damaged line may still parse (a torn line break, say): one record at most from each damaged line.
        const others = read.records.filter((r) => !intactKeys.has(keyOf(r)) && records.some((o) => keyOf(o) === keyOf(r)));
        expect(others.length).toBeLessThanOrEqual(d.damaged);
        expect(parsed).toBeLessThanOrEqual(d.bytes.toString('utf8').length);

        const text = d.bytes.toString('utf8');
        const unreadableLine = text.split('\n').some((line) => {
          if (line.length === 0) return false;
          try {
            JSON.parse(line);
            return false;
          } catch {
            return true;
          }
        });
        expect(read.unreadable !== undefined).toBe(unreadableLine);
        if (read.unreadable !== undefined) {
          const kept = journal.reset({ keepAside: true });
          expect(kept).toBeDefined();
          expect(Buffer.compare(readFileSync(kept!), d.bytes)).toBe(0);
          expect(existsSync(path)).toBe(false);
          rmSync(kept!);
        }
        journal.close();
        rmSync(path, { force: true });
      }),
      { numRuns: 400 },
    );
  });
});
