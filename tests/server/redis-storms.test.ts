/**
 * Three servers on one Redis under load at once: publishes through all three together get one gap-free sequence
 * that every subscriber sees in the same order, and one Idempotency-Key sent through all three at the same instant
 * — for many keys together — is applied once each.
 */
import type { HeraldEvent } from '../../src/shared/events';
import type { RunningServer } from '../../src/server/index';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { action, getJson, serve, subscribe } from './fixture';

let redis: RedisServer | undefined;
afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

async function threeNodes(): Promise<RunningServer[]> {
  redis = await startRedis();
  const nodes: RunningServer[] = [];
  for (let i = 0; i < 3; i++) nodes.push(await serve({ redisUrl: redis.url, keepaliveSeconds: 1 }));
  return nodes;
}

describe.skipIf(!redisInstalled)(`three servers on one Redis under load${REDIS_SKIP_NOTE}`, () => {
  it('a publish storm through all three: ids 1..N with no gap or repeat, every subscriber gets them all in order', { timeout: 90_000 }, async () => {
    const nodes = await threeNodes();
    const readers = await Promise.all(nodes.map((n) => subscribe(n)));
    for (const r of readers) await r.until((f) => f.some((x) => x.event === 'hello'));
    const N = 150;
    const published = await Promise.all(Array.from({ length: N }, (_, i) => nodes[i % 3]!.publishAsync({ title: `t${i}` })));
    const expected = Array.from({ length: N }, (_, i) => String(i + 1));
    expect(published.map((e) => Number(e.id)).sort((x, y) => x - y).map(String)).toEqual(expected);
    const byId = new Map(published.map((e) => [e.id, e.type === 'notification' ? e.data.title : '']));
    for (const r of readers) {
      await r.until((f) => f.filter((x) => x.event === 'notification').length >= N, 60_000);
      const got = r.json<HeraldEvent>('notification');
      expect(got.map((e) => e.id)).toEqual(expected);
      // Each id carries the one event that got it, on every node.
      expect(got.every((e) => e.type === 'notification' && byId.get(e.id) === e.data.title)).toBe(true);
    }
  });

  it('one key through all three at the same instant, for 30 keys together: each applied once, the rest replayed', { timeout: 90_000 }, async () => {
    const nodes = await threeNodes();
    const item = await nodes[0]!.publishAsync({ title: 'item' });
    const KEYS = 30;
    const sends = Array.from({ length: KEYS * 3 }, (_, i) => {
      const k = i % KEYS;
      return action(nodes[Math.floor(i / KEYS)]!, `key-${k}`, { type: 'comment', itemId: item.id, body: `c${k}` });
    });
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(KEYS * 2);
    // Every answer under one key names the same event.
    for (let k = 0; k < KEYS; k++) {
      const ids = new Set([0, 1, 2].map((n) => answers[n * KEYS + k]!.body.result.eventId));
      expect(ids.size).toBe(1);
    }
    for (const node of nodes) {
      const view = await getJson(`${node.url}/items/${item.id}`);
      expect(view.body.comments.map((c: { body: string }) => c.body).sort()).toEqual(Array.from({ length: KEYS }, (_, k) => `c${k}`).sort());
    }
    const history = await getJson(`${nodes[2]!.url}/history?after=0&limit=500`);
    expect(history.body.events.filter((e: HeraldEvent) => e.type === 'new_comment')).toHaveLength(KEYS);
  });
});
