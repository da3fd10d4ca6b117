/**
 * The product under real faults: `herald serve` and `herald subscribe --json` as child processes, a chaos proxy
 * between them that cuts, stalls, delays and refuses at seeded random moments while 1 000 events are published.
 * Every event must arrive exactly once, in order, and the subscriber must never exit by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosProxy } from '../support/chaos-proxy';
import { startCli, startServeProcess, jsonEvents, type CliProcess } from '../support/cli-process';
import { publishTo } from '../support/free-port';
import { waitFor } from '../helpers/wait';
import { lcg } from '../support/seeded';

const EVENTS = 1000;

let dir: string;
const procs: CliProcess[] = [];
let proxy: ChaosProxy | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-chaos-'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** One fault at a time, each for a random while, then a random quiet spell. Returns a stop function. */
function runFaults(p: ChaosProxy, random: () => number, log: string[]): () => Promise<void> {
  let stopped = false;
  const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const done = (async () => {
    while (!stopped) {
      await pause(200 + random() * 600);
      if (stopped) break;
      const pick = random();
      const ms = 200 + random() * 1500;
      if (pick < 0.3) {
        log.push('cut');
        p.cut();
      } else if (pick < 0.55) {
        log.push(`stall ${Math.round(ms)}`);
        p.stall(true);
        await pause(ms);
        p.stall(false);
      } else if (pick < 0.8) {
        log.push(`delay ${Math.round(ms)}`);
        p.delay(20 + random() * 80);
        await pause(ms);
        p.delay(0);
      } else {
        log.push(`refuse ${Math.round(ms)}`);
        await p.refuse(true);
        await pause(ms);
        await p.refuse(false);
      }
    }
  })();
  return async () => {
    stopped = true;
    await done;
    p.stall(false);
    p.delay(0);
    await p.refuse(false);
  };
}

describe.each([
  ['sse', 11],
  ['longpoll', 12],
  ['poll', 13],
  ['auto', 14],
] as const)('--transport %s under random faults (seed %i)', (transport, seed) => {
  it(`delivers ${EVENTS} events exactly once, in order, without exiting`, { timeout: 120_000 }, async () => {
    const random = lcg(seed);
    const server = await startServeProcess(['--keepalive', '0.3', '--data-dir', join(dir, 'srv')]);
    procs.push(server.proc);
    proxy = await ChaosProxy.start(server.port);
    const sub = startCli(['subscribe', '--server', proxy.url, '--transport', transport, '--json', '--data-dir', join(dir, 'sub')]);
    procs.push(sub);
    await sub.line(/connected \(/, { stream: 'err' });

    const faults: string[] = [];
    const stopFaults = runFaults(proxy, random, faults);
    // Published straight to the server (not through the proxy), in bursts.
    for (let i = 1; i <= EVENTS; ) {
      const burst = 1 + Math.floor(random() * 20);
      await Promise.all(Array.from({ length: Math.min(burst, EVENTS - i + 1) }, (_, k) => k + i).map((n) => publishTo(server.url, { title: `e${n}`, body: '' })));
      i += burst;
      await new Promise((r) => setTimeout(r, 40 + random() * 120));
    }
    await stopFaults();
    await waitFor(() => sub.out.filter(Boolean).length >= EVENTS || sub.exit, {
      timeoutMs: 60_000,
      message: `all ${EVENTS} printed (faults: ${faults.join(', ')})`,
    });
    expect(sub.exit).toBeNull();
    const ids = jsonEvents(sub.out).map((e) => Number(e.id));
    expect(ids).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(faults.length).toBeGreaterThan(3);
  });
});
