/** What the reference server applied, checked against what the outbox queued. */
import type { RunningServer } from '../../../src/server/index';
import { actionTarget } from '../../../src/shared/actions';
import type { OutboxEntry } from '../../../src/shared/outbox';

/**
 * Every queued key applied exactly once (none lost, none twice), and in enqueue order per item, with
 * mark_all_read after everything queued before it and before everything queued after it.
 */
export function expectAppliedOnceInOrder(log: ReturnType<RunningServer['actionLog']>, enqueued: readonly OutboxEntry[], context = ''): void {
  const keys = log.applied.map((a) => a.key);
  expect(new Set(keys).size, context).toBe(keys.length);
  expect(keys.slice().sort(), context).toEqual(enqueued.map((e) => e.key).sort());
  const seq = new Map(log.applied.map((a) => [a.key, a.seq]));
  const lastInLane = new Map<string, number>();
  let barrier = 0;
  let highest = 0;
  for (const e of enqueued) {
    const s = seq.get(e.key)!;
    const lane = actionTarget(e.action);
    if (lane === '*') {
      expect(s, context).toBeGreaterThan(highest);
      barrier = s;
    } else {
      expect(s, context).toBeGreaterThan(Math.max(barrier, lastInLane.get(lane) ?? 0));
      lastInLane.set(lane, s);
    }
    highest = Math.max(highest, s);
  }
}
