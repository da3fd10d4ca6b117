/**
 * What only a person can fix ends `herald subscribe` with a documented status and one line in words (English, or
 * Chinese from LANG), so a script can tell — real child processes:
 * - the server refuses the credentials (401, 403), or the source does not offer the transport asked for: status 3;
 * - the data directory cannot be written (a path under a regular file, an immutable directory): status 4, at start,
 *   before anything is printed (not an [error] per batch and everything printed again next run).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, startServeProcess, type CliProcess } from '../support/cli-process';

let dir: string;
const procs: CliProcess[] = [];
const track = <T extends CliProcess>(p: T): T => (procs.push(p), p);
const immutable: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-exit-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  for (const d of immutable.splice(0)) spawnSync('chattr', ['-i', d]);
  rmSync(dir, { recursive: true, force: true });
});

/** The lines on stderr that are not connection-state changes (`[connecting …]`). */
const said = (p: CliProcess): string[] => p.err.filter((l) => l.trim() !== '' && !l.startsWith('['));

describe('refused credentials', () => {
  it.each([
    ['C.UTF-8', /refused the credentials/],
    ['zh_CN.UTF-8', /拒绝了登录凭据/],
  ])('a wrong token ends subscribe with status 3 and one line (LANG=%s)', { timeout: 60_000 }, async (lang, words) => {
    const { url, proc } = await startServeProcess(['--keepalive', '0.5', '--token', 'right-token']);
    track(proc);
    for (const transport of ['auto', 'sse']) {
      const sub = track(startCli(['subscribe', '--server', url, '--token', 'wrong-token', '--transport', transport, '--data-dir', join(dir, transport)], { env: { LANG: lang } }));
      const exit = await sub.exited;
      expect(exit.code).toBe(3);
      expect(said(sub)).toHaveLength(1);
      expect(said(sub)[0]).toMatch(words);
      expect(said(sub)[0]).toContain('401');
      expect(sub.out.filter(Boolean)).toEqual([]);
    }
  });
});

it('a --transport the source does not offer (ntfy has no long-poll) ends with status 3 and one line, nothing else', { timeout: 30_000 }, async () => {
  const args = ['subscribe', '--source', 'ntfy', '--server', 'http://127.0.0.1:9', '--channel', 't', '--transport', 'longpoll', '--data-dir', join(dir, 'd')];
  const sub = track(startCli(args, { env: { LANG: 'C.UTF-8' } }));
  expect((await sub.exited).code).toBe(3);
  expect(sub.err.filter((l) => l.trim() !== '')).toEqual([expect.stringMatching(/cannot be used as set up/)]);
});

describe('a data directory that cannot be written', () => {
  const runAgainst = async (dataDir: string, lang = 'C.UTF-8'): Promise<CliProcess> => {
    const { url, proc } = await startServeProcess(['--keepalive', '0.5']);
    track(proc);
    const sub = track(startCli(['subscribe', '--server', url, '--data-dir', dataDir], { env: { LANG: lang } }));
    await sub.exited;
    return sub;
  };

  it('under a regular file: status 4 and one line naming the directory', { timeout: 30_000 }, async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const dataDir = join(dir, 'a-file', 'data');
    const sub = await runAgainst(dataDir);
    expect(sub.exit?.code).toBe(4);
    expect(said(sub)).toHaveLength(1);
    expect(said(sub)[0]).toMatch(/cannot create or write to the data directory/);
    expect(said(sub)[0]).toContain(dataDir);
  });

  it('an existing directory that refuses writes even to root (chattr +i): status 4, in Chinese with LANG=zh_CN', { timeout: 30_000 }, async (ctx) => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'state.json'), '{}');
    if (spawnSync('chattr', ['+i', dataDir]).status !== 0) return ctx.skip();
    immutable.push(dataDir);
    const sub = await runAgainst(dataDir, 'zh_CN.UTF-8');
    expect(sub.exit?.code).toBe(4);
    expect(said(sub)).toHaveLength(1);
    expect(said(sub)[0]).toMatch(/无法创建或写入数据目录/);
    expect(sub.err.some((l) => /connecting/.test(l))).toBe(false);
  });
});
