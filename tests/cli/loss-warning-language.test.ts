/**
 * The language of `herald subscribe`'s loss warning follows the reader's locale, as a user sets it: LANG, or
 * LC_MESSAGES / LC_ALL over it (src/cli/commands/subscribe.ts, the shared rule of src/shared/language.ts). Real
 * processes: a Herald server restarted without its data is a loss the subscriber must report (no nginx needed, unlike
 * ./loss-warning.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, type CliProcess } from '../support/cli-process';
import { freePort, publishTo } from '../support/free-port';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-loss-lang-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** Subscribe, read one event, restart the server without its data; the subscriber's warning line. */
async function warningAfterServerLostData(locale: Record<string, string>): Promise<string> {
  const port = await freePort();
  const serve = (): Promise<{ proc: CliProcess; url: string }> => startServeProcess(['--port', String(port), '--keepalive', '0.3']);
  const first = await serve();
  track(first.proc);
  // The test runner's own locale must not leak in: each case sets exactly the variables it names.
  const env = { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...locale };
  const sub = track(startCli(['subscribe', '--server', first.url, '--transport', 'sse', '--data-dir', join(dir, 'sub')], { env }));
  await sub.line(/connected \(|已连接（/, { stream: 'err' });
  await publishTo(first.url, { title: 'before', body: '' });
  await sub.line('before');
  await first.proc.kill('SIGKILL');
  const from = sub.err.length;
  const second = await serve();
  track(second.proc);
  return sub.line(/^(warning: |警告：)/, { stream: 'err', from, timeoutMs: 20_000 });
}

describe('herald subscribe: the loss warning in the reader’s language', () => {
  it('is English under an English LANG', { timeout: 60_000 }, async () => {
    const line = await warningAfterServerLostData({ LANG: 'en_US.UTF-8' });
    expect(line).toMatch(/^warning: Messages from .+ may be missing/);
    expect(line).toContain('The server was restarted without its earlier messages.');
  });

  it('is Chinese under a Chinese LANG, with no English words of its own', { timeout: 60_000 }, async () => {
    const line = await warningAfterServerLostData({ LANG: 'zh_CN.UTF-8' });
    expect(line).toMatch(/^警告：/);
    expect(line).toContain('的消息可能有遗漏');
    expect(line).toContain('服务器重启后丢失了之前的消息。');
    expect(line).not.toMatch(/warning|may be missing|restarted/);
  });

  it('follows LC_ALL over LANG (LC_ALL=C reads English even with a Chinese LANG)', { timeout: 60_000 }, async () => {
    const line = await warningAfterServerLostData({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
    expect(line).toContain('The server was restarted without its earlier messages.');
  });
});
