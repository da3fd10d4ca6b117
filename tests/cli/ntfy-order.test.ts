/**
 * `herald subscribe --source ntfy` against the real ntfy 2.11 under load: ntfy sends live messages before and in the
 * middle of the replay it sends for `since=` (it subscribes before replaying its cache), so a resume into a busy topic
 * sees newer messages first. A TCP proxy cuts the link again and again while a publisher runs flat out; every message
 * must be printed once, in the publisher's order, with no "may be missing" warning (nothing is missing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startCli, jsonEvents, type CliProcess } from '../support/cli-process';
import { waitFor } from '../helpers/wait';

const MESSAGES = 3000;

let dir: string;
let server: NtfyServer | undefined;
let proxy: TcpProxy | undefined;
const procs: CliProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-ntfy-order-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await proxy?.close();
  await server?.stop();
  proxy = undefined;
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The sequence numbers printed, in the order printed. */
function printedSequence(sub: CliProcess): number[] {
  return jsonEvents(sub.out).map((e) => Number(/^seq (\d+)$/.exec(String(e.data.body))?.[1] ?? NaN));
}

function warnings(sub: CliProcess): string[] {
  return sub.err.filter((l) => /may be missing|may have missed/.test(l));
}

describe('herald subscribe --source ntfy, resuming into a busy topic', () => {
  it(`prints ${MESSAGES} messages once each, in order, with no false warning, while the link is cut again and again`, { timeout: 120_000 }, async () => {
    server = await startNtfy();
    proxy = await startTcpProxy(server.port);
    const topic = `busy-${process.pid}`;
    const sub = startCli(['subscribe', '--server', proxy.url, '--source', 'ntfy', '--channel', topic, '--json', '--data-dir', join(dir, 'sub')]);
    procs.push(sub);
    await sub.line(/connected \(sse\)/, { stream: 'err' });

    // One publisher, flat out: message n is published once n-1 was accepted, so the server's order is n's.
    let next = 1;
    let cuts = 0;
    const publish = async (): Promise<void> => {
      while (next <= MESSAGES) {
        const n = next++;
        await server!.publish(topic, `seq ${n}`);
      }
    };
    // The cutter runs beside it: every 100 messages, every link through the proxy is cut.
    const publishing = publish();
    const cutting = (async () => {
      for (let i = 0; i < 200 && next <= MESSAGES; i++) {
        await waitFor(() => next > Math.min(MESSAGES, (i + 1) * 100) || undefined, { timeoutMs: 30_000, message: 'the publisher moving on' });
        proxy!.cutAll();
        cuts++;
      }
    })();
    await Promise.all([publishing, cutting]);
    await waitFor(() => printedSequence(sub).length >= MESSAGES || sub.exit, { timeoutMs: 60_000, message: `all ${MESSAGES} printed (got ${printedSequence(sub).length})` });

    const seq = printedSequence(sub);
    const outOfOrder = seq.filter((n, i) => i > 0 && n < (seq[i - 1] as number)).length;
    expect({ printed: seq.length, distinct: new Set(seq).size, outOfOrder, warnings: warnings(sub) }).toEqual({
      printed: MESSAGES,
      distinct: MESSAGES,
      outOfOrder: 0,
      warnings: [],
    });
    expect(seq).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    expect(cuts).toBeGreaterThan(10);
    expect(sub.exit).toBeNull();
  });
});

describe('herald subscribe --source ntfy, across restarts of an ntfy without a cache file', () => {
  it('warns once per restart that forgot our last message, and prints the rest once, in order', { timeout: 120_000 }, async () => {
    server = await startNtfy({ cacheFile: false });
    const topic = `forgetful-${process.pid}`;
    const sub = startCli(['subscribe', '--server', server.url, '--source', 'ntfy', '--channel', topic, '--json', '--data-dir', join(dir, 'sub')]);
    procs.push(sub);
    await sub.line(/connected \(sse\)/, { stream: 'err' });
    // A publisher that retries until the server takes the message: nothing is given up while the server is down.
    let n = 0;
    const publishSome = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        n++;
        await waitFor(() => server!.publish(topic, `seq ${n}`).then(() => true, () => false), { timeoutMs: 20_000, intervalMs: 50, message: `message ${n} accepted` });
      }
    };
    const allPrinted = (): Promise<unknown> =>
      waitFor(() => printedSequence(sub).length >= n || sub.exit, { timeoutMs: 30_000, message: `all ${n} printed (got ${printedSequence(sub).length})` });
    await publishSome(100);
    await allPrinted();
    // The subscriber has everything before each restart: whatever it reports missing is a warning it cannot avoid
    // (the server forgot our last message), never one per reconnect.
    const restarts = 2;
    for (let r = 0; r < restarts; r++) {
      await server.restart();
      await publishSome(100);
      await allPrinted();
    }
    const seq = printedSequence(sub);
    expect(seq).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Each restart forgot our last message: a gap cannot be ruled out (ntfy hands live messages to goroutines that a
    // stopping server may never run), and it is reported once per restart at most, never once per reconnect. (A
    // restart before any message reached the new link finds nothing to check against: see docs/SOURCES.md.)
    expect(warnings(sub).length).toBeGreaterThanOrEqual(1);
    expect(warnings(sub).length).toBeLessThanOrEqual(restarts);
  });
});
