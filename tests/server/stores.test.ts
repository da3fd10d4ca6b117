/**
 * The protocol on both stores: the file store (this process's memory) and the Redis store (the real redis-server).
 * The same checks run on each — publish → SSE, long-poll and poll → resume by cursor → gap → reset, and actions
 * applied once — so "Redis has the same semantics as the file store" is a claim the suite tests.
 */
import type { HeraldEvent } from '../../src/shared/events';
import type { RunningServer, ServerOptions } from '../../src/server/index';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { action, getJson, serve, subscribe } from './fixture';

let redis: RedisServer | undefined;
let namespaces = 0;

afterAll(async () => {
  await redis?.stop();
});

type StoreKind = 'file' | 'redis';

/** A server on the given store; on Redis, each test gets a namespace of its own (a fresh log). */
async function serveOn(kind: StoreKind, options: ServerOptions = {}, namespace?: string): Promise<RunningServer> {
  if (kind === 'file') return serve(options);
  redis ??= await startRedis();
  return serve({ ...options, redisUrl: redis.url, redisNamespace: namespace ?? `t${++namespaces}` });
}

const kinds: StoreKind[] = redisInstalled ? ['file', 'redis'] : ['file'];

describe.each(kinds)(`the protocol on the %s store${REDIS_SKIP_NOTE}`, (kind) => {
  it('publish → SSE live, then resume by cursor from the buffer', async () => {
    const server = await serveOn(kind);
    const live = await subscribe(server);
    await live.until((f) => f.some((x) => x.event === 'hello'));
    const published: HeraldEvent[] = [];
    for (let i = 1; i <= 5; i++) published.push(await server.publishAsync({ title: `n${i}` }));
    expect(published.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5']);
    await live.until((f) => f.filter((x) => x.event === 'notification').length === 5);
    expect(live.json<HeraldEvent>('notification')).toEqual(published);

    const resumed = await subscribe(server, '', { 'last-event-id': '3' });
    await resumed.until((f) => f.filter((x) => x.event === 'notification').length === 2);
    expect(resumed.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['4', '5']);
  });

  it('long-poll waits for the next event; poll answers at once; both carry the identity', async () => {
    const server = await serveOn(kind);
    await server.publishAsync({ title: 'first' });
    const waiting = getJson(`${server.url}/poll?cursor=1&timeout=30`);
    await server.publishAsync({ title: 'second' });
    const longPoll = await waiting;
    expect(longPoll.status).toBe(200);
    expect(longPoll.body).toMatchObject({ cursor: '2', hasMore: false, serverId: server.serverId });
    expect(longPoll.body.events.map((e: HeraldEvent) => e.data)).toEqual([expect.objectContaining({ title: 'second' })]);

    const poll = await getJson(`${server.url}/poll?cursor=0`);
    expect(poll.body.events.map((e: HeraldEvent) => e.id)).toEqual(['1', '2']);
    const notModified = await getJson(`${server.url}/poll?cursor=2`, { headers: { 'if-none-match': poll.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
  });

  it('a cursor older than the buffer gets a gap that history fills; a cursor ahead gets a reset', async () => {
    const server = await serveOn(kind, { bufferSize: 3, historyLimit: 10 });
    for (let i = 1; i <= 8; i++) await server.publishAsync({ title: `n${i}` });
    const old = await getJson(`${server.url}/poll?cursor=1`);
    expect(old.body.gap).toEqual({ after: '1', oldest: '6', latest: '8', reset: false });
    const sse = await subscribe(server, '?lastEventId=1');
    await sse.until((f) => f.some((x) => x.event === 'gap'));
    expect(sse.json('gap')[0]).toEqual({ after: '1', oldest: '6', latest: '8', reset: false });
    const page = await getJson(`${server.url}/history?after=1&limit=100`);
    expect(page.body.events.map((e: HeraldEvent) => e.id)).toEqual(['2', '3', '4', '5', '6', '7', '8']);

    const ahead = await getJson(`${server.url}/poll?cursor=99&timeout=5`);
    expect(ahead.body.gap).toEqual({ after: '99', oldest: '6', latest: '8', reset: true });

    // History keeps its limit: the oldest are gone, on the file and in the Redis stream alike.
    for (let i = 9; i <= 12; i++) await server.publishAsync({ title: `n${i}` });
    const all = await getJson(`${server.url}/history?after=0&limit=100`);
    expect(all.body.events.map((e: HeraldEvent) => e.id)).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  });

  it('actions: applied once per key, replayed on retry, refused for another body under the same key', async () => {
    const server = await serveOn(kind);
    const item = await server.publishAsync({ title: 'like me' });
    const first = await action(server, 'k1', { type: 'like', itemId: item.id });
    expect(first.body).toEqual({ ok: true, result: { likes: 1, liked: true, eventId: '2' } });
    const again = await action(server, 'k1', { type: 'like', itemId: item.id });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await action(server, 'k1', { type: 'unlike', itemId: item.id })).status).toBe(409);
    // Liking again under a new key changes nothing: no second like, no event.
    expect((await action(server, 'k2', { type: 'like', itemId: item.id })).body.result).toEqual({ likes: 1, liked: true, eventId: null });
    const comment = await action(server, 'k3', { type: 'comment', itemId: item.id, body: '好文' });
    expect(comment.body.result.comment).toMatchObject({ id: 'c3', body: '好文', author: 'You' });
    const view = await getJson(`${server.url}/items/${item.id}`);
    expect(view.body).toMatchObject({ likes: 1, liked: true, read: false, comments: [expect.objectContaining({ body: '好文' })] });
    expect((await action(server, 'k4', { type: 'like', itemId: 'nope' })).status).toBe(422);
  });
});
