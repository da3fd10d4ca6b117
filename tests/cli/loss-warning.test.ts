/**
 * How `herald subscribe` tells a user that messages may be missing: one line on stderr, naming the source (not the
 * URL template it was configured with), the channel once, and the span — in English, or in Chinese under a zh LANG.
 * HERALD_LOG=warn is what a user gets by default (tests otherwise run the logger silent). A real nginx + Nchan evicts the messages (a channel keeping only its last 5) while the subscriber is stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNchan, type NchanServer } from '../support/nchan/nchan-server';
import { startCli, type CliProcess } from '../support/cli-process';

let nchan: NchanServer;
let dir: string;
const procs: CliProcess[] = [];

beforeAll(async () => {
  nchan = await startNchan({ subscriberTimeout: '30s', pingIntervalSeconds: 1 });
});
afterAll(async () => {
  await nchan?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-loss-line-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** Subscribe, see one message, stop; evict it while away (10 more into a buffer of 5); subscribe again. */
async function evictedWhileAway(channel: string, env: Record<string, string>): Promise<CliProcess> {
  const args = ['subscribe', '--source', 'nchan', '--server', nchan.subscribeUrl, '--channel', channel, '--transport', 'sse', '--data-dir', dir];
  const first = startCli(args, { env });
  procs.push(first);
  await first.line(/connected \(sse\)|已连接（sse）/, { stream: 'err' });
  await nchan.publish(channel, 'seen', { smallBuffer: true });
  await first.line('seen');
  await first.stop();
  for (let i = 0; i < 10; i++) await nchan.publish(channel, `while away ${i}`, { smallBuffer: true });
  const again = startCli(args, { env });
  procs.push(again);
  await again.line('while away 9');
  await again.line(/^(warning: |警告：)/, { stream: 'err' });
  return again;
}

describe('herald subscribe: a loss warning', () => {
  it('is one line: the source by name, the channel once, the span, no internal log line', async () => {
    const channel = `evict-${process.pid}`;
    const sub = await evictedWhileAway(channel, { LANG: 'en_US.UTF-8', HERALD_LOG: 'warn' });
    const lines = sub.err.filter((l) => l.includes(channel) || /missing|missed|\[warn\]/.test(l));
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).toMatch(/^warning: /);
    expect(line).not.toContain('{');
    expect(line.split(channel)).toHaveLength(2);
    expect(line).toContain(`127.0.0.1:${nchan.port}`);
    expect(line).toMatch(/between .+ and .+/);
    expect(line).toContain('The server dropped them before Herald could read them.');
  });

  it('speaks Chinese under a Chinese locale', async () => {
    const channel = `evict-zh-${process.pid}`;
    const sub = await evictedWhileAway(channel, { LANG: 'zh_CN.UTF-8', HERALD_LOG: 'warn' });
    const line = sub.err.find((l) => l.startsWith('警告：')) ?? '';
    expect(line).toContain('可能有遗漏');
    expect(line.split(channel)).toHaveLength(2);
    expect(line).toContain('服务器在 Herald 读取之前删除了这些消息。');
  });
});
