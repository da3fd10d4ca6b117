/**
 * `herald serve --redis` as a user runs it: the Redis URL from the flag or HERALD_REDIS_URL (a password kept out of
 * `ps`), a Redis that cannot be reached is a clear failure (never a hang, never the password), and --data-dir with
 * --redis is a usage error.
 */
import { runHerald, startServeProcess, type CliProcess } from '../support/cli-process';
import { freePort } from '../support/local-process';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';

let redis: RedisServer | undefined;
const procs: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.stop()));
  await redis?.stop();
  redis = undefined;
});

it('a Redis nobody answers at: exit 1, says which Redis (without its password) and why', async () => {
  const port = await freePort();
  const r = await runHerald(['serve', '--port', '0', '--redis', `redis://:hunter2@127.0.0.1:${port}/0`], { LANG: 'C.UTF-8' });
  expect(r.code).toBe(1);
  expect(r.err).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${port}/0: check that it runs`);
  expect(r.err).toContain('(ECONNREFUSED)');
  expect(r.err).not.toContain('hunter2');
});

it('a password given in the URL\'s query (ioredis takes ?password=) is kept out of the message too', async () => {
  const port = await freePort();
  const r = await runHerald(['serve', '--port', '0', '--redis', `redis://127.0.0.1:${port}/0?password=hunter2&username=ops`], { LANG: 'C.UTF-8' });
  expect(r.code).toBe(1);
  expect(r.err).toContain(`cannot reach Redis at redis://127.0.0.1:${port}/0`);
  expect(r.err).not.toContain('hunter2');
});

it('--data-dir and --redis together: a usage error (exit 2)', async () => {
  const r = await runHerald(['serve', '--redis', 'redis://127.0.0.1:6379/0', '--data-dir', '/nonexistent']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('give either --data-dir or --redis, not both');
});

it.skipIf(!redisInstalled)(`HERALD_REDIS_URL: two servers started with it are one server${REDIS_SKIP_NOTE}`, async () => {
  redis = await startRedis();
  const env = { HERALD_REDIS_URL: redis.url };
  const a = await startServeProcess([], { env });
  const b = await startServeProcess([], { env });
  procs.push(a.proc, b.proc);
  expect(a.proc.out.join('\n')).toContain('(store: Redis)');
  const published = await fetch(`${a.url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'via a' }) });
  const { id } = (await published.json()) as { id: string };
  const item = await fetch(`${b.url}/items/${id}`);
  expect(item.status).toBe(200);
  const [ha, hb] = await Promise.all([a.url, b.url].map(async (u) => ((await (await fetch(`${u}/heartbeat`)).json()) as { serverId: string }).serverId));
  expect(hb).toBe(ha);
});
