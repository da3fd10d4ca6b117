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
import { damagedJournal, hasUnreadableLine, journalDamageArb, journalRecordsArb } from './damaged-journal';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-journal-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const keyOf = (r: unknown): unknown => (r as { entry?: { key?: unknown } } | null)?.entry?.key;

describe('FileJournal.read over a damaged journal', () => {
  it('every untouched record read once and in order; anything unreadable reported; the file kept aside byte for byte; parsing work at most the file size', () => {
    fc.assert(
      fc.property(journalRecordsArb, journalDamageArb, (records, ops) => {
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

        expect(read.unreadable !== undefined).toBe(hasUnreadableLine(d.bytes));
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
