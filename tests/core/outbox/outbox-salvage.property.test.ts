/**
 * Property tests over the outbox's file formats (issue 26): whatever bytes are in `outbox.json` or its journal, the
 * outbox never throws, every well-formed record is sent exactly once, the rest is kept aside with a report, and the
 * work of reading is linear in the file's size (counted, not timed).
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../../src/core/outbox/outbox';
import { salvageEntries, salvageOutboxStore } from '../../../src/core/outbox/outbox-salvage';
import { parseEntry } from '../../../src/core/outbox/outbox-schema';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import type { OutboxEntry } from '../../../src/shared/outbox';
import { FakeSend } from './fake-send';

const entryArb: fc.Arbitrary<OutboxEntry> = fc.record({
  key: fc.uuid(),
  sourceId: fc.constantFrom('s', 'other'),
  action: fc.oneof(
    fc.record({ type: fc.constant('like' as const), itemId: fc.stringMatching(/^[a-z0-9]{1,8}$/) }),
    fc.record({ type: fc.constant('comment' as const), itemId: fc.stringMatching(/^[a-z0-9]{1,8}$/), body: fc.string({ minLength: 1, maxLength: 40 }).filter((b) => b.trim().length > 0) }),
  ),
  createdAt: fc.nat(),
  state: fc.constant({ kind: 'pending' as const, attempts: 0 }),
});
const entriesArb = fc.uniqueArray(entryArb, { minLength: 1, maxLength: 12, selector: (e) => e.key });
/** Anything a disk, an editor or a crash could leave, as one line (it never says "key": itself). */
const garbageArb = fc
  .string({ unit: fc.oneof(fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '"action":', '\u0000'), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 30 })
  .map((g) => `${g.replaceAll('"key"', '')}\n`);

/** outbox.json as Herald writes it, with garbage lines before some records and cut short at `cut` (0..1 of its length). */
function damaged(entries: OutboxEntry[], garbage: Array<string | null>, cut: number): { text: string; whole: OutboxEntry[] } {
  const parts = entries.map((e, i) => `${garbage[i] ?? ''}\t\t${JSON.stringify(e, null, '\t').replaceAll('\n', '\n\t\t')}`);
  const text = `{\n\t"version": 2,\n\t"entries": [\n${parts.join(',\n')}\n\t]\n}`;
  const end = Math.floor(text.length * cut);
  const whole: OutboxEntry[] = [];
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    at = text.indexOf('\n', text.indexOf(`"key": "${entries[i]!.key}"`));
    const close = text.indexOf('\n\t\t}', at) + 4;
    if (close <= end) whole.push(entries[i]!);
  }
  return { text: text.slice(0, end), whole };
}

describe('salvageEntries (the tolerant reader of a damaged outbox.json)', () => {
  it('never throws on any text; what it returns are well-formed entries with distinct keys; work at most twice the length', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '\n', 'key', 'action', 'x'), maxLength: 400 })), (text) => {
        const r = salvageEntries(text);
        for (const e of r.entries) expect(parseEntry(e).ok).toBe(true);
        expect(new Set(r.entries.map((e) => e.key)).size).toBe(r.entries.length);
        expect(r.work).toBeLessThanOrEqual(2 * text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('finds every whole record of a half-written file with garbage lines between records', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(fc.option(garbageArb), { maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (entries, garbage, cut) => {
        const { text, whole } = damaged(entries, garbage, cut);
        const found = salvageEntries(text).entries.map((e) => e.key);
        for (const e of whole) expect(found).toContain(e.key);
      }),
      { numRuns: 300 },
    );
  });

  it('linear on hostile nesting: twice the input, at most twice the work (plus a constant)', () => {
    for (const unit of ['[{"key":"k","action":', '{"key":', '["\\', '[[[[{{{{']) {
      const small = salvageEntries(unit.repeat(5_000)).work;
      const big = salvageEntries(unit.repeat(10_000)).work;
      expect(big).toBeLessThanOrEqual(2 * small + 16);
    }
  });
});

describe('any bytes in outbox.json or its journal, through a real file store and the outbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-salvage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Open the data as `herald subscribe` does, send everything, and report what the "server" applied. */
  async function openAndSend(): Promise<{ outbox: Outbox; send: FakeSend }> {
    const store = new JsonFileStore(join(dir, 'outbox.json'), { durable: false, salvage: salvageOutboxStore });
    const send = new FakeSend();
    const outbox = new Outbox({ store, send: send.send, random: () => 0, persistDelayMs: 0 });
    outbox.setOnline('s', true);
    outbox.setOnline('other', true);
    await outbox.flush();
    return { outbox, send };
  }

  it('outbox.json: every whole record is sent once; a damaged file is kept aside byte for byte and reported', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.array(fc.option(garbageArb), { maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), async (entries, garbage, cut) => {
        rmSync(dir, { recursive: true, force: true });
        dir = mkdtempSync(join(tmpdir(), 'herald-salvage-'));
        const { text, whole } = damaged(entries, garbage, cut);
        writeFileSync(join(dir, 'outbox.json'), text);
        const { outbox, send } = await openAndSend();
        for (const e of whole) expect(send.received.get(e.key)).toBe(1);
        for (const n of send.received.values()) expect(n).toBe(1);
        const aside = readdirSync(dir).filter((n) => n.startsWith('outbox.json.corrupt-'));
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        if (!parses) {
          expect(aside).toHaveLength(1);
          expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(text);
          expect(outbox.notices().some((n) => n.path === join(dir, aside[0]!))).toBe(true);
        }
        outbox.dispose();
        // Sent and acknowledged: a restart sends nothing again.
        const again = await openAndSend();
        expect(again.send.received.size).toBe(0);
        again.outbox.dispose();
      }),
      { numRuns: 60 },
    );
  });

  it('outbox.json of any bytes at all: never a crash, nothing sent twice, the bytes kept aside exactly when they are not a JSON object', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        rmSync(dir, { recursive: true, force: true });
        dir = mkdtempSync(join(tmpdir(), 'herald-salvage-'));
        writeFileSync(join(dir, 'outbox.json'), bytes);
        const { outbox, send } = await openAndSend();
        for (const n of send.received.values()) expect(n).toBe(1);
        let object = false;
        try {
          const v: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
          object = typeof v === 'object' && v !== null && !Array.isArray(v);
        } catch {
          object = false;
        }
        const aside = readdirSync(dir).filter((n) => n.startsWith('outbox.json.corrupt-'));
        expect(aside).toHaveLength(object ? 0 : 1);
        if (!object) {
          expect(Buffer.compare(readFileSync(join(dir, aside[0]!)), Buffer.from(bytes))).toBe(0);
          expect(outbox.notices().some((n) => n.path === join(dir, aside[0]!))).toBe(true);
        }
        outbox.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('the journal: any lines among well-formed records; every record is applied once, the unreadable lines kept aside and reported', async () => {
    const lineArb = fc.oneof(
      entryArb.map((entry) => ({ line: JSON.stringify({ op: 'put', entry }), entry })),
      fc.string({ unit: 'binary', maxLength: 60 }).map((g) => ({ line: g.replaceAll('\n', ' '), entry: null })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 20 }), async (lines) => {
        rmSync(dir, { recursive: true, force: true });
        dir = mkdtempSync(join(tmpdir(), 'herald-salvage-'));
        writeFileSync(join(dir, 'outbox.entries.journal'), `${lines.map((l) => l.line).join('\n')}\n`);
        const { outbox, send } = await openAndSend();
        const wanted = new Set(lines.flatMap((l) => (l.entry ? [l.entry.key] : [])));
        expect(new Set(send.received.keys())).toEqual(wanted);
        for (const n of send.received.values()) expect(n).toBe(1);
        const unreadable = lines.some((l) => {
          if (l.line.trim() === '') return false;
          try {
            JSON.parse(l.line);
            return false;
          } catch {
            return true;
          }
        });
        const aside = readdirSync(dir).filter((n) => n.startsWith('outbox.entries.journal.corrupt-'));
        expect(aside.length).toBe(unreadable ? 1 : 0);
        if (unreadable) expect(outbox.notices().some((n) => n.path === join(dir, aside[0]!))).toBe(true);
        expect(existsSync(join(dir, 'outbox.json'))).toBe(true);
        outbox.dispose();
      }),
      { numRuns: 60 },
    );
  });
});
