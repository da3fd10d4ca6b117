/**
 * `herald subscribe --keepalive S`: the keepalive interval the user's server sends, so a link that goes silent is
 * taken for dead in a few seconds instead of the default minute (Nchan's 30 s ping → 65 s of silence allowed).
 * A real nginx + Nchan pinging every second, a real `herald subscribe` child, a TCP proxy between them that goes
 * silent (stall: the sockets stay open, nothing passes) — a half-open link TCP alone would not notice for minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNchan, type NchanServer } from '../support/nchan/nchan-server';
import { startNtfy } from '../support/ntfy/ntfy-server';
import { ChaosProxy } from '../support/chaos-proxy';
import { startCli, type CliProcess } from '../support/cli-process';

let nchan: NchanServer;
let proxy: ChaosProxy;
let dir: string;
const procs: CliProcess[] = [];
/** The state lines the tests wait for are the English ones, whatever the machine's locale. */
const ENGLISH = { LC_ALL: 'C' };

beforeAll(async () => {
  nchan = await startNchan({ subscriberTimeout: '60s', pingIntervalSeconds: 1 });
  proxy = await ChaosProxy.start(nchan.port);
  dir = mkdtempSync(join(tmpdir(), 'herald-keepalive-'));
});
afterAll(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await proxy?.close();
  await nchan?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const KEEPALIVE_S = 2;
// Two keepalives and a margin (nchan.ts): 6 s with --keepalive 2. The deadline is generous for a busy machine but
// far below the 65 s the default would allow, so only the flag can meet it.
const NOTICED_WITHIN_MS = 3 * (2 * KEEPALIVE_S + KEEPALIVE_S) * 1000 + 5000;

describe('herald subscribe --keepalive', () => {
  it('notices a silent link within a bound derived from the flag, reconnects, and goes on delivering', async () => {
    const channel = `keepalive-${process.pid}`;
    const url = `http://127.0.0.1:${proxy.port}/sub/{transport}/{channel}`;
    const sub = startCli(['subscribe', '--source', 'nchan', '--server', url, '--channel', channel, '--transport', 'sse', '--keepalive', String(KEEPALIVE_S), '--data-dir', dir], { env: ENGLISH });
    procs.push(sub);
    await sub.line(/connected \(sse\)/, { stream: 'err' });
    await nchan.publish(channel, 'before the silence');
    await sub.line('before the silence');

    const silentFrom = sub.err.length;
    const acceptedBefore = proxy.accepted;
    proxy.stall(true);
    // The state line changes only because the watchdog gave the silent link up (nothing was cut or refused).
    const gaveUp = await sub.line(/disconnected|connecting/, { stream: 'err', from: silentFrom, timeoutMs: NOTICED_WITHIN_MS });
    expect(gaveUp).toMatch(/stall|silent|disconnected|connecting/);
    proxy.stall(false);
    // A new connection, and what is published now arrives through it.
    await sub.line(/connected \(sse\)/, { stream: 'err', from: silentFrom, timeoutMs: 30_000 });
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    await nchan.publish(channel, 'after the silence');
    await sub.line('after the silence', { timeoutMs: 30_000 });
  }, 90_000);

  it('for ntfy, matches the server\'s keepalive-interval: a silent link is given up within a bound from the flag', async () => {
    // The test server's keepalive-interval is 5 s (ntfy's floor); ntfy's default 45 s would allow a minute of silence.
    const ntfy = await startNtfy();
    const ntfyProxy = await ChaosProxy.start(ntfy.port);
    try {
      const topic = `keepalive-${process.pid}`;
      const keepalive = 5;
      const sub = startCli(['subscribe', '--source', 'ntfy', '--server', ntfyProxy.url, '--channel', topic, '--transport', 'sse', '--keepalive', String(keepalive), '--data-dir', join(dir, 'ntfy')], { env: ENGLISH });
      procs.push(sub);
      await sub.line(/connected \(sse\)/, { stream: 'err' });
      const silentFrom = sub.err.length;
      ntfyProxy.stall(true);
      // One keepalive and a margin (ntfy.ts): 10 s; three of those and slack for a busy machine stay under 60 s.
      await sub.line(/disconnected|connecting/, { stream: 'err', from: silentFrom, timeoutMs: 3 * 2 * keepalive * 1000 + 5000 });
      ntfyProxy.stall(false);
      await sub.line(/connected \(sse\)/, { stream: 'err', from: silentFrom, timeoutMs: 30_000 });
      await ntfy.publish(topic, 'after the silence');
      await sub.line('after the silence', { timeoutMs: 30_000 });
    } finally {
      await ntfyProxy.close();
      await ntfy.stop();
    }
  }, 90_000);

  it('refuses a keepalive that is not a number of seconds', async () => {
    const sub = startCli(['subscribe', '--source', 'nchan', '--server', 'http://127.0.0.1:1/sub/{channel}', '--channel', 'x', '--keepalive', 'soon', '--data-dir', dir], { env: ENGLISH });
    procs.push(sub);
    const exit = await sub.exited;
    expect(exit.code).toBe(2);
    expect(sub.err.join('\n')).toContain('--keepalive must be a number');
  });
});
