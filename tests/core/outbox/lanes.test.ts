import { pickSendable } from '../../../src/core/outbox/lanes';
import type { Action } from '../../../src/shared/actions';
import type { OutboxEntry, OutboxEntryState } from '../../../src/shared/outbox';

let n = 0;
function e(action: Action, state: OutboxEntryState = { kind: 'pending', attempts: 0 }, sourceId = 's1'): OutboxEntry {
  return { key: `k${++n}-${action.type}`, sourceId, action, createdAt: n, state };
}
const pick = (entries: OutboxEntry[], now = 0, limit = 10) => pickSendable(entries, { now, isOnline: () => true, limit });
const keys = (r: { ready: OutboxEntry[] }) => r.ready.map((x) => x.key);

describe('pickSendable: what may go now', () => {
  it('takes the first waiting entry of each item, in enqueue order, up to the limit', () => {
    const list = [e({ type: 'like', itemId: 'a' }), e({ type: 'unlike', itemId: 'a' }), e({ type: 'like', itemId: 'b' }), e({ type: 'like', itemId: 'c' })];
    expect(keys(pick(list))).toEqual([list[0]!.key, list[2]!.key, list[3]!.key]);
    expect(keys(pick(list, 0, 2))).toEqual([list[0]!.key, list[2]!.key]);
  });

  it('keeps an item behind its entry that is being sent or waiting out a backoff, and says when to wake', () => {
    const list = [
      e({ type: 'like', itemId: 'a' }, { kind: 'sending', attempts: 1 }),
      e({ type: 'unlike', itemId: 'a' }),
      e({ type: 'like', itemId: 'b' }, { kind: 'pending', attempts: 1, nextAttemptAt: 500 }),
      e({ type: 'unlike', itemId: 'b' }),
    ];
    expect(pick(list, 100)).toEqual({ ready: [], wakeAt: 500 });
    expect(keys(pick(list, 500))).toEqual([list[2]!.key]);
  });

  it('lets a failed entry block nothing: later entries of its item go', () => {
    const list = [e({ type: 'comment', itemId: 'a', body: 'x' }, { kind: 'failed', attempts: 1, failedAt: 0, error: { code: 'invalid_input', message: 'no' } }), e({ type: 'like', itemId: 'a' })];
    expect(keys(pick(list))).toEqual([list[1]!.key]);
  });

  it('makes mark_all_read wait for every earlier action of its source, and everything after wait for it', () => {
    const before = e({ type: 'mark_read', itemId: 'x' });
    const all = e({ type: 'mark_all_read' });
    const after = e({ type: 'like', itemId: 'y' });
    const otherSource = e({ type: 'like', itemId: 'y' }, undefined, 's2');
    expect(keys(pick([before, all, after, otherSource]))).toEqual([before.key, otherSource.key]);
    expect(keys(pick([all, after]))).toEqual([all.key]);
  });

  it('sends nothing for a source that is offline', () => {
    const list = [e({ type: 'like', itemId: 'a' }), e({ type: 'like', itemId: 'b' }, undefined, 's2')];
    expect(keys(pickSendable(list, { now: 0, isOnline: (id) => id === 's2', limit: 10 }))).toEqual([list[1]!.key]);
  });

  it('stops at the head of the queue once every free slot has an entry (a settle asks again)', () => {
    const list = [e({ type: 'like', itemId: 'a' }), e({ type: 'like', itemId: 'b' }), e({ type: 'like', itemId: 'c' }, { kind: 'pending', attempts: 1, nextAttemptAt: 900 })];
    expect(pick(list, 0, 2)).toEqual({ ready: [list[0], list[1]], wakeAt: null });
    expect(pick(list, 0, 0)).toEqual({ ready: [], wakeAt: null });
    expect(pick(list, 0, 3)).toEqual({ ready: [list[0], list[1]], wakeAt: 900 });
  });
});
