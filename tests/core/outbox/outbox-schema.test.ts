import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../helpers/manual-clock';
import { Outbox } from '../../../src/core/outbox/outbox';
import { MemoryStore, type KeyValueStore } from '../../../src/core/store';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { storedEntries } from './stored-entries';
import type { OutboxEntry } from '../../../src/shared/outbox';
import { FakeSend } from './fake-send';

let dir: string;
const outboxes: Outbox[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-schema-'));
});
afterEach(() => {
  for (const o of outboxes.splice(0)) o.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function open(fake = new FakeSend(), store: KeyValueStore = new JsonFileStore(join(dir, 'outbox.json'))): Outbox {
  const outbox = new Outbox({ store, send: fake.send, clock: new ManualClock(), random: () => 0 });
  outboxes.push(outbox);
  return outbox;
}

/** What the browser prototype Herald grew from wrote: its localStorage `pendingActions`, on disk, no version. */
const V1 = {
  pendingActions: [
    { id: 1700000000000.123, timestamp: 1700000000000, type: 'like', data: { itemId: '42' } },
    { id: 1700000000500.5, timestamp: 1700000000500, type: 'comment', data: { itemId: '42', body: '好文' } },
    { id: 1700000001000.9, timestamp: 1700000001000, type: 'mark_read', data: { itemId: '7' } },
  ],
};

describe('outbox store layout', () => {
  it('migrates a version-1 file on disk: same actions, same order, fresh keys, source "default"', async () => {
    const path = join(dir, 'outbox.json');
    writeFileSync(path, JSON.stringify(V1));
    const outbox = open();

    const entries = outbox.entries();
    expect(entries.map((e) => [e.sourceId, e.action, e.createdAt, e.state])).toEqual([
      ['default', { type: 'like', itemId: '42' }, 1700000000000, { kind: 'pending', attempts: 0 }],
      ['default', { type: 'comment', itemId: '42', body: '好文' }, 1700000000500, { kind: 'pending', attempts: 0 }],
      ['default', { type: 'mark_read', itemId: '7' }, 1700000001000, { kind: 'pending', attempts: 0 }],
    ]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(3);
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(onDisk.version).toBe(2);
    expect(onDisk.pendingActions).toBeUndefined();
    expect((onDisk.entries as OutboxEntry[]).map((e) => e.key)).toEqual(entries.map((e) => e.key));

    // Opening again does not migrate again (the keys stay, so the server can de-duplicate).
    outbox.dispose();
    expect(open().entries().map((e) => e.key)).toEqual(entries.map((e) => e.key));
  });

  it('sends migrated actions like any other', async () => {
    writeFileSync(join(dir, 'outbox.json'), JSON.stringify(V1));
    const fake = new FakeSend();
    const outbox = open(fake);
    outbox.setOnline('default', true);
    await outbox.flush();
    expect(fake.applied.map((e) => e.action.type).sort()).toEqual(['comment', 'like', 'mark_read']);
    // Item 42's like and comment keep their order; item 7's mark_read runs alongside.
    const types42 = fake.applied.filter((e) => e.action.type !== 'mark_all_read' && e.action.itemId === '42').map((e) => e.action.type);
    expect(types42).toEqual(['like', 'comment']);
  });

  it('sets aside v1 actions it cannot understand (kept in the file, with a notice) and migrates the rest', () => {
    const path = join(dir, 'outbox.json');
    const odd = { id: 3, timestamp: 3, type: 'dance', data: {} };
    writeFileSync(path, JSON.stringify({ pendingActions: [odd, V1.pendingActions[0]] }));
    const outbox = open();
    expect(outbox.entries().map((e) => e.action)).toEqual([{ type: 'like', itemId: '42' }]);
    expect(outbox.notices()).toEqual([{ code: 'store_corrupt', message: expect.stringContaining('1 queued action(s) from an older version') }]);
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as { quarantined: Array<{ reason: string; value: unknown }> };
    expect(onDisk.quarantined).toEqual([{ reason: expect.stringContaining('unknown action type'), value: odd, at: expect.any(Number) }]);
  });

  it('does not convert the v1 list twice when a migration was interrupted after writing entries', () => {
    const store = new MemoryStore();
    const migrated: OutboxEntry = { key: 'k-1', sourceId: 'default', action: { type: 'like', itemId: '42' }, createdAt: 1, state: { kind: 'pending', attempts: 0 } };
    store.set('pendingActions', V1.pendingActions);
    store.set('entries', [migrated]);
    const outbox = open(new FakeSend(), store);
    expect(outbox.entries().map((e) => e.key)).toEqual(['k-1']);
    expect(store.get('pendingActions')).toBeUndefined();
    expect(store.get('version')).toBe(2);
  });

  it('sets aside unreadable v2 entries with a notice and keeps the good ones', () => {
    const path = join(dir, 'outbox.json');
    const good = { key: 'k-good', sourceId: 's1', action: { type: 'like', itemId: '1' }, createdAt: 5, state: { kind: 'failed', attempts: 2, error: { code: 'invalid_input', message: 'no', status: 422 }, failedAt: 9 } };
    const bad = { key: 'k-bad', sourceId: 's1', action: { type: 'like' } };
    writeFileSync(path, JSON.stringify({ version: 2, entries: [bad, good, good] }));
    const outbox = open();
    expect(outbox.entries()).toEqual([good]);
    expect(outbox.notices()[0]?.message).toMatch(/2 queued action\(s\) could not be read/);
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as { entries: unknown[]; quarantined: Array<{ value: unknown }> };
    expect(onDisk.entries).toEqual([good]);
    expect(onDisk.quarantined.map((q) => q.value)).toEqual([bad, good]);
  });

  it('reads a file from a newer Herald but never writes over it, and says why new actions are refused', () => {
    const path = join(dir, 'outbox.json');
    const text = JSON.stringify({ version: 3, entries: [{ key: 'k1', sourceId: 's1', action: { type: 'like', itemId: '1' }, createdAt: 1, state: { kind: 'pending', attempts: 0 } }], future: true });
    writeFileSync(path, text);
    const outbox = open();
    expect(outbox.entries().map((e) => e.key)).toEqual(['k1']);
    expect(() => outbox.enqueue('s1', { type: 'like', itemId: '2' })).toThrowError(/newer version of Herald/);
    // Said as what it is (a code with its own words), not as "could not be read" nor as an internal error.
    expect(outbox.notices().map((n) => n.code)).toEqual(['store_newer']);
    try {
      outbox.enqueue('s1', { type: 'like', itemId: '2' });
    } catch (err) {
      expect((err as { code: string }).code).toBe('store_newer');
    }
    expect.assertions(5);
    outbox.dispose();
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('starts empty and usable over a corrupt file, which is kept aside with its bytes', async () => {
    const path = join(dir, 'outbox.json');
    writeFileSync(path, '{"version":2,"entries":[{"key"');
    const store = new JsonFileStore(path);
    const fake = new FakeSend();
    const outbox = open(fake, store);
    expect(store.notices.map((n) => n.code)).toEqual(['store_corrupt']);
    expect(outbox.entries()).toEqual([]);
    const aside = readdirSync(dir).filter((n) => n.startsWith('outbox.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"version":2,"entries":[{"key"');

    const e = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    expect(storedEntries(path).map((x) => x.key)).toEqual([e.key]);
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(fake.applied).toHaveLength(1);
  });
});
