/**
 * What every command says the same way, in the reader's language (LANG): a data directory that cannot be used (the
 * same words and exit status 4 from `subscribe`, `serve` and `act`), a warning line (its "warning:" too), and an
 * error nobody foresaw (words first and a redacted detail after them, never the raw message alone). `herald outbox`
 * only reads: it never creates a data directory. Real child processes and files; the unforeseen error is raised
 * in-process through `main`, the path every command's exception takes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/index';
import type { CliIO } from '../../src/cli/io';
import { noticeLine } from '../../src/cli/outbox-words';
import { runHerald } from '../support/cli-process';
import { freePort } from '../support/free-port';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-words-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

describe('a data directory that cannot be used', () => {
  it.each([
    ['C.UTF-8', /^herald act: cannot create or write to the data directory .*a-file\/data \(it is read-only, or not a directory\): choose another with --data-dir \(ENOTDIR\)$/],
    ['zh_CN.UTF-8', /^herald act: 无法创建或写入数据目录 .*a-file\/data（只读，或不是目录）：请用 --data-dir 指定其他目录 \(ENOTDIR\)$/],
  ])('act under a regular file ends with status 4 and one line in words, as subscribe does (LANG=%s)', { timeout: 30_000 }, async (lang, words) => {
    writeFileSync(join(dir, 'a-file'), '');
    const dataDir = join(dir, 'a-file', 'data');
    const server = `http://127.0.0.1:${await freePort()}`;
    const act = await runHerald(['act', 'like', '--item', '1', '--server', server, '--data-dir', dataDir], { LANG: lang });
    expect(act.code).toBe(4);
    expect(lines(act.err)).toEqual([expect.stringMatching(words)]);
    expect(act.out).toBe('');
    const sub = await runHerald(['subscribe', '--server', server, '--data-dir', dataDir], { LANG: lang });
    expect(sub.code).toBe(4);
    // The same words, only the command's name differs.
    expect(lines(sub.err)).toEqual([lines(act.err)[0]!.replace('herald act', 'herald subscribe')]);
  });

  it('act whose hand-over folder cannot be written (a file in its place): status 4, the errno, nothing queued', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'outbox.incoming'), '');
    const server = `http://127.0.0.1:${await freePort()}`;
    const act = await runHerald(['act', 'like', '--item', '1', '--server', server, '--data-dir', data], { LANG: 'zh_CN.UTF-8' });
    expect(act.code).toBe(4);
    expect(lines(act.err)).toEqual([expect.stringMatching(/^herald act: 无法创建或写入数据目录 .*（只读，或不是目录）：请用 --data-dir 指定其他目录 \(EEXIST\)$/)]);
    expect(act.out).toBe('');
    expect((await runHerald(['outbox', '--data-dir', data], { LANG: 'C.UTF-8' })).out.trim()).toBe('The outbox is empty: nothing waiting, nothing failed.');
  });

  it('act on an outbox a newer Herald wrote: one line that says so in words, status 1, the file untouched', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    const text = JSON.stringify({ version: 99, entries: [] });
    writeFileSync(join(data, 'outbox.json'), text);
    const server = `http://127.0.0.1:${await freePort()}`;
    for (const [lang, words] of [
      ['C.UTF-8', /^herald act: the action was not queued: the outbox in .*data was written by a newer version of Herald; update Herald to queue actions there$/],
      ['zh_CN.UTF-8', /^herald act: 操作没有排队：.*data 中的发件箱由更新版本的 Herald 写入；请更新 Herald 后再在此排队操作$/],
    ] as const) {
      const act = await runHerald(['act', 'like', '--item', '1', '--server', server, '--data-dir', data], { LANG: lang });
      expect(act.code).toBe(1);
      expect(lines(act.err)).toEqual([expect.stringMatching(words)]);
    }
    expect(readFileSync(join(data, 'outbox.json'), 'utf8')).toBe(text);
    // `herald outbox` says the same, in words of its own (not "could not be read and was set aside").
    const zh = await runHerald(['outbox', '--data-dir', data], { LANG: 'zh_CN.UTF-8' });
    expect(lines(zh.err)).toEqual(['警告：保存的数据由更新版本的 Herald 写入：只读取、不修改，也不会再添加内容；请更新 Herald']);
    expect(readFileSync(join(data, 'outbox.json'), 'utf8')).toBe(text);
  });

  it('act when 10 000 actions already wait: one line in words, status 1, nothing added', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    const server = `http://127.0.0.1:${await freePort()}`;
    const entry = (n: number) => ({ key: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, sourceId: 's', action: { type: 'like', itemId: String(n) }, createdAt: n, state: { kind: 'pending', attempts: 0 } });
    writeFileSync(join(data, 'outbox.json'), JSON.stringify({ version: 2, entries: Array.from({ length: 10_000 }, (_, n) => entry(n)) }));
    const act = await runHerald(['act', 'like', '--item', 'x', '--server', server, '--data-dir', data], { LANG: 'C.UTF-8' });
    expect(act.code).toBe(1);
    expect(lines(act.err)).toEqual(['herald act: the action was not queued: too many actions are waiting to be sent; let `herald subscribe` send them, or see them with `herald outbox`']);
    expect(existsSync(join(data, 'outbox.incoming')) ? readdirSync(join(data, 'outbox.incoming')) : []).toEqual([]);
  });

  it('outbox only reads: a data directory that is not there (or cannot be) is an empty outbox, and it is not created', async () => {
    const missing = join(dir, 'never-made');
    const r = await runHerald(['outbox', '--data-dir', missing], { LANG: 'C.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('The outbox is empty: nothing waiting, nothing failed.');
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    // Under a regular file nothing can be there either: empty, with no warning about damaged files.
    writeFileSync(join(dir, 'a-file'), '');
    const under = await runHerald(['outbox', '--data-dir', join(dir, 'a-file', 'data')], { LANG: 'C.UTF-8' });
    expect(under.code).toBe(0);
    expect(under.out.trim()).toBe('The outbox is empty: nothing waiting, nothing failed.');
    expect(under.err).toBe('');
  });
});

describe('warnings', () => {
  it('--password on the command line: warned in the reader language, "warning:" included', async () => {
    const server = `http://127.0.0.1:${await freePort()}`;
    const args = ['publish', '--source', 'ntfy', '--server', server, '--channel', 't', '--user', 'u', '--password', 'pw-on-the-line', '--title', 't'];
    const en = await runHerald(args, { LANG: 'C.UTF-8' });
    expect(lines(en.err)[0]).toBe('warning: --password can be read by other users in the process list; use HERALD_PASSWORD, --password-file or the prompt');
    const zh = await runHerald(args, { LANG: 'zh_CN.UTF-8' });
    expect(lines(zh.err)[0]).toMatch(/^警告：--password 可被本机其他用户在进程列表中看到；/);
    expect(zh.err).not.toMatch(/warning|other users/);
  });

  it('a notice about local files starts with the warning word of the reader language', () => {
    const notice = { code: 'store_corrupt' as const, message: 'x', path: '/d/outbox.json.corrupt-1' };
    expect(noticeLine(notice, 'en')).toMatch(/^warning: /);
    expect(noticeLine(notice, 'zh-CN')).toMatch(/^警告：/);
    expect(noticeLine({ ...notice, original: '/d/outbox.json', movedAside: true }, 'zh-CN')).toMatch(/^警告：.*\/d\/outbox\.json/);
  });
});

describe('an error nobody foresaw', () => {
  const failingIO = (lang: string, err: string[]): CliIO => ({
    out: () => {
      throw new TypeError('Cannot read properties of undefined (reading "x") at http://bob:hunter2secret@example.com/');
    },
    err: (l) => void err.push(l),
    env: { LANG: lang },
    interrupted: new Promise(() => {}),
  });

  it.each([
    ['C.UTF-8', /^herald outbox: something Herald did not expect stopped this command: run it again with --verbose --log-file FILE and report the log \(TypeError: Cannot read properties/],
    ['zh_CN.UTF-8', /^herald outbox: 意外的错误使这个命令停止了：请加上 --verbose --log-file FILE 重新运行，并报告日志内容（TypeError: Cannot read properties/],
  ])('is said in words with the error after them as a detail, secrets redacted, status 1 (LANG=%s)', async (lang, words) => {
    const said: string[] = [];
    const code = await main(['outbox', '--data-dir', join(dir, 'data')], failingIO(lang, said));
    expect(code).toBe(1);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(words);
    expect(said[0]).not.toContain('hunter2secret');
  });
});
