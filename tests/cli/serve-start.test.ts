/**
 * `herald serve` that cannot start ends at once with one line in words (English, or Chinese from LANG), the errno as
 * a detail, and a documented status — real child processes:
 * - a data directory that cannot be created: status 4. Under /proc, Node's own recursive mkdir never returns (it
 *   spins a core, deaf to SIGTERM); `herald subscribe` went through the same call;
 * - the port is taken: status 1;
 * - Redis cannot be reached: status 1, and no log line about a connection "lost" that never was.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { freePort } from '../support/free-port';
import { startCli, type CliProcess } from '../support/cli-process';

const procs: CliProcess[] = [];
const track = (p: CliProcess): CliProcess => (procs.push(p), p);
let holder: Server | null = null;

afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await new Promise<void>((r) => (holder ? holder.close(() => r()) : r()));
  holder = null;
});

const lines = (p: CliProcess): string[] => p.err.filter((l) => l.trim() !== '');
const underProc = `/proc/herald-test-${process.pid}/data`;

describe.runIf(existsSync('/proc/self'))('a data directory that cannot be created (under /proc)', () => {
  it.each([
    ['C.UTF-8', /^herald serve: cannot create or write to the data directory \/proc\/.* \(it is read-only, or not a directory\): choose another with --data-dir/],
    ['zh_CN.UTF-8', /^herald serve: 无法创建或写入数据目录 \/proc\//],
  ])('serve ends with status 4 and one line (LANG=%s)', { timeout: 30_000 }, async (lang, words) => {
    const p = track(startCli(['serve', '--port', '0', '--data-dir', underProc], { env: { LANG: lang } }));
    expect((await p.exited).code).toBe(4);
    expect(lines(p)).toEqual([expect.stringMatching(words)]);
    expect(lines(p)[0]).toContain('(ENOENT)');
    expect(p.out.filter(Boolean)).toEqual([]);
  });

  it('subscribe and act end with status 4 there too, in the same words', { timeout: 30_000 }, async () => {
    for (const command of [['subscribe'], ['act', 'like', '--item', '1']]) {
      const p = track(startCli([...command, '--server', 'http://127.0.0.1:9', '--data-dir', underProc], { env: { LANG: 'C.UTF-8' } }));
      expect((await p.exited).code).toBe(4);
      expect(lines(p)).toEqual([expect.stringMatching(new RegExp(`^herald ${command[0]}: cannot create or write to the data directory /proc/`))]);
    }
  });
});

it('a port already taken: status 1, the words and EADDRINUSE', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const h = createServer();
  holder = h;
  await new Promise<void>((r) => h.listen(port, '127.0.0.1', () => r()));
  const p = track(startCli(['serve', '--port', String(port)], { env: { LANG: 'C.UTF-8' } }));
  expect((await p.exited).code).toBe(1);
  expect(lines(p)).toEqual([`herald serve: 127.0.0.1:${port} is already in use (another server?): choose another port with --port (EADDRINUSE)`]);
});

it.each([
  ['C.UTF-8', /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/0: check that it runs/],
  ['zh_CN.UTF-8', /无法连接 Redis（redis:\/\/127\.0\.0\.1:\d+\/0）/],
])('Redis out of reach at start: status 1 and one line, nothing said about a lost connection (LANG=%s)', { timeout: 30_000 }, async (lang, words) => {
  const port = await freePort();
  // At a user's default log level (tests run silent otherwise), so a log line about the failure would show.
  const p = track(startCli(['serve', '--port', '0', '--redis', `redis://127.0.0.1:${port}/0`], { env: { LANG: lang, HERALD_LOG: 'warn' } }));
  expect((await p.exited).code).toBe(1);
  expect(lines(p)).toEqual([expect.stringMatching(words)]);
  expect(lines(p)[0]).toContain('(ECONNREFUSED)');
});
