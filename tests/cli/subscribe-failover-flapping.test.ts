/**
 * `herald subscribe --fallback-url` flapping between two addresses of one server: two `herald serve --redis` nodes
 * on one Redis, killed and started again in turn while events are published, so the subscriber moves back and forth.
 * The same server at both addresses: every event once, in order, and no reset warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonEvents, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { freePort, publishTo } from '../support/free-port';
import { redisInstalled, REDIS_SKIP_NOTE, startRedis, type RedisServer } from '../support/redis/redis-server';

let dir: string;
let redis: RedisServer | undefined;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-flapping-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await redis?.stop();
  redis = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!redisInstalled)(`herald subscribe flapping between two nodes of one server${REDIS_SKIP_NOTE}`, () => {
  it.each(['sse', 'longpoll'] as const)('--transport %s: every event once, in order, no warning', { timeout: 240_000 }, async (transport) => {
    redis = await startRedis();
    const ports = [await freePort(), await freePort()];
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
    const node = async (i: number): Promise<CliProcess> =>
      track((await startServeProcess(['--port', String(ports[i]), '--redis', redis!.url, '--keepalive', '0.5'])).proc);
    const running: Array<CliProcess | null> = [await node(0), await node(1)];
    const sub = track(startCli(['subscribe', '--server', urls[0]!, '--fallback-url', urls[1]!, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    await sub.line(/connected \(/, { stream: 'err', timeoutMs: 60_000 });

    const titles: string[] = [];
    let n = 0;
    const publishSome = async (through: string): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        titles.push(`e${++n}`);
        await publishTo(through, { title: `e${n}`, body: '' });
      }
    };
    await publishSome(urls[0]!);
    // Four flips: the node in use is killed (the other publishes), then started again.
    for (let flip = 0; flip < 4; flip++) {
      const dead = flip % 2;
      const alive = 1 - dead;
      await running[dead]!.kill('SIGKILL');
      running[dead] = null;
      await publishSome(urls[alive]!);
      await sub.line(`"e${n}"`, { timeoutMs: 90_000 });
      running[dead] = await node(dead);
    }
    expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(titles);
    expect(sub.err.join('\n')).not.toMatch(/warning:/);
  });
});
