/**
 * Two namespaces on one Redis are two servers: their own identity, ids, items and idempotency keys — one wiped
 * namespace (its keys deleted) leaves the other alone.
 */
import { Redis } from 'ioredis';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { action, getJson, serve } from './fixture';

let redis: RedisServer | undefined;
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

describe.skipIf(!redisInstalled)(`two namespaces on one Redis${REDIS_SKIP_NOTE}`, () => {
  it('are two servers that share nothing', { timeout: 60_000 }, async () => {
    redis = await startRedis();
    const one = await serve({ redisUrl: redis.url, redisNamespace: 'one' });
    const two = await serve({ redisUrl: redis.url, redisNamespace: 'two' });
    expect(one.serverId).not.toBe(two.serverId);
    const a = await one.publishAsync({ title: 'in one' });
    const b = await two.publishAsync({ title: 'in two' });
    expect([a.id, b.id]).toEqual(['1', '1']);
    // The same key in each: applied in each, not replayed across.
    const likeOne = await action(one, 'k', { type: 'like', itemId: a.id });
    const likeTwo = await action(two, 'k', { type: 'like', itemId: b.id });
    expect([likeOne.headers.get('idempotent-replayed'), likeTwo.headers.get('idempotent-replayed')]).toEqual([null, null]);
    expect((await getJson(`${one.url}/history?after=0`)).body.events.map((e: { data: { title?: string } }) => e.data.title ?? '')).toEqual(['in one', '']);

    // Wipe "one" only: "two" keeps its identity and goes on; "one" is a new server from 1.
    const oneBefore = one.serverId;
    const probe = new Redis(redis.url);
    try {
      const keys = await probe.keys('one:*');
      await probe.del(...keys);
    } finally {
      probe.disconnect();
    }
    const before = two.serverId;
    expect((await two.publishAsync({ title: 'still two' })).id).toBe('3');
    expect(two.serverId).toBe(before);
    expect((await one.publishAsync({ title: 'one again' })).id).toBe('1');
    expect(one.serverId).not.toBe(oneBefore);
  });
});
