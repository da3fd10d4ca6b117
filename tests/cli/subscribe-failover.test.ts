/**
 * `herald subscribe --fallback-url`: a source with several addresses of one server moves to the next when the one in
 * use is unreachable, and keeps its place only when the server there has the same identity (docs/PROTOCOL.md
 * "Server identity"). Real processes throughout: two `herald serve` processes, the second started on the first's data
 * directory after the first is killed (the same server, its identity and log, at another address) or on a fresh one
 * (another server), and `herald subscribe` running across the change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonEvents, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { freePort, publishTo } from '../support/free-port';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-failover-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

async function serverIdAt(url: string): Promise<string> {
  return ((await (await fetch(`${url}/heartbeat`)).json()) as { serverId: string }).serverId;
}

/** The first server, a subscriber on it with the second address as its fallback, and two events seen. */
async function subscribedWithFallback(transport: string): Promise<{ sub: CliProcess; first: CliProcess; firstId: string; secondPort: number }> {
  const [firstPort, secondPort] = [await freePort(), await freePort()];
  const first = track((await startServeProcess(['--port', String(firstPort), '--keepalive', '0.5', '--data-dir', join(dir, 'server')])).proc);
  const firstUrl = `http://127.0.0.1:${firstPort}`;
  const firstId = await serverIdAt(firstUrl);
  const sub = track(
    startCli(['subscribe', '--server', firstUrl, '--fallback-url', `http://127.0.0.1:${secondPort}`, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]),
  );
  await sub.line(/connected \(/, { stream: 'err', timeoutMs: 30_000 });
  await publishTo(firstUrl, { title: 'one', body: '' });
  await publishTo(firstUrl, { title: 'two', body: '' });
  await sub.line('"two"', { timeoutMs: 30_000 });
  return { sub, first, firstId, secondPort };
}

describe.each(['sse', 'longpoll'] as const)('herald subscribe --fallback-url, --transport %s', (transport) => {
  it('moves to the second address when the first server is killed, and loses and repeats nothing of the same server', { timeout: 120_000 }, async () => {
    const { sub, first, firstId, secondPort } = await subscribedWithFallback(transport);
    await first.kill('SIGKILL');
    // The same server (its data directory, so its identity and log) comes back at the other address only.
    const second = track((await startServeProcess(['--port', String(secondPort), '--keepalive', '0.5', '--data-dir', join(dir, 'server')])).proc);
    const secondUrl = `http://127.0.0.1:${secondPort}`;
    expect(await serverIdAt(secondUrl)).toBe(firstId);
    // Published before the subscriber finds the second address (from history) and after (live).
    await publishTo(secondUrl, { title: 'three', body: '' });
    await sub.line('"three"', { timeoutMs: 60_000 });
    await publishTo(secondUrl, { title: 'four', body: '' });
    await sub.line('"four"', { timeoutMs: 30_000 });

    expect(jsonEvents(sub.out).map((e) => [e.serverId, e.id, e.data.title])).toEqual([
      [firstId, '1', 'one'],
      [firstId, '2', 'two'],
      [firstId, '3', 'three'],
      [firstId, '4', 'four'],
    ]);
    expect(sub.err.join('\n')).not.toMatch(/warning:/);
    expect(second.exit).toBeNull();
  });

  it('starts over with a warning when the second address is another server', { timeout: 120_000 }, async () => {
    const { sub, first, firstId, secondPort } = await subscribedWithFallback(transport);
    await first.kill('SIGKILL');
    track((await startServeProcess(['--port', String(secondPort), '--keepalive', '0.5', '--data-dir', join(dir, 'other')])).proc);
    const secondUrl = `http://127.0.0.1:${secondPort}`;
    const otherId = await serverIdAt(secondUrl);
    expect(otherId).not.toBe(firstId);
    await publishTo(secondUrl, { title: 'elsewhere', body: '' });
    await sub.line('"elsewhere"', { timeoutMs: 60_000 });
    await sub.line(/warning:/, { stream: 'err', timeoutMs: 30_000 });

    // Its id 1 is not taken for the first server's id 1: the cursor was reset, nothing skipped.
    expect(jsonEvents(sub.out).map((e) => [e.serverId, e.id, e.data.title])).toEqual([
      [firstId, '1', 'one'],
      [firstId, '2', 'two'],
      [otherId, '1', 'elsewhere'],
    ]);
  });
});

describe('herald subscribe --fallback-url refusals', () => {
  it('takes it for Herald sources only, and only as an http(s) URL', async () => {
    const { runHerald } = await import('../support/cli-process');
    const nchan = await runHerald(['subscribe', '--source', 'nchan', '--channel', 'c', '--server', 'http://127.0.0.1:9', '--fallback-url', 'http://127.0.0.1:10']);
    expect(nchan.code).toBe(2);
    expect(nchan.err).toMatch(/--fallback-url works with --source herald only/);
    const bad = await runHerald(['subscribe', '--server', 'http://127.0.0.1:9', '--fallback-url', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--fallback-url must be an http\(s\) URL/);
    // The same rules for `fallbackUrls` in a --sources file.
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify([{ kind: 'nchan', url: 'http://127.0.0.1:9/sub/{transport}/{channel}', channels: ['c'], fallbackUrls: ['http://127.0.0.1:10'] }]));
    const listed = await runHerald(['subscribe', '--sources', file]);
    expect(listed.code).toBe(2);
    expect(listed.err).toMatch(/--fallback-url works with --source herald only/);
  });
});
