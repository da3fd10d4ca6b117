import { silentLogger } from '../../../src/core/base/log';
import { ManualClock } from '../../helpers/manual-clock';
import { Emitter } from '../../../src/core/base/emitter';
import type { BatchedEvent } from '../../../src/shared/ipc-contract';
import type { Settings } from '../../../src/shared/settings';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createEventForwarder } from '../../../src/main/ipc/event-forwarder';
import { createPausedState } from '../../../src/main/paused-state';
import type { InboxChange } from '../../../src/shared/inbox';
import { emptyClient } from '../real-client';

/**
 * The real client with its inbox-change stream stood in for: these tests fire exact change lists (5000 one-item
 * changes, 10 × 500, the very arrays checked afterwards) inside one 16 ms window, which a real inbox cannot be told to do.
 */
function clientWithInbox() {
  const real = emptyClient();
  const inbox = new Emitter<InboxChange[]>(silentLogger);
  let unread = 0;
  vi.spyOn(real, 'onDidChangeInbox').mockImplementation(inbox.event);
  vi.spyOn(real, 'unreadCount').mockImplementation(() => unread);
  return { real, inbox, set unread(n: number) { unread = n; } };
}

function setup() {
  const clock = new ManualClock();
  const client = clientWithInbox();
  const settingsChanged = new Emitter<Settings>(silentLogger);
  const paused = createPausedState(silentLogger);
  const batches: BatchedEvent[][] = [];
  const fwd = createEventForwarder({ client: client.real, settings: { onDidChange: settingsChanged.event }, paused, clock, emit: (b) => batches.push(b) });
  return { clock, client, settingsChanged, paused, batches, fwd };
}

const added = (n: number) => [{ kind: 'added' as const, items: [{ key: `demo/i${n}` } as never] }];

describe('event forwarder', () => {
  it('turns a burst of 5000 inbox changes into one message per 16 ms window, changes in order', () => {
    const { clock, client, batches } = setup();
    for (let i = 0; i < 5000; i++) {
      client.unread = i + 1;
      client.inbox.fire(added(i));
      if (i % 1000 === 999) clock.advance(16);
    }
    clock.advance(16);
    expect(batches.length).toBe(5);
    const all = batches.flat();
    const keys = all.flatMap((e) => (e.channel === 'herald:inbox-changed' ? e.payload.changes.flatMap((c) => (c.kind === 'added' ? c.items.map((it) => it.key) : [])) : []));
    expect(keys).toHaveLength(5000);
    expect(keys[0]).toBe('demo/i0');
    expect(keys[4999]).toBe('demo/i4999');
    const last = all[all.length - 1];
    expect(last?.channel === 'herald:inbox-changed' && last.payload.unread).toBe(5000);
  });

  it('sends a catch-up window holding thousands of items as several messages of at most 2000, in order', () => {
    const { clock, client, batches } = setup();
    const many = (from: number, n: number) => [{ kind: 'added' as const, items: Array.from({ length: n }, (_, i) => ({ key: `demo/i${from + i}` }) as never) }];
    for (let i = 0; i < 10; i++) client.inbox.fire(many(i * 500, 500));
    clock.advance(16);
    const sizes = batches.map((b) => b.reduce((n, e) => n + (e.channel === 'herald:inbox-changed' ? e.payload.changes.reduce((m, c) => m + (c.kind === 'added' ? c.items.length : 0), 0) : 0), 0));
    expect(sizes).toEqual([2000, 2000, 1000]);
    const keys = batches.flat().flatMap((e) => (e.channel === 'herald:inbox-changed' ? e.payload.changes.flatMap((c) => (c.kind === 'added' ? c.items.map((it) => it.key) : [])) : []));
    expect(keys).toEqual(Array.from({ length: 5000 }, (_, i) => `demo/i${i}`));
  });

  it('never changes the change lists the core handed out when it merges them', () => {
    const { clock, client, batches } = setup();
    const first = added(1);
    const second = added(2);
    client.inbox.fire(first);
    client.inbox.fire(second);
    client.inbox.fire(added(3));
    clock.advance(16);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    const e = batches[0]?.[0];
    expect(e?.channel === 'herald:inbox-changed' && e.payload.changes).toHaveLength(3);
  });

  it('keeps the order between channels and sends nothing before the window closes', () => {
    const { clock, client, paused, settingsChanged, batches, fwd } = setup();
    client.inbox.fire(added(1));
    paused.set(true);
    client.inbox.fire(added(2));
    settingsChanged.fire({ ...DEFAULT_SETTINGS, sound: false });
    settingsChanged.fire({ ...DEFAULT_SETTINGS, sound: true });
    fwd.push({ channel: 'herald:focus-item', payload: 'demo/i2' });
    clock.advance(15);
    expect(batches).toEqual([]);
    clock.advance(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((e) => e.channel)).toEqual(['herald:inbox-changed', 'herald:paused-changed', 'herald:inbox-changed', 'herald:settings-changed', 'herald:focus-item']);
    // Two adjacent settings snapshots: only the newest is sent.
    const s = batches[0]?.[3];
    expect(s?.channel === 'herald:settings-changed' && s.payload.sound).toBe(true);
  });

  it('stops listening after dispose', () => {
    const { clock, client, batches, fwd } = setup();
    client.inbox.fire(added(1));
    fwd.dispose();
    client.inbox.fire(added(2));
    clock.advance(100);
    expect(batches).toEqual([]);
    expect(client.inbox.size).toBe(0);
  });
});
