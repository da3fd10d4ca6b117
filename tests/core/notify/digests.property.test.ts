/**
 * Pending digests are read back from a state file (the app's state.json, the CLI's --data-dir), which a crash, a
 * hand edit or another version may have left in any shape: reading never throws, keeps only well-formed digests,
 * and each kept one is still shown once when due. Fake clock, memory store.
 */
import fc from 'fast-check';
import { DigestCollector, DIGESTS_KEY, type PendingDigest } from '../../../src/core/notify/digests';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../src/core/store';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { ManualClock } from '../../helpers/manual-clock';

const good: PendingDigest = { owner: { kind: 'rule', id: 'ci-digest' }, dueAt: 1_700_000_060_000, count: 3, itemKeys: ['home/ci:1'], newestTitle: 'Build 3', sourceId: 'home' };

describe('pending digests read back', () => {
  it('never throws on any stored value; well-formed digests are shown once when due', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.oneof(fc.anything(), fc.constant(good))), (junk, list) => {
        for (const stored of [junk, list]) {
          const store = new MemoryStore();
          store.set(DIGESTS_KEY, stored);
          const clock = new ManualClock(1_700_000_000_000);
          const shown: PendingDigest[] = [];
          const collector = new DigestCollector({ clock, store, onDue: (d) => shown.push(d) });
          const kept = collector.pending();
          clock.advance(24 * 3_600_000);
          expect(shown).toHaveLength(kept.length);
          expect(collector.pending()).toEqual([]);
          collector.dispose();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a damaged entry is dropped alone; the good one beside it is kept', () => {
    const store = new MemoryStore();
    store.set(DIGESTS_KEY, [{ ...good, count: 'many' }, good, null]);
    const collector = new DigestCollector({ clock: new ManualClock(1_700_000_000_000), store, onDue: () => {} });
    expect(collector.pending()).toEqual([good]);
    collector.dispose();
  });

  it('a saved list nested too deep to copy (a state.json written by hand): dropped, and collecting goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-digest-deep-'));
    try {
      const path = join(dir, 'state.json');
      const depth = 200_000;
      writeFileSync(path, `{"${DIGESTS_KEY}": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
      const clock = new ManualClock(1_700_000_000_000);
      const shown: PendingDigest[] = [];
      const collector = new DigestCollector({ clock, store: new JsonFileStore(path, { durable: false }), onDue: (d) => shown.push(d) });
      expect(collector.pending()).toEqual([]);
      collector.add({ kind: 'rule', id: 'ci' }, 1, { key: 'home/ci:1', title: 'Build 1', sourceId: 'home' });
      clock.advance(60_000);
      expect(shown.map((d) => d.newestTitle)).toEqual(['Build 1']);
      collector.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
