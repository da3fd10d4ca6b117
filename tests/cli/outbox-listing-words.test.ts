/**
 * `herald outbox` lists what waits in the reader's language (LANG): the empty outbox, the counts, each entry's state
 * and why it is still waiting — words from the error's code, its own text after them. Real child processes: `act`
 * queues for a server that is not there, `outbox` lists it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald } from '../support/cli-process';
import { freePort } from '../support/free-port';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-words-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('act confirms and outbox lists in Chinese (an empty outbox, two waiting likes), and in English as before', { timeout: 60_000 }, async () => {
  const data = join(dir, 'data');
  expect((await runHerald(['outbox', '--data-dir', data], { LANG: 'zh_CN.UTF-8' })).out.trim()).toBe('发件箱是空的：没有等待发送的，也没有失败的。');
  const server = `http://127.0.0.1:${await freePort()}`;
  // Nothing listens there: the like is queued and waits.
  const act = await runHerald(['act', 'like', '--item', '42', '--server', server, '--data-dir', data], { LANG: 'zh_CN.UTF-8' });
  expect(act.code).toBe(0);
  expect(act.out.trim()).toMatch(new RegExp(`^已将 like（[0-9a-f-]{36}）放入发往 ${server.replace(/[.]/g, '\\.')} 的发件箱；\`herald subscribe\` 会发送它$`));
  const en = await runHerald(['act', 'like', '--item', '43', '--server', server, '--data-dir', data], { LANG: 'C.UTF-8' });
  expect(en.out.trim()).toMatch(/^queued like \([0-9a-f-]{36}\) for http:\/\/127\.0\.0\.1:\d+; `herald subscribe` will send it$/);
  const zh = (await runHerald(['outbox', '--data-dir', data], { LANG: 'zh_CN.UTF-8' })).out.trim().split('\n');
  expect(zh[0]).toBe('2 个等待发送，0 个失败');
  // Never sent from this data dir: it says so (the state words are for sources it has connected to).
  expect(zh[1]).toMatch(/like 42 {2}— 等待一个此数据目录从未连接过的源/);
  const listed = (await runHerald(['outbox', '--data-dir', data], { LANG: 'C.UTF-8' })).out.trim().split('\n');
  expect(listed[0]).toBe('2 waiting, 0 failed');
  expect(listed[1]).toMatch(/like 42 {2}— waiting for a source this data dir has never connected to/);
});
