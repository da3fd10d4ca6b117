/**
 * Servers that take no actions (ntfy, Nchan): reading an item is kept on this computer, at once, and nothing is
 * queued that the server would refuse (it used to sit in the outbox as "Syncing 0/1" for ever).
 */
import { createHeraldClient } from '../../src/core/client';
import type { HeraldClient } from '../../src/core/herald-client';
import { MemoryStore } from '../../src/core/store';
import type { InboxSnapshot } from '../../src/core/inbox/inbox';

let client: HeraldClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

function item(n: number) {
  return {
    key: `alerts/m${n}`,
    sourceId: 'alerts',
    itemId: `m${n}`,
    eventId: `m${n}`,
    kind: 'notification' as const,
    title: `t${n}`,
    body: '',
    priority: 3 as const,
    time: new Date(Date.UTC(2026, 10, 30, 8, n)).toISOString(),
    read: false,
    likes: 0,
    liked: false,
    commentCount: 0,
  };
}

describe.each(['ntfy', 'nchan'] as const)('a %s source', (kind) => {
  it('marks read here and queues nothing; offers no likes or comments', () => {
    const inboxStore = new MemoryStore();
    const snapshot: InboxSnapshot = { version: 1, items: [item(1), item(2), item(3)] };
    inboxStore.set('inbox', snapshot);
    const url = kind === 'ntfy' ? 'http://127.0.0.1:9' : 'http://127.0.0.1:9/sub/{transport}/{channel}';
    client = createHeraldClient({ sources: [{ id: 'alerts', kind, url, channels: ['c'] }], store: new MemoryStore(), inboxStore, firstLoad: 0, keepProcessAlive: false });
    client.start(); // nothing listens on port 9: the link waits in backoff, reading works all the same
    expect(client.unreadCount()).toBe(3);
    expect(client.connection().sources[0]?.actionless).toBe(true);

    client.act('alerts', { type: 'mark_read', itemId: 'm2' });
    expect(client.items().find((i) => i.itemId === 'm2')?.read).toBe(true);
    expect(client.unreadCount()).toBe(2);
    client.act('alerts', { type: 'mark_all_read', upTo: 'm1' });
    expect(client.unreadCount()).toBe(0);
    expect(client.outboxEntries()).toEqual([]);
    expect(client.outboxProgress()).toMatchObject({ pending: 0, total: 0 });

    expect(() => client!.act('alerts', { type: 'like', itemId: 'm1' })).toThrow(/no likes or comments/);
    expect(() => client!.act('alerts', { type: 'comment', itemId: 'm1', body: 'hi' })).toThrow(/no likes or comments/);
  });
});
