/**
 * `herald subscribe --fallback-url` over two `herald serve --redis` nodes, the one in use cut off from Redis (its
 * Redis link through a TCP proxy that then refuses and cuts): the node ends the stream and answers 503, and the
 * subscriber moves to the other node with its cursor — what is published meanwhile arrives, once, with no warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonEvents, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let dir: string;
let redis: RedisServer | undefined;
let proxy: TcpProxy | undefined;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-redis-cut-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await proxy?.close();
  await redis?.stop();
  proxy = undefined;
  redis = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!redisInstalled)(`herald subscribe when its node is cut off from Redis${REDIS_SKIP_NOTE}`, () => {
  it.each(['sse', 'longpoll'] as const)('--transport %s: moves to the other node and misses nothing', { timeout: 180_000 }, async (transport) => {
    redis = await startRedis();
    proxy = await startTcpProxy(redis.port);
    const cut = await startServeProcess(['--redis', `redis://127.0.0.1:${proxy.port}/0`, '--keepalive', '0.5']);
    const other = await startServeProcess(['--redis', redis.url, '--keepalive', '0.5']);
    track(cut.proc);
    track(other.proc);
    const sub = track(startCli(['subscribe', '--server', cut.url, '--fallback-url', other.url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    await sub.line(/connected \(/, { stream: 'err', timeoutMs: 60_000 });
    await publishTo(other.url, { title: 'one', body: '' });
    await sub.line('"one"', { timeoutMs: 30_000 });

    proxy.refuse(true);
    proxy.cutAll();
    await publishTo(other.url, { title: 'two', body: '' });
    await sub.line('"two"', { timeoutMs: 90_000 });
    await publishTo(other.url, { title: 'three', body: '' });
    await sub.line('"three"', { timeoutMs: 30_000 });
    expect(jsonEvents(sub.out).map((e) => [e.id, e.data.title])).toEqual([
      ['1', 'one'],
      ['2', 'two'],
      ['3', 'three'],
    ]);
    expect(sub.err.join('\n')).not.toMatch(/warning:/);
  });
});
