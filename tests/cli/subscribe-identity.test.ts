/**
 * `herald subscribe --json` lines name the server instance that issued each id (`serverId`), so consumers can
 * de-duplicate by (serverId, id) as --help says: a Herald server restarted without its data directory starts its
 * ids again at 1, and an id alone would make a new event look like one already seen. Real processes: `herald serve`
 * killed and started again on the same port without a data directory, and `herald subscribe` running throughout.
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
  dir = mkdtempSync(join(tmpdir(), 'herald-identity-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** The identity the server itself announces (docs/PROTOCOL.md "Server identity"). */
async function announcedServerId(url: string): Promise<string> {
  const answer = (await (await fetch(`${url}/heartbeat`)).json()) as { serverId: string };
  return answer.serverId;
}

describe.each(['sse', 'poll'] as const)('herald subscribe --json --transport %s', (transport) => {
  it('names the issuing server on every line, so (serverId, id) stays unique when a restarted server reuses ids', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const serve = ['--port', String(port), '--keepalive', '0.5'];
    const first = track((await startServeProcess(serve)).proc);
    const before = await announcedServerId(url);
    const sub = track(startCli(['subscribe', '--server', url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    await sub.line(/connected \(/, { stream: 'err', timeoutMs: 20_000 });
    await publishTo(url, { title: 'one', body: '' });
    await publishTo(url, { title: 'two', body: '' });
    await sub.line('"two"', { timeoutMs: 20_000 });

    await first.kill('SIGKILL');
    track((await startServeProcess(serve)).proc);
    const after = await announcedServerId(url);
    expect(after).not.toBe(before);
    await publishTo(url, { title: 'three', body: '' });
    await sub.line('"three"', { timeoutMs: 30_000 });

    const events = jsonEvents(sub.out);
    expect(events.map((e) => [e.serverId, e.id, e.data.title])).toEqual([
      [before, '1', 'one'],
      [before, '2', 'two'],
      [after, '1', 'three'],
    ]);
  });
});
