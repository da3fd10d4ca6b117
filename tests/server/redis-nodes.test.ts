/**
 * Several servers on one Redis, in this process (the 3-node test with real processes behind nginx is
 * tests/server/redis-cluster.test.ts): they are one server to clients — one identity, one sequence of ids, one set
 * of actions — and a wiped Redis is a new identity on every node, while a restarted Redis with its AOF loses nothing.
 */
import type { HeraldEvent } from '../../src/shared/events';
import type { RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { startTcpProxy } from '../support/tcp-proxy';
import { action, getJson, serve, subscribe } from './fixture';

let redis: RedisServer | undefined;
afterEach(async () => {
  // Servers close first (the fixture's afterEach runs before this one: registered earlier).
  await redis?.stop();
  redis = undefined;
});

async function nodes(count: number, options: { appendOnly?: boolean; historyLimit?: number } = {}): Promise<RunningServer[]> {
  redis = await startRedis({ appendOnly: options.appendOnly ?? false });
  const started: RunningServer[] = [];
  for (let i = 0; i < count; i++) started.push(await serve({ redisUrl: redis.url, keepaliveSeconds: 1, ...(options.historyLimit ? { historyLimit: options.historyLimit, bufferSize: 5 } : {}) }));
  return started;
}

const ids = (events: HeraldEvent[]): string[] => events.map((e) => e.id);

describe.skipIf(!redisInstalled)(`several servers on one Redis${REDIS_SKIP_NOTE}`, () => {
  it('share one identity and one sequence: publishes through both at once get consecutive ids, every subscriber gets all in order', async () => {
    const [a, b] = (await nodes(2)) as [RunningServer, RunningServer];
    expect(b.serverId).toBe(a.serverId);
    const onA = await subscribe(a);
    const onB = await subscribe(b);
    await onA.until((f) => f.some((x) => x.event === 'hello'));
    await onB.until((f) => f.some((x) => x.event === 'hello'));
    const published = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).publishAsync({ title: `n${i}` })));
    expect(ids(published).map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const expected = Array.from({ length: 60 }, (_, i) => String(i + 1));
    for (const reader of [onA, onB]) {
      await reader.until((f) => f.filter((x) => x.event === 'notification').length >= 60, 20_000);
      expect(reader.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(expected);
    }
  });

  it('an action sent through two nodes under one key is applied once; a like from each key counts once', async () => {
    const [a, b] = (await nodes(2)) as [RunningServer, RunningServer];
    const item = await a.publishAsync({ title: 'item' });
    const like = { type: 'like', itemId: item.id };
    const answers = await Promise.all([action(a, 'same-key', like), action(b, 'same-key', like), action(b, 'same-key', like)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const comments = await Promise.all(Array.from({ length: 10 }, (_, i) => action(i % 2 ? a : b, `c${i % 5}`, { type: 'comment', itemId: item.id, body: `c${i % 5}` })));
    expect(comments.every((r) => r.status === 200)).toBe(true);
    for (const node of [a, b]) {
      const view = await getJson(`${node.url}/items/${item.id}`);
      expect(view.body).toMatchObject({ likes: 1, liked: true });
      expect(view.body.comments.map((c: { body: string }) => c.body).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    }
    const history = await getJson(`${b.url}/history?after=0&limit=100`);
    expect(history.body.events.map((e: HeraldEvent) => e.type)).toEqual(['notification', 'like_update', ...Array(5).fill('new_comment')]);
  });

  it('a cursor another node handed out is resumed, not taken for a reset, by a node whose copy is behind', async () => {
    const [a] = (await nodes(1)) as [RunningServer];
    // B reaches Redis through a proxy; its second connection (the one that follows the stream) is then frozen, so B
    // hears of nothing new by itself: only its own look-up can tell it that A has gone on.
    const proxy = await startTcpProxy(redis!.port);
    try {
      await a.publishAsync({ title: 'n0' });
      const b = await serve({ redisUrl: `redis://127.0.0.1:${proxy.port}/0`, keepaliveSeconds: 1 });
      proxy.freeze(1);
      let last: HeraldEvent | undefined;
      for (let i = 1; i <= 5; i++) last = await a.publishAsync({ title: `n${i}` });
      expect(b.head()).toBe('1');
      const sse = await subscribe(b, `?lastEventId=${last!.id}`);
      await sse.until((f) => f.some((x) => x.event === 'hello'));
      const answer = await getJson(`${b.url}/poll?cursor=${last!.id}`);
      expect(answer.body.gap).toBeUndefined();
      expect(sse.json('gap')).toEqual([]);
      expect(b.head()).toBe('6');
      // An action on an item B has not heard of (published through A while B's follower is still frozen) is applied.
      const item = await a.publishAsync({ title: 'new on A' });
      const liked = await action(b, 'like-on-b', { type: 'like', itemId: item.id });
      expect(liked.body).toEqual({ ok: true, result: { likes: 1, liked: true, eventId: String(Number(item.id) + 1) } });
    } finally {
      await proxy.close();
    }
  });

  it('a node started later reads what Redis keeps (trimmed to the history limit) and goes on from there', async () => {
    const [a] = (await nodes(1, { historyLimit: 10 })) as [RunningServer];
    for (let i = 1; i <= 25; i++) await a.publishAsync({ title: `n${i}` });
    const late = await serve({ redisUrl: redis!.url, historyLimit: 10, bufferSize: 5 });
    const history = await getJson(`${late.url}/history?after=0&limit=100`);
    expect(ids(history.body.events)).toEqual(Array.from({ length: 10 }, (_, i) => String(16 + i)));
    expect((await late.publishAsync({ title: 'next' })).id).toBe('26');
  });

  it('Redis restarted with its append-only file: same identity, nothing lost, ids go on', async () => {
    const [a, b] = (await nodes(2, { appendOnly: true })) as [RunningServer, RunningServer];
    const before = a.serverId;
    for (let i = 1; i <= 10; i++) await a.publishAsync({ title: `n${i}` });
    await redis!.restart();
    // The node reconnects by itself; a publish during the outage waits for it rather than fail.
    const next = await waitFor(() => b.publishAsync({ title: 'after' }).catch(() => undefined), { timeoutMs: 20_000, message: 'a publish after the restart' });
    expect(next.id).toBe('11');
    expect(b.serverId).toBe(before);
    const history = await getJson(`${a.url}/history?after=0&limit=100`);
    await waitFor(async () => (await getJson(`${a.url}/history?after=0&limit=100`)).body.events.length === 11, { timeoutMs: 10_000 });
    expect(history.body.serverId).toBe(before);
  });

  it('Redis wiped: every node takes the one new identity, ends its streams, and ids start again at 1', async () => {
    const [a, b] = (await nodes(2)) as [RunningServer, RunningServer];
    for (let i = 1; i <= 5; i++) await a.publishAsync({ title: `n${i}` });
    const old = a.serverId;
    const onA = await subscribe(a, '?lastEventId=5');
    const onB = await subscribe(b, '?lastEventId=5');
    await onA.until((f) => f.some((x) => x.event === 'hello'));
    await onB.until((f) => f.some((x) => x.event === 'hello'));
    expect(await redis!.command('FLUSHALL')).toBe('+OK');
    // Nobody publishes: the nodes notice on their own (the identity is checked whenever the stream is quiet).
    await onA.ended(15_000);
    await onB.ended(15_000);
    expect(a.serverId).not.toBe(old);
    expect(b.serverId).toBe(a.serverId);
    const fresh = await b.publishAsync({ title: 'fresh' });
    expect(fresh.id).toBe('1');
    const poll = await getJson(`${a.url}/poll?cursor=5`);
    expect(poll.body).toMatchObject({ serverId: a.serverId, gap: { reset: true } });
  });
});
