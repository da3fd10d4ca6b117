/**
 * `herald subscribe --since` against the reference server (`herald serve`, a real child process): a first run
 * starts from the beginning (`all`) or after an event id instead of from now, on every transport, printing each
 * older event once and then what arrives live.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-since-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sse', 'longpoll', 'poll'] as const)('--transport %s', (transport) => {
  it('--since all prints the server history once, then the live events; --since <id> starts after that event', { timeout: 60_000 }, async () => {
    const { url, proc } = await startServeProcess(['--keepalive', '0.5']);
    track(proc);
    for (const n of [1, 2, 3]) await publishTo(url, { title: `old ${n}`, body: '' });
    const all = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', join(dir, 'all'), '--since', 'all', '--exit-after', '4']));
    await all.line(/"old 3"/);
    await publishTo(url, { title: 'new 4', body: '' });
    expect((await all.exited).code).toBe(0);
    const printed = jsonEvents(all.out);
    expect(printed.map((e) => e.data.title)).toEqual(['old 1', 'old 2', 'old 3', 'new 4']);

    const after = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', join(dir, 'id'), '--since', printed[1]!.id, '--exit-after', '2']));
    expect((await after.exited).code).toBe(0);
    expect(jsonEvents(after.out).map((e) => e.data.title)).toEqual(['old 3', 'new 4']);
  });
});
