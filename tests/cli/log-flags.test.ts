/**
 * `--log-file FILE` and `--verbose` on the commands: the file gets the command's requests at debug level, redacted;
 * without --log-file, --verbose writes to stderr; a log file that cannot be written is exit status 73, in words.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index';
import { silentLogger } from '../../src/core/base/log';
import { runCli } from './run-cli';

let dir: string;
let server: RunningServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'herald-log-flags-'));
  server = await startServer({ port: 0, token: 'the-server-token-123', logger: silentLogger });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--log-file and --verbose', () => {
  it('publish --verbose --log-file writes the request, its Authorization header redacted', async () => {
    const file = join(dir, 'publish.log');
    const run = runCli(['publish', '--server', server.url, '--token', 'the-server-token-123', '--title', 'hi', '--verbose', '--log-file', file]);
    expect(await run.done).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[debug\] publish: POST .*"authorization":"\[redacted\]"/i);
    expect(text).toMatch(/\[info\] publish: published/);
    expect(text).not.toContain('the-server-token-123');
    expect(run.err).toEqual([]);
  });

  it('--verbose without --log-file writes to stderr, redacted', async () => {
    const run = runCli(['publish', '--server', server.url, '--token', 'the-server-token-123', '--title', 'hi', '--verbose']);
    expect(await run.done).toBe(0);
    expect(run.err.join('\n')).toMatch(/\[debug\] publish: POST/);
    expect(run.err.join('\n')).not.toContain('the-server-token-123');
  });

  it('a log file that cannot be written is exit status 73 with the reason', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const run = runCli(['outbox', '--data-dir', join(dir, 'data'), '--log-file', join(notADir, 'x.log')]);
    expect(await run.done).toBe(73);
    expect(run.err.join('\n')).toMatch(/cannot write the log file .*x\.log: (ENOTDIR|EEXIST)/);
    const zh = runCli(['outbox', '--data-dir', join(dir, 'data'), '--log-file', join(notADir, 'x.log')], { LANG: 'zh_CN.UTF-8' });
    expect(await zh.done).toBe(73);
    expect(zh.err.join('\n')).toMatch(/无法写入日志文件 .*x\.log：(ENOTDIR|EEXIST)/);
  });
});
