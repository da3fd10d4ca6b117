import { ConnectionStore } from '../../src/renderer/src/stores/connection-store.svelte';
import { DetailStore } from '../../src/renderer/src/stores/detail-store.svelte';
import { InboxStore } from '../../src/renderer/src/stores/inbox-store.svelte';
import { OutboxStore } from '../../src/renderer/src/stores/outbox-store.svelte';
import type { ConnectionState } from '../../src/shared/connection-state';
import { markAllReadActions } from '../../src/shared/inbox';
import type { OutboxEntry } from '../../src/shared/outbox';
import { FakeBridge, OPEN, makeItem, makeItems } from './fake-bridge';

describe('InboxStore', () => {
  it('derives the unread count from the items as batches arrive', () => {
    const inbox = new InboxStore();
    inbox.load(makeItems(3));
    expect(inbox.unread).toBe(3);
    inbox.apply([{ kind: 'added', items: [makeItem(4)] }]);
    expect(inbox.unread).toBe(4);
    inbox.apply([{ kind: 'updated', items: [makeItem(2, { read: true, pending: { read: true } })] }]);
    expect(inbox.unread).toBe(3);
    inbox.apply([{ kind: 'removed', keys: ['main/4'] }]);
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map((i) => i.key)).toEqual(['main/3', 'main/2', 'main/1']);
  });

  it('keeps the filtered view in step with filters, search and new items', () => {
    const inbox = new InboxStore();
    inbox.load([makeItem(2, { title: 'Deploy finished' }), makeItem(1, { title: 'Lunch', read: true })]);
    inbox.setFilter({ read: 'unread' });
    expect(inbox.visible.map((i) => i.title)).toEqual(['Deploy finished']);
    inbox.apply([{ kind: 'added', items: [makeItem(3, { title: 'Deploy failed' })] }]);
    expect(inbox.visible.map((i) => i.title)).toEqual(['Deploy failed', 'Deploy finished']);
    inbox.setFilter({ query: 'failed' });
    expect(inbox.visible.map((i) => i.title)).toEqual(['Deploy failed']);
    expect(inbox.filtering).toBe(true);
    inbox.clearFilter();
    expect(inbox.visible).toHaveLength(3);
  });

  it('asks for a reload on reset', () => {
    const inbox = new InboxStore();
    expect(inbox.apply([{ kind: 'reset' }])).toBe(true);
    expect(inbox.apply([{ kind: 'added', items: [] }])).toBe(false);
  });

  it('marks all read only up to the newest item of each source shown (the tray\'s rule too)', () => {
    const inbox = new InboxStore();
    inbox.load([makeItem(5, { sourceId: 'b' }), makeItem(4, { read: true }), makeItem(3), makeItem(1, { sourceId: 'b' })]);
    expect(markAllReadActions(inbox.items)).toEqual([
      { sourceId: 'b', upTo: '5' },
      { sourceId: 'main', upTo: '4' },
    ]);
  });
});

describe('ConnectionStore', () => {
  const backoff: ConnectionState = { kind: 'backoff', transport: 'sse', attempt: 1, retryAt: 0, error: { code: 'network', message: 'ECONNREFUSED' } };
  const summary = (overall: ConnectionState) => ({ overall, sources: [] });

  it('shows the reconnecting banner from a loss until the link is open again', () => {
    const c = new ConnectionStore();
    expect(c.banner).toBe('none'); // first connect is not an outage
    c.set(summary(OPEN));
    c.set(summary(backoff));
    expect(c.banner).toBe('reconnecting');
    c.set(summary({ kind: 'connecting', transport: 'sse', attempt: 2 }));
    expect(c.banner).toBe('reconnecting');
    c.set(summary(OPEN));
    expect(c.banner).toBe('none');
  });

  it('tells offline and failed apart', () => {
    const c = new ConnectionStore();
    c.set(summary({ kind: 'offline' }));
    expect(c.banner).toBe('offline');
    c.set(summary({ kind: 'failed', error: { code: 'auth', message: '' } }));
    expect(c.banner).toBe('failed');
    c.set(summary({ kind: 'paused', reason: 'user' }));
    expect(c.banner).toBe('none');
  });
});

describe('OutboxStore', () => {
  const failed: OutboxEntry = {
    key: 'k1',
    sourceId: 'main',
    action: { type: 'like', itemId: '1' },
    createdAt: 0,
    state: { kind: 'failed', attempts: 3, error: { code: 'invalid_input', message: 'unknown_item' }, failedAt: 0 },
  };

  it('is syncing while entries wait or are sent', async () => {
    const o = new OutboxStore(new FakeBridge());
    expect(o.syncing).toBe(false);
    await o.setProgress({ pending: 9, sending: 1, failed: 0, done: 2, total: 12 });
    expect(o.syncing).toBe(true);
    await o.setProgress({ pending: 0, sending: 0, failed: 0, done: 0, total: 0 });
    expect(o.syncing).toBe(false);
  });

  it('fetches failed entries when failures appear, and drops one on retry or discard', async () => {
    const bridge = new FakeBridge();
    bridge.outbox = [failed, { ...failed, key: 'k2' }, { ...failed, key: 'k3', state: { kind: 'pending', attempts: 0 } }];
    const o = new OutboxStore(bridge);
    await o.setProgress({ pending: 1, sending: 0, failed: 2, done: 0, total: 1 });
    expect(o.failed.map((e) => e.key)).toEqual(['k1', 'k2']);
    await o.retry('k1');
    expect(bridge.retryOutbox).toHaveBeenCalledWith('k1');
    await o.discard('k2');
    expect(bridge.discardOutbox).toHaveBeenCalledWith('k2');
    expect(o.failed).toEqual([]);
  });

  it('keeps an entry when main refuses to retry it', async () => {
    const bridge = new FakeBridge();
    bridge.outbox = [failed];
    bridge.retryOutbox.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'gone' } });
    const o = new OutboxStore(bridge);
    await o.setProgress({ pending: 0, sending: 0, failed: 1, done: 0, total: 0 });
    await expect(o.retry('k1')).rejects.toThrow('gone');
    expect(o.failed).toHaveLength(1);
    expect(o.isBusy('k1')).toBe(false);
  });
});

describe('DetailStore', () => {
  const comment = (id: string, body: string, pending = false) => ({ id, itemId: '1', author: pending ? '' : 'ann', body, time: '2026-11-24T08:00:00Z', pending });

  it('loads comments and adds live ones, replacing our pending comment with the server copy', async () => {
    const bridge = new FakeBridge();
    bridge.comments.set('main/1', [comment('c1', 'first')]);
    const d = new DetailStore(bridge);
    await d.open('main/1');
    expect(d.comments.map((c) => c.id)).toEqual(['c1']);
    expect(d.isLive('c1')).toBe(false);

    d.addComment('main/1', comment('pending:k1', 'mine', true));
    d.addComment('main/2', comment('other', 'elsewhere'));
    d.addComment('main/1', comment('c2', 'theirs'));
    expect(d.comments.map((c) => c.id)).toEqual(['c1', 'pending:k1', 'c2']);
    expect(d.isLive('c2')).toBe(true);

    d.addComment('main/1', comment('c3', 'mine'));
    expect(d.comments.map((c) => c.id)).toEqual(['c1', 'c3', 'c2']);
    expect(d.comments.some((c) => c.pending)).toBe(false);
  });

  it('reloads when the item waits on fewer comments than it shows pending (one failed)', async () => {
    const bridge = new FakeBridge();
    const d = new DetailStore(bridge);
    await d.open('main/1');
    d.addComment('main/1', comment('pending:k1', 'mine', true));
    d.reconcile(makeItem(1, { pending: { comments: 1 } }));
    expect(bridge.getComments).toHaveBeenCalledTimes(1);
    d.reconcile(makeItem(1));
    await vi.waitFor(() => expect(d.comments).toEqual([]));
    expect(bridge.getComments).toHaveBeenCalledTimes(2);
  });

  it('ignores a slow load for an item that is no longer open', async () => {
    const bridge = new FakeBridge();
    let release!: () => void;
    bridge.getComments.mockImplementationOnce(
      (key: string) => new Promise((resolve) => (release = () => resolve({ ok: true, value: { comments: [comment('old', key)] } }))),
    );
    const d = new DetailStore(bridge);
    const first = d.open('main/1');
    await d.open('main/2');
    release();
    await first;
    expect(d.key).toBe('main/2');
    expect(d.comments).toEqual([]);
  });
});

describe('ConnectionStore first load', () => {
  const status = (id: string, loading?: { done: number; total?: number }) => ({
    id,
    label: id,
    kind: 'herald' as const,
    state: OPEN,
    malformed: 0,
    ...(loading ? { loading } : {}),
  });

  it('sums the first-load progress of the sources still loading', () => {
    const c = new ConnectionStore();
    expect(c.loading).toBeNull();
    c.set({ overall: OPEN, sources: [status('a', { done: 120, total: 500 }), status('b', { done: 30, total: 100 }), status('c')] });
    expect(c.loading).toEqual({ done: 150, total: 600 });
    c.set({ overall: OPEN, sources: [status('a', { done: 200 }), status('b', { done: 30, total: 100 })] });
    expect(c.loading).toEqual({ done: 230 });
    c.set({ overall: OPEN, sources: [status('a')] });
    expect(c.loading).toBeNull();
  });
});
