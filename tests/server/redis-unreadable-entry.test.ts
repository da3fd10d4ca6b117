/**
 * An entry in the shared stream this node cannot read (written by a newer Herald with an event type this one does
 * not know, or by hand): the node says so once and goes on. Before, it never got past it — its follower asked
 * Redis for the same entry again at once, for ever (a busy loop), and every write through it was refused.
 */
import { Redis } from 'ioredis';
import { waitFor } from '../helpers/wait';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { getJson, serve, subscribe } from './fixture';

let redis: RedisServer | undefined;
let probe: Redis | undefined;
afterEach(async () => {
  probe?.disconnect();
  await redis?.stop();
  probe = undefined;
  redis = undefined;
});

/** How often each stream command has been run on this Redis so far. */
async function calls(): Promise<{ xread: number; xrange: number }> {
  const info = await probe!.info('commandstats');
  const count = (name: string): number => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  return { xread: count('xread'), xrange: count('xrange') };
}

describe.skipIf(!redisInstalled)(`an unreadable entry in the Redis stream${REDIS_SKIP_NOTE}`, () => {
  it('is passed over: the node neither loops on it nor stops accepting writes', { timeout: 90_000 }, async () => {
    redis = await startRedis();
    probe = new Redis(redis.url);
    const a = await serve({ redisUrl: redis.url, keepaliveSeconds: 1 });
    const onA = await subscribe(a);
    await onA.until((f) => f.some((x) => x.event === 'hello'));
    await a.publishAsync({ title: 'one' });
    const longPoll = getJson(`${a.url}/poll?cursor=1&timeout=60`);
    await waitFor(() => a.connections().longPoll === 1, { timeoutMs: 10_000, message: 'a long-poll waiting' });
    // What a newer node would write: the next id, a type this one does not know.
    const future = JSON.stringify({ id: '2', type: 'future_type', time: new Date().toISOString(), data: {} });
    await probe.multi().xadd('herald:events', '2-0', 'e', future).set('herald:head', '2').exec();
    const before = await calls();

    const next = await waitFor(() => a.publishAsync({ title: 'three' }).catch(() => undefined), { timeoutMs: 30_000, message: 'a publish after the entry' });
    expect(next.id).toBe('3');
    // A waiting long-poll is not handed 3 as if it followed 1, nor is a subscriber: its stream ends, and coming back with its cursor it is
    // told of the gap (the one entry nobody here can read), with 3 where the history starts again.
    expect((await longPoll).body).toMatchObject({ events: [], gap: { after: '1', oldest: '3', latest: '3', reset: false } });
    await onA.ended(20_000);
    expect(onA.json<{ id: string }>('notification').map((e) => e.id)).toEqual(['1']);
    const back = await subscribe(a, '?lastEventId=1');
    const frames = await back.until((f) => f.some((x) => x.event === 'gap'), 10_000);
    expect(JSON.parse(frames.find((x) => x.event === 'gap')!.data!)).toMatchObject({ after: '1', oldest: '3', latest: '3', reset: false });
    await a.publishAsync({ title: 'four' });
    await back.until((f) => f.some((x) => x.event === 'notification' && x.id === '4'), 20_000);
    const after = await calls();
    // A handful of reads for three events and one look at the odd one; a loop would have made thousands.
    expect(after.xread - before.xread).toBeLessThan(50);
    expect(after.xrange - before.xrange).toBeLessThan(50);
  });
});
