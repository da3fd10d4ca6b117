/**
 * `herald subscribe` as a real child process, the way users run it. A subscriber must stay alive through every wait
 * (backoff, poll interval, server down at start) until it is stopped, and deliver what is published.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { freePort, publishTo } from '../support/free-port';
import { waitFor } from '../helpers/wait';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-sub-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sse', 'longpoll', 'poll', 'auto'] as const)('herald subscribe --transport %s (child process)', (transport) => {
  it('waits for a server that is down at start, then delivers once it is up, and survives its restart', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sub = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    // Two backoff rounds: the first wait is where the old code exited (status 13).
    await sub.line(/retrying in/, { stream: 'err' });
    await sub.line(/attempt 3/, { stream: 'err', timeoutMs: 20_000 });
    expect(sub.exit).toBeNull();

    const server = track((await startServeProcess(['--port', String(port), '--keepalive', '0.5', '--data-dir', join(dir, 'srv')])).proc);
    await sub.line(/connected \(/, { stream: 'err', timeoutMs: 20_000 });
    await publishTo(url, { title: 'first', body: 'after the server came up' });
    await sub.line('"first"');

    // The server goes away and comes back on the same port with its data: the subscriber waits and resumes.
    await server.kill('SIGKILL');
    const errBefore = sub.err.length;
    await sub.line(/disconnected|retrying/, { stream: 'err', from: errBefore, timeoutMs: 20_000 });
    track((await startServeProcess(['--port', String(port), '--keepalive', '0.5', '--data-dir', join(dir, 'srv')])).proc);
    await publishTo(url, { title: 'second', body: 'after a restart' });
    await sub.line('"second"', { timeoutMs: 30_000 });
    expect(sub.exit).toBeNull();
    expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(['first', 'second']);
  });
});

it('herald subscribe --transport poll keeps polling between answers (it used to exit right after connecting)', { timeout: 60_000 }, async () => {
  const { url } = await startServeProcess(['--keepalive', '0.5']).then((s) => (track(s.proc), s));
  const sub = track(startCli(['subscribe', '--server', url, '--transport', 'poll', '--json', '--data-dir', dir]));
  await sub.line(/connected \(poll\)/, { stream: 'err' });
  for (const title of ['a', 'b', 'c']) {
    await publishTo(url, { title, body: '' });
    await sub.line(`"${title}"`, { timeoutMs: 20_000 });
  }
  expect(sub.exit).toBeNull();
  await sub.stop();
  expect(sub.exit?.code).toBe(0);
});

it('a running subscriber stops cleanly on SIGTERM with exit code 0', async () => {
  const port = await freePort();
  const sub = track(startCli(['subscribe', '--server', `http://127.0.0.1:${port}`, '--data-dir', dir]));
  await sub.line(/retrying in/, { stream: 'err' });
  await waitFor(() => sub.err.some((l) => l.includes('attempt 2')), { timeoutMs: 10_000, message: 'second attempt' });
  const exit = await sub.stop();
  expect(exit.code).toBe(0);
});
