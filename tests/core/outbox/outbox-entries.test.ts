/**
 * The outbox's entry list (src/core/outbox/outbox-entries.ts): order, lookups and counts stay right through any
 * sequence of changes (its cost per acknowledgement is measured by `npm run bench`, the replay row).
 */
import { OutboxEntries } from '../../../src/core/outbox/outbox-entries';
import type { OutboxEntry, OutboxEntryState } from '../../../src/shared/outbox';
import { lcg } from '../../support/seeded';

const entry = (key: string, state: OutboxEntryState = { kind: 'pending', attempts: 0 }): OutboxEntry => ({
  key,
  sourceId: 's1',
  action: { type: 'mark_read', itemId: key },
  createdAt: 0,
  state,
});


describe('OutboxEntries', () => {
  it('keeps enqueue order, lookups and counts right through thousands of removals in any order', () => {
    const seed = Date.now() % 1_000_000;
    const random = lcg(seed); // seeded: a failing run is replayed from the seed in its message
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
