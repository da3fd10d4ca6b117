/**
 * `herald subscribe --fallback-url` when the first address is a black hole: something accepts the connection and
 * never answers (a hung node, a half-open balancer). No error comes from below HTTP, only the client's own request
 * deadline — and that must count as "unreachable" too, or the client stays on the dead address for ever while the
 * fallback serves. Real processes: a real `herald serve` at the fallback, a real TCP listener as the black hole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonEvents, startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';

let dir: string;
let hole: Server | undefined;
const held = new Set<Socket>();
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-black-hole-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  for (const s of held) s.destroy();
  held.clear();
  await new Promise<void>((r) => (hole ? hole.close(() => r()) : r()));
  hole = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Accepts every connection, reads what is sent, answers nothing, closes nothing. */
async function blackHole(): Promise<string> {
  hole = createServer((socket) => {
    held.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((r) => hole!.listen(0, '127.0.0.1', () => r()));
  const address = hole.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe.each(['sse', 'longpoll', 'poll'] as const)('herald subscribe with a black hole as its first address, --transport %s', (transport) => {
  it('moves to the fallback address and delivers what is published there', { timeout: 120_000 }, async () => {
    const holeUrl = await blackHole();
    const served = await startServeProcess(['--keepalive', '0.5']);
    track(served.proc);
    const sub = track(startCli(['subscribe', '--server', holeUrl, '--fallback-url', served.url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]));
    await sub.line(/connected \(/, { stream: 'err', timeoutMs: 60_000 });
    await publishTo(served.url, { title: 'one', body: '' });
    await sub.line('"one"', { timeoutMs: 60_000 });
    await publishTo(served.url, { title: 'two', body: '' });
    await sub.line('"two"', { timeoutMs: 60_000 });
    expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(['one', 'two']);
  });
});
