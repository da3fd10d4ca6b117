/**
 * The outbox's entry list (src/core/outbox/outbox-entries.ts) and what it is for: a long replay whose cost per
 * acknowledgement does not grow with the queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../helpers/manual-clock';
import { Outbox } from '../../../src/core/outbox/outbox';
import { OutboxEntries } from '../../../src/core/outbox/outbox-entries';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import type { OutboxEntry, OutboxEntryState } from '../../../src/shared/outbox';
import { OK } from './fake-send';

const entry = (key: string, state: OutboxEntryState = { kind: 'pending', attempts: 0 }): OutboxEntry => ({
  key,
  sourceId: 's1',
  action: { type: 'mark_read', itemId: key },
  createdAt: 0,
  state,
});

/** A small seeded generator, so a failing run can be replayed from the seed in its message. */
function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

describe('OutboxEntries', () => {
  it('keeps enqueue order, lookups and counts right through thousands of removals in any order', () => {
    const seed = Date.now() % 1_000_000;
    const random = seeded(seed);
    const list = new OutboxEntries();
    let model: OutboxEntry[] = [];
    let next = 0;
    for (let step = 0; step < 6000; step++) {
      const r = random();
      if (r < 0.3 || model.length === 0) {
        const e = entry(String(next++));
        list.push(e);
        model.push(e);
      } else if (r < 0.5) {
        // Mostly near the head, as acknowledgements arrive; sometimes anywhere (a discard).
        const i = Math.floor(random() * (random() < 0.8 ? Math.min(4, model.length) : model.length));
        const kind = (['pending', 'sending', 'failed'] as const)[Math.floor(random() * 3)]!;
        const state: OutboxEntryState = kind === 'failed' ? { kind, attempts: 1, error: { code: 'invalid_input', message: 'refused' }, failedAt: 0 } : { kind, attempts: 1 };
        const changed = list.setState(model[i]!.key, state);
        expect(Object.isFrozen(changed), `seed ${seed}`).toBe(true);
        model[i] = changed;
      } else {
        const i = Math.floor(random() * (random() < 0.8 ? Math.min(4, model.length) : model.length));
        list.remove(model[i]!.key);
        model.splice(i, 1);
      }
      if (step % 97 === 0 || model.length < 3) {
        expect(list.list().map((e) => e.key), `seed ${seed}, step ${step}`).toEqual(model.map((e) => e.key));
        const count = (k: string) => model.filter((e) => e.state.kind === k).length;
        expect(list.progress(5), `seed ${seed}`).toEqual({ pending: count('pending'), sending: count('sending'), failed: count('failed'), done: 5, total: 5 + count('pending') + count('sending') });
        expect(list.hasWaiting()).toBe(count('pending') + count('sending') > 0);
      }
      expect(list.length).toBe(model.length);
      const probe = model[Math.floor(random() * model.length)];
      if (probe) expect(list.get(probe.key)).toBe(probe);
    }
    for (const e of model) list.remove(e.key);
    expect(list.list()).toEqual([]);
    expect(list.get('0')).toBeUndefined();
  });
});

describe('Outbox replay cost', () => {
  /** Replay `n` queued actions against a send that answers at once; the time per acknowledgement, ms. */
  async function perAck(n: number): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'herald-outbox-cost-'));
    const clock = new ManualClock();
    // A journaling store (not synced: the disk is not what is measured), so queueing costs O(1) per action too.
    const store = new JsonFileStore(join(dir, 'outbox.json'), { durable: false });
    const outbox = new Outbox({ store, send: () => Promise.resolve(OK), clock, maxEntries: n });
    try {
      for (let i = 0; i < n; i++) outbox.enqueue('s1', { type: 'mark_read', itemId: String(i % 50) });
      const t = performance.now();
      outbox.setOnline('s1', true);
      await outbox.flush();
      const ms = performance.now() - t;
      expect(outbox.progress()).toMatchObject({ done: n, pending: 0, sending: 0 });
      return ms / n;
    } finally {
      outbox.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('costs about the same per acknowledgement with 10 000 queued as with 1 000 (was several whole-queue passes per acknowledgement)', async () => {
    await perAck(1000); // warm-up: the first run pays for compiling
    const small = Math.min(await perAck(1000), await perAck(1000));
    const large = await perAck(10_000);
    // Linear: ~0.6× (measured). The old list made it ~4–5× (passes over the queue per acknowledgement); 2× leaves room for a busy machine.
    expect(large / small, `${small.toFixed(4)} ms per acknowledgement at 1 000, ${large.toFixed(4)} at 10 000`).toBeLessThan(2);
  });
});
