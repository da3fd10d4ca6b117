/**
 * A 404 is not forever: a proxy mid-deploy answers 404 for a while, then forwards again. `herald subscribe` (a real
 * child process) keeps trying with its ordinary backoff and prints the events published after the proxy is healthy.
 * The 404 phase lasts a few refused attempts (counted at the proxy), not a fixed time: no sleep stands in for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';
import { StatusProxy } from '../support/status-proxy';
import { waitFor } from '../helpers/wait';

let dir: string;
let proxy: StatusProxy | null = null;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-404-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await proxy?.close();
  proxy = null;
  rmSync(dir, { recursive: true, force: true });
});

const cases: Array<['sse' | 'auto', number]> = [
  ['sse', 404],
  ['auto', 404],
  ['sse', 410],
];

describe.each(cases)('--transport %s', (transport, status) => {
  it(`after answers of HTTP ${status} for several attempts, the later events are printed`, { timeout: 90_000 }, async () => {
    const server = await startServeProcess(['--keepalive', '0.5', '--data-dir', join(dir, 'srv')]);
    track(server.proc);
    proxy = await StatusProxy.start(server.port);
    const p = proxy;
    const sub = track(startCli(['subscribe', '--server', p.url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    await sub.line(/connected \(/, { stream: 'err' });
    await publishTo(server.url, { title: 'before', body: '' });
    await sub.line('"before"');

    p.answerWith(status);
    // Four refused attempts: on `auto` that is every rung of the ladder and a retry of the last one.
    await waitFor(() => p.answered >= 4, { timeoutMs: 45_000, message: `four requests answered ${status}` });
    expect(sub.exit).toBeNull();
    expect(sub.err.some((l) => /failed/.test(l))).toBe(false);
    // The state in words, the status as a detail; never the proxy's own text.
    expect(sub.err.some((l) => /^\[disconnected: .+ \(HTTP \d+\); retrying in [\d.]+ s\]$/.test(l) && l.includes(`(HTTP ${status})`))).toBe(true);
    expect(sub.err.some((l) => l.includes('not here right now'))).toBe(false);

    p.answerWith(null);
    for (const t of ['after 1', 'after 2', 'after 3']) await publishTo(server.url, { title: t, body: '' });
    await sub.line('"after 3"', { timeoutMs: 40_000 });
    expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(['before', 'after 1', 'after 2', 'after 3']);
  });
});
