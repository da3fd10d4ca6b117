/**
 * A node whose link to Redis goes dead without being closed (a frozen TCP proxy: sockets open, no bytes — what a
 * dropped NAT entry or a vanished host looks like). Nothing errors, so without a deadline of its own the node waits
 * on its frozen connections for ever: its subscribers get keepalives and no events while the other nodes go on.
 * And a node that comes back further behind than Redis keeps (the stream trimmed to the history limit past it) must
 * not hand its waiting subscribers the newest events as if they came next: they are told of the gap.
 */
import type { RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { getJson, serve, subscribe } from './fixture';

let redis: RedisServer | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await redis?.stop();
  proxy = undefined;
  redis = undefined;
});

describe.skipIf(!redisInstalled)(`a node whose Redis link goes silent${REDIS_SKIP_NOTE}`, () => {
  it('finds out by itself, reconnects, and delivers to its subscribers what the other node published meanwhile', { timeout: 90_000 }, async () => {
    redis = await startRedis();
    const a = await serve({ redisUrl: redis.url, keepaliveSeconds: 1 });
    proxy = await startTcpProxy(redis.port);
    const b: RunningServer = await serve({ redisUrl: `redis://127.0.0.1:${proxy.port}/0`, keepaliveSeconds: 1 });
    const onB = await subscribe(b);
    await onB.until((f) => f.some((x) => x.event === 'hello'));
    await a.publishAsync({ title: 'before' });
    await onB.until((f) => f.some((x) => x.event === 'notification'), 20_000);

    // Both of B's connections (commands and the stream follower) freeze; new connections still pass.
    proxy.freezeAll();
    const accepted = proxy.connections();
    for (let i = 1; i <= 3; i++) await a.publishAsync({ title: `during ${i}` });

    await onB.until((f) => f.filter((x) => x.event === 'notification').length >= 4, 60_000);
    expect(onB.json<{ data: { title: string } }>('notification').map((e) => e.data.title)).toEqual(['before', 'during 1', 'during 2', 'during 3']);
    // It got there on new connections, not by the frozen ones coming back.
    expect(proxy.connections()).toBeGreaterThan(accepted);
    // And it writes again: a publish through B is accepted with the next id.
    const next = await waitFor(() => b.publishAsync({ title: 'on b' }).catch(() => undefined), { timeoutMs: 30_000, message: 'a publish through B' });
    expect(next.id).toBe('5');
  });

  it('a node left behind past what Redis keeps tells its live subscribers of the gap instead of skipping it', { timeout: 90_000 }, async () => {
    redis = await startRedis();
    const small = { keepaliveSeconds: 1, historyLimit: 10, bufferSize: 5 };
    const a = await serve({ redisUrl: redis.url, ...small });
    proxy = await startTcpProxy(redis.port);
    const b = await serve({ redisUrl: `redis://127.0.0.1:${proxy.port}/0`, ...small });
    await a.publishAsync({ title: 'n1' });
    await waitFor(() => b.head() === '1', { timeoutMs: 20_000, message: 'B following' });
    const onB = await subscribe(b, '?lastEventId=1');
    await onB.until((f) => f.some((x) => x.event === 'hello'));
    const longPoll = getJson(`${b.url}/poll?cursor=1&timeout=60`);
    await waitFor(() => b.connections().longPoll === 1, { timeoutMs: 10_000, message: 'the long-poll waiting on B' });

    // B's follower (its second connection) freezes; A publishes three times the history limit meanwhile.
    proxy.freeze(1);
    for (let i = 2; i <= 31; i++) await a.publishAsync({ title: `n${i}` });

    // Whatever B says next, it is not event 22 as if it followed event 1.
    const polled = await longPoll;
    expect(polled.body.events.map((e: { id: string }) => e.id).filter((id: string) => Number(id) > 1 && Number(id) < 22)).toEqual([]);
    expect(polled.body.gap).toMatchObject({ after: '1', reset: false });
    const frames = await onB.until((f) => f.some((x) => x.event === 'notification' || x.event === 'gap'), 60_000).catch(() => onB.events);
    expect(frames.filter((x) => x.event === 'notification')).toEqual([]);
    // The stream ended (or said gap): a client reconnecting with its cursor is told what it missed.
    const again = await subscribe(b, '?lastEventId=1');
    const told = await again.until((f) => f.some((x) => x.event === 'gap'), 10_000);
    expect(JSON.parse(told.find((x) => x.event === 'gap')!.data!)).toMatchObject({ after: '1', latest: '31', reset: false });
  });

  it('a node cut off from Redis for a while ends its streams and answers 503 until it is back, so clients go elsewhere', { timeout: 90_000 }, async () => {
    redis = await startRedis();
    const a = await serve({ redisUrl: redis.url, keepaliveSeconds: 1 });
    proxy = await startTcpProxy(redis.port);
    const b = await serve({ redisUrl: `redis://127.0.0.1:${proxy.port}/0`, keepaliveSeconds: 1 });
    await a.publishAsync({ title: 'n1' });
    await waitFor(() => b.head() === '1', { timeoutMs: 20_000, message: 'B following' });
    const onB = await subscribe(b, '?lastEventId=1');
    await onB.until((f) => f.some((x) => x.event === 'hello'));

    proxy.refuse(true);
    proxy.cutAll();
    // Its subscribers are not left on a node that can tell them nothing new: the stream ends...
    await onB.ended(40_000);
    // ...and asking again is answered 503 (a balancer's or the client's cue to try the next address).
    for (const path of ['/events?lastEventId=1', '/poll?cursor=1', '/history', '/heartbeat']) {
      const r = await fetch(`${b.url}${path}`);
      await r.body?.cancel();
      expect([path, r.status]).toEqual([path, 503]);
    }
    await a.publishAsync({ title: 'n2' });

    proxy.refuse(false);
    const back = await waitFor(
      async () => {
        const r = await fetch(`${b.url}/poll?cursor=1&timeout=20`);
        const body = r.status === 200 ? ((await r.json()) as { events: Array<{ id: string }> }) : undefined;
        return body && body.events.length > 0 ? body : undefined;
      },
      { timeoutMs: 30_000, message: 'B answering again' },
    );
    expect(back.events.map((e) => e.id)).toEqual(['2']);
  });
});
