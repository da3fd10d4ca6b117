/**
 * `herald subscribe` without --json, as a person reads it: what --json carries beyond title and body — tags, the
 * sender's action buttons, an attached file — shows under the notification, one line each, labelled in the reader's
 * language. Against the real ntfy 2.11.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { startCli, type CliProcess } from '../support/cli-process';

let server: NtfyServer;
let dir: string;
const procs: CliProcess[] = [];

beforeAll(async () => {
  server = await startNtfy({ attachments: true });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-text-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** Subscribe in text mode, publish one full message and one with a file, and return the lines printed. */
async function printed(topic: string, lang: string): Promise<string[]> {
  const sub = startCli(['subscribe', '--source', 'ntfy', '--server', server.url, '--channel', topic, '--data-dir', dir, '--exit-after', '2'], { env: { LANG: lang } });
  procs.push(sub);
  await sub.line(/connected \(sse\)|已连接（sse）/, { stream: 'err' });
  await server.publish(topic, 'Disk /var is 99% full', {
    Title: 'Disk alert',
    Tags: 'warning, skull',
    Actions: 'view, Open graphs, https://grafana.example/d/disk; http, Silence, https://alerts.example/silence, method=PUT; broadcast, Take picture, extras.cmd=pic',
  });
  await server.publish(topic, 'hello file', { Filename: 'notes.txt' });
  await sub.exited;
  return sub.out.filter((l) => l.trim() !== '');
}

describe('herald subscribe (text)', () => {
  it('shows tags, actions and an attachment, one line each', async () => {
    const lines = await printed(`text-${process.pid}`, 'en_US.UTF-8');
    expect(lines[0]).toMatch(/\[P3\] Disk alert — Disk \/var is 99% full/);
    expect(lines.slice(1, 3)).toEqual([
      '  tags: warning, skull',
      '  actions: Open graphs <https://grafana.example/d/disk>; Silence (PUT <https://alerts.example/silence>); Take picture (broadcast)',
    ]);
    // The body is the file's content: ntfy says "You received a file" instead.
    expect(lines[3]).toMatch(/You received a file: notes\.txt/);
    expect(lines[4]).toMatch(new RegExp(`^  attachment: notes\\.txt \\(text/plain; charset=utf-8, 10 B\\) <${server.url}/file/[A-Za-z0-9]+\\.txt>$`));
    expect(lines).toHaveLength(5);
  });

  it('labels them in Chinese under a Chinese locale', async () => {
    const lines = await printed(`text-zh-${process.pid}`, 'zh_CN.UTF-8');
    expect(lines[1]).toBe('  标签：warning, skull');
    expect(lines[2]).toMatch(/^ {2}操作：Open graphs <https:\/\/grafana\.example\/d\/disk>；/);
    expect(lines[4]).toMatch(/^ {2}附件：notes\.txt/);
  });
});
