/**
 * A publisher's flood into a digest. Each write of the state file rewrites it whole and waits for the disk (the CLI's
 * --data-dir, the app's state.json), so the pending digest is written at most every couple of seconds, like the inbox
 * cache beside it, never once per message; stopping writes what is still unwritten, so a restart keeps every item.
 * Memory and the saved list stay bounded however many arrive. Real files in a temp directory, fake clock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestCollector, DIGESTS_KEY, MAX_KEYS_KEPT, type PendingDigest } from '../../../src/core/notify/digests';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import type { KeyValueStore } from '../../../src/core/store';
import { ManualClock } from '../../helpers/manual-clock';

const FLOOD = 2000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-digest-flood-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The real file store, counting its whole-file writes of the pending digests. */
function countingStore(path: string): { store: KeyValueStore; writes: () => number } {
  const inner = new JsonFileStore(path, { durable: false });
  let writes = 0;
  return {
    store: { get: (k) => inner.get(k), set: (k, v) => (k === DIGESTS_KEY && writes++, inner.set(k, v)), delete: (k) => inner.delete(k) },
    writes: () => writes,
  };
}

describe('a flood into a digest', () => {
  it(`${FLOOD} messages in a burst: a few writes of the state file, not one per message; the saved digest counts them all`, () => {
    const path = join(dir, 'state.json');
    const { store, writes } = countingStore(path);
    const clock = new ManualClock();
    const collector = new DigestCollector({ clock, store, onDue: () => {} });
    for (let n = 1; n <= FLOOD; n++) collector.add({ kind: 'rule', id: 'ci' }, 30, { key: `home/ci:m${n}`, title: `Build ${n}`, sourceId: 'home' });
    clock.advance(5_000);
    expect(writes()).toBeLessThanOrEqual(3);
    const saved = JSON.parse(readFileSync(path, 'utf8'))[DIGESTS_KEY] as PendingDigest[];
    expect(saved).toHaveLength(1);
    expect(saved[0]!.count).toBe(FLOOD);
    expect(saved[0]!.itemKeys).toHaveLength(MAX_KEYS_KEPT);
    expect(saved[0]!.itemKeys.at(-1)).toBe(`home/ci:m${FLOOD}`);
    collector.dispose();
  });

  it('stopped right after a burst (before the next write was due): a restart keeps every item and shows them once', () => {
    const path = join(dir, 'state.json');
    const clock = new ManualClock();
    const first = new DigestCollector({ clock, store: new JsonFileStore(path, { durable: false }), onDue: () => {} });
    for (let n = 1; n <= 50; n++) first.add({ kind: 'rule', id: 'ci' }, 30, { key: `home/ci:m${n}`, title: `Build ${n}`, sourceId: 'home' });
    first.dispose();
    const shown: PendingDigest[] = [];
    const second = new DigestCollector({ clock, store: new JsonFileStore(path, { durable: false }), onDue: (d) => shown.push(d) });
    clock.advance(30 * 60_000);
    expect(shown.map((d) => [d.count, d.newestTitle])).toEqual([[50, 'Build 50']]);
    second.dispose();
  });

  it('a digest shown is gone from the file at once (a restart right after does not show it again)', () => {
    const path = join(dir, 'state.json');
    const clock = new ManualClock();
    const shown: PendingDigest[] = [];
    const first = new DigestCollector({ clock, store: new JsonFileStore(path, { durable: false }), onDue: (d) => shown.push(d) });
    first.add({ kind: 'rule', id: 'ci' }, 1, { key: 'home/ci:m1', title: 'Build 1', sourceId: 'home' });
    clock.advance(60_000);
    expect(shown).toHaveLength(1);
    const again: PendingDigest[] = [];
    const second = new DigestCollector({ clock, store: new JsonFileStore(path, { durable: false }), onDue: (d) => again.push(d) });
    clock.advance(24 * 3_600_000);
    expect(again).toEqual([]);
    second.dispose();
    first.dispose();
  });
});
