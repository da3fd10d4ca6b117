/**
 * A proxy that flushes an event stream only every 16 KiB (tests/support/chaos-proxy.ts, buffering with `flushEvery`)
 * between a real `herald serve` and a real `herald subscribe --transport auto`. The stream lives on in bursts, so
 * stall-based detection used to need several stalled SSE links (4 × 35 s with a 15 s keepalive) before stepping
 * down. The first late burst must be enough: exactly one SSE link, then long-poll, and every event arrives in order
 * (issue 26 point 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosProxy } from '../support/chaos-proxy';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';
import { waitFor } from '../helpers/wait';

let dir: string;
const procs: CliProcess[] = [];
let proxy: ChaosProxy | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-chunky-'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

it('behind a proxy flushing every 16 KiB, auto steps down after one held-back SSE link, and every event arrives', { timeout: 120_000 }, async () => {
  const server = await startServeProcess(['--keepalive', '0.3', '--data-dir', join(dir, 'srv')]);
  procs.push(server.proc);
  // Nothing of the stream passes until 16 KiB are held, not even its `hello`: the keepalive is learned late.
  proxy = await ChaosProxy.start(server.port, { passFirst: 0, flushEvery: 16 * 1024 });
  proxy.buffer(true);
  const sub = startCli(['subscribe', '--server', proxy.url, '--transport', 'auto', '--json', '--data-dir', join(dir, 'sub')]);
  procs.push(sub);
  // Publish only once the stream is registered at the server (its headers came back through the proxy): a first run
  // starts "from now", so an event published while the request is still on its way is rightly not this run's. On
  // Node 24 the first request leaves later than on Node 20, and waiting for "connecting" lost the first event.
  await sub.line(/connected \(sse/, { stream: 'err' });

  // A steady publisher, about 3.5 KiB of frames a second: the proxy lets a burst through every few seconds.
  const N = 80;
  for (let i = 1; i <= N; i++) {
    await publishTo(server.url, { title: `e${i}`, body: 'b'.repeat(200) });
    await new Promise((r) => setTimeout(r, 100));
  }
  await waitFor(() => sub.out.filter(Boolean).length >= N || sub.exit, { timeoutMs: 60_000, message: `all ${N} printed (stderr: ${sub.err.join(' ')})` });
  expect(sub.exit).toBeNull();
  expect(jsonEvents(sub.out).map((e) => e.data.title)).toEqual(Array.from({ length: N }, (_, i) => `e${i + 1}`));

  const steppedDown = sub.err.findIndex((l) => l.includes('connecting (longpoll'));
  expect(steppedDown, sub.err.join('\n')).toBeGreaterThan(0);
  expect(sub.err.slice(0, steppedDown).filter((l) => l.includes('connecting (sse'))).toHaveLength(1);
});
