/**
 * A node whose link to Redis goes dead without being closed (a frozen TCP proxy: sockets open, no bytes — what a
 * dropped NAT entry or a vanished host looks like). Nothing errors, so without a deadline of its own the node waits
 * on its frozen connections for ever: its subscribers get keepalives and no events while the other nodes go on.
 */
import type { RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { serve, subscribe } from './fixture';

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
});
