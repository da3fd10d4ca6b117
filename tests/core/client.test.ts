import { createHeraldClient } from '../../src/core/client';
import type { HeraldClient, DeliveredEvents } from '../../src/core/herald-client';
import { MemoryStore } from '../../src/core/store';
import { startServer, type RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';

const fast = {
  supervisor: { baseDelayMs: 20, maxDelayMs: 200 },
  source: { herald: { keepaliveMs: 500 } },
};

let server: RunningServer;
let client: HeraldClient | undefined;

beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true });
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server.close();
});

function connect(store = new MemoryStore(), extra: Partial<Parameters<typeof createHeraldClient>[0]> = {}): HeraldClient {
  client = createHeraldClient({ sources: [{ id: 'main', kind: 'herald', url: server.url }], store, tuning: fast, ...extra });
  return client;
}

describe('HeraldClient over the reference server', () => {
  it('loads recent history on first run without toasting it, then delivers live events', async () => {
    server.publish({ title: 'old one', body: '' });
    server.publish({ title: 'old two', body: '' });
    const c = connect();
    const delivered: DeliveredEvents[] = [];
    c.onDidReceiveEvents((e) => delivered.push(e));
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open', { message: 'connected' });
    expect(c.items().map((i) => i.title)).toEqual(['old two', 'old one']);
    expect(delivered.every((d) => d.catchUp)).toBe(true);

    server.publish({ title: 'live', body: '' });
    await waitFor(() => c.items().length === 3, { message: 'live item' });
    expect(delivered.at(-1)).toMatchObject({ catchUp: false, sourceId: 'main' });
    expect(c.unreadCount()).toBe(3);
  });

  it('a first run while the server is down loads the recent history once it is back, not only what comes live', async () => {
    const port = server.port;
    await server.close();
    const c = connect();
    const delivered: string[] = [];
    c.onDidReceiveEvents((e) => delivered.push(...e.events.map((x) => x.id)));
    c.start();
    await waitFor(() => c.connection().overall.kind === 'backoff', { message: 'waiting for the server' });
    server = await startServer({ port, keepaliveSeconds: 0.5, testHooks: true });
    server.publish({ title: 'old one', body: '' });
    server.publish({ title: 'old two', body: '' });
    await waitFor(() => c.connection().overall.kind === 'open', { timeoutMs: 8000, message: 'connected' });
    server.publish({ title: 'live', body: '' });
    await waitFor(() => c.items().some((i) => i.title === 'live'), { message: 'live item' });
    expect(c.items().map((i) => i.title)).toEqual(['live', 'old two', 'old one']);
    expect(delivered).toEqual(['1', '2', '3']);
  });

  it('an action taken before the link is up shows at once and is applied once when connected', async () => {
    const id = server.publish({ title: 'like me', body: '' }).id;
    const store = new MemoryStore();
    const c = connect(store);
    c.start();
    await waitFor(() => c.items().length === 1);
    await c.stop();

    // Offline: the server is gone; the like waits in the outbox and the UI shows it as pending.
    const port = server.port;
    await server.close();
    client = connect(store);
    client.start();
    client.act('main', { type: 'like', itemId: id });
    expect(client.items()[0]).toMatchObject({ likes: 1, liked: true, pending: { like: true } });
    expect(client.outboxProgress()).toMatchObject({ pending: 1 });

    server = await startServer({ port, keepaliveSeconds: 0.5, testHooks: true });
    // A fresh in-memory server: publish the item again so the like has something to apply to.
    server.publish({ title: 'like me', body: '' });
    await waitFor(() => server.actionLog().applied.length === 1, { timeoutMs: 8000, message: 'like applied' });
    const liked = () => client!.items().find((i) => i.title === 'like me');
    await waitFor(() => client!.outboxProgress().pending === 0 && liked()?.pending === undefined, { message: 'pending cleared' });
    expect(liked()).toMatchObject({ likes: 1, liked: true });
    // The server came back as a new instance without its data: the user is told messages may be missing.
    expect(client.items().filter((i) => i.notice?.reason === 'server_changed')).toHaveLength(1);
  });

  it('marks read through the outbox and the unread count drops', async () => {
    const c = connect();
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open');
    server.publish({ title: 'a', body: '' });
    server.publish({ title: 'b', body: '' });
    await waitFor(() => c.unreadCount() === 2);
    const first = c.items()[1]!;
    c.act('main', { type: 'mark_read', itemId: first.itemId });
    expect(c.unreadCount()).toBe(1);
    await waitFor(() => server.actionLog().applied.length === 1);
    await waitFor(() => c.outboxProgress().pending === 0);
    expect(c.unreadCount()).toBe(1);
  });

  it('comments() merges the server list with live comments, and a comment is shown once after confirmation', async () => {
    const c = connect();
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open');
    const id = server.publish({ title: 'post', body: '' }).id;
    await waitFor(() => c.items().length === 1);
    const key = c.items()[0]!.key;
    c.act('main', { type: 'comment', itemId: id, body: '<script>x</script> 你好' });
    expect(c.items()[0]).toMatchObject({ commentCount: 1, pending: { comments: 1 } });
    await waitFor(() => c.outboxProgress().pending === 0 && c.items()[0]?.commentCount === 1);
    const confirmed = await waitFor(async () => {
      const list = (await c.comments(key)).comments;
      return list.length === 1 && !list[0]!.pending ? list : null;
    });
    expect(confirmed[0]!.body).toBe('<script>x</script> 你好');
    expect(c.items()[0]!.commentCount).toBe(1);
  });

  it('comments() offline: what was loaded stays, a comment written offline stays, both marked possibly stale', async () => {
    const c = connect();
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open');
    const id = server.publish({ title: 'post', body: '' }).id;
    await waitFor(() => c.items().length === 1);
    const key = c.items()[0]!.key;
    c.act('main', { type: 'comment', itemId: id, body: 'online' });
    const online = await waitFor(async () => {
      const view = await c.comments(key);
      return view.comments.length === 1 && !view.comments[0]!.pending ? view : null;
    });
    expect(online.stale).toBeUndefined();

    const port = server.port;
    await server.close();
    await waitFor(() => c.connection().overall.kind !== 'open', { message: 'link down' });
    c.act('main', { type: 'comment', itemId: id, body: 'offline' });
    // Switching to another item and back asks again: the answer is what Herald knows, not an error.
    const offline = await c.comments(key);
    expect(offline.comments.map((x) => [x.body, x.pending])).toEqual([
      ['online', undefined],
      ['offline', true],
    ]);
    expect(offline.stale?.code).toBe('network');

    server = await startServer({ port, keepaliveSeconds: 0.5, testHooks: true });
  });

  it('reports the link going down and coming back in the connection summary', async () => {
    const c = connect(new MemoryStore(), { transport: 'sse' });
    const kinds: string[] = [];
    c.onDidChangeConnection((s) => kinds.push(s.overall.kind));
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open');
    const port = server.port;
    await server.close();
    await waitFor(() => kinds.includes('backoff'), { message: 'backoff after the server went away' });
    server = await startServer({ port, keepaliveSeconds: 0.5, testHooks: true });
    await waitFor(() => c.connection().overall.kind === 'open', { timeoutMs: 8000, message: 'open again' });
  });

  it('drops a removed source and its items', async () => {
    const c = connect();
    c.start();
    server.publish({ title: 'x', body: '' });
    await waitFor(() => c.items().length === 1);
    c.setSources([]);
    expect(c.items()).toEqual([]);
    expect(c.connection().sources).toEqual([]);
    expect(() => c.act('main', { type: 'mark_all_read' })).toThrow(/no source/);
  });
});
