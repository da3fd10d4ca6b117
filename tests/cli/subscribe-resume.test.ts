/**
 * Resume without loss, as a user runs it: `herald serve` and `herald subscribe` as child processes.
 * - A subscriber stopped before its first event still resumes from where it started (the cursor in `hello` / the
 *   first poll answer is kept).
 * - A server restarted without its data is a new server: the subscriber reloads its history from the start (ids
 *   begin again at 1) instead of skipping them, and says messages may be missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { freePort, publishTo } from '../support/free-port';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-resume-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sse', 'auto', 'longpoll'] as const)('--transport %s', (transport) => {
  it('a subscriber stopped before any event resumes from where it started: 2 of 2 published meanwhile arrive', { timeout: 60_000 }, async () => {
    const { url, proc } = await startServeProcess(['--keepalive', '0.5', '--data-dir', join(dir, 'srv')]);
    track(proc);
    await publishTo(url, { title: 'before the first start', body: '' });
    const data = join(dir, 'sub');
    const first = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', data]));
    await first.line(/connected \(/, { stream: 'err' });
    expect((await first.stop()).code).toBe(0);
    expect(first.out.filter(Boolean)).toEqual([]);

    await publishTo(url, { title: 'while stopped 1', body: '' });
    await publishTo(url, { title: 'while stopped 2', body: '' });
    const second = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', data, '--exit-after', '2']));
    expect((await second.exited).code).toBe(0);
    expect(jsonEvents(second.out).map((e) => e.data.title)).toEqual(['while stopped 1', 'while stopped 2']);
  });
});

describe.each(['sse', 'longpoll'] as const)('a server restarted without --data-dir (--transport %s)', (transport) => {
  it('is taken as a new server: its events 1–3 are delivered, not skipped, and a possible loss is reported', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const old = track((await startServeProcess(['--port', String(port), '--keepalive', '0.5'])).proc);
    const sub = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', dir]));
    await sub.line(/connected \(/, { stream: 'err' });
    for (const t of ['old 1', 'old 2', 'old 3']) await publishTo(url, { title: t, body: '' });
    await sub.line('"old 3"');

    await old.kill('SIGKILL');
    track((await startServeProcess(['--port', String(port), '--keepalive', '0.5'])).proc);
    for (const t of ['new 1', 'new 2', 'new 3', 'new 4']) await publishTo(url, { title: t, body: '' });
    await sub.line('"new 4"', { timeoutMs: 30_000 });
    const titles = jsonEvents(sub.out).map((e) => e.data.title);
    expect(titles).toEqual(['old 1', 'old 2', 'old 3', 'new 1', 'new 2', 'new 3', 'new 4']);
    // Told, on stderr, in words.
    await sub.line(/may be missing/, { stream: 'err' });
  });
});
