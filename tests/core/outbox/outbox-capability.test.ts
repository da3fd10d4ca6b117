/**
 * No caller can queue an action a source cannot take: taking actions is a capability of a source (Herald has it,
 * Nchan and ntfy do not), and the outbox refuses at enqueue, with a code, what its source has no capability for —
 * nothing is saved, nothing waits as "syncing" for ever.
 */
import { Outbox, OutboxError } from '../../../src/core/outbox/outbox';
import { MemoryStore } from '../../../src/core/store';
import { createSource } from '../../../src/core/sources/index';
import { FakeSend } from './fake-send';

const outboxes: Outbox[] = [];
afterEach(() => {
  for (const o of outboxes.splice(0)) o.dispose();
});

describe('the outbox and what a source can take', () => {
  it('refuses at enqueue an action the source cannot take, with a code, and keeps nothing', () => {
    const store = new MemoryStore();
    const outbox = new Outbox({ store, send: new FakeSend().send, takesActions: (sourceId) => sourceId !== 'alerts' });
    outboxes.push(outbox);
    let refused: unknown;
    try {
      outbox.enqueue('alerts', { type: 'like', itemId: 'm1' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(OutboxError);
    expect(refused).toMatchObject({ code: 'invalid_input' });
    expect(outbox.entries()).toEqual([]);
    expect(store.get('entries') ?? []).toEqual([]);
    // The same outbox still queues for a source that takes actions.
    expect(outbox.enqueue('herald', { type: 'like', itemId: 'm1' }).sourceId).toBe('herald');
  });

  it.each(['ntfy', 'nchan'] as const)('a %s source has no actions capability; a Herald source has one', (kind) => {
    const url = kind === 'ntfy' ? 'http://127.0.0.1:9' : 'http://127.0.0.1:9/sub/{transport}/{channel}';
    expect(createSource({ id: 'a', kind, url, channels: ['c'] }, { fetch }).actions).toBeUndefined();
    expect(createSource({ id: 'h', kind: 'herald', url: 'http://127.0.0.1:9' }, { fetch }).actions).toBeDefined();
  });
});
