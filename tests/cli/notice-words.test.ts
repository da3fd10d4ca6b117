/**
 * What the CLI says about damaged local files (a notice: state.json or outbox.json set aside) is in the reader's
 * language, from the code→words table, with the place the file was kept — never the store's English sentence alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHerald, startCli } from '../support/cli-process';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-notice-words-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it.each([
  ['en_US.UTF-8', 'could not be read; what can be read from it is used'],
  ['zh_CN.UTF-8', '中保存的数据无法读取；能读出的部分照常使用'],
])('`herald act` on a data dir with a damaged state.json (LANG=%s): one warning in that language, naming the file', async (lang, words) => {
  const data = join(dir, 'd');
  mkdirSync(data);
  writeFileSync(join(data, 'state.json'), '{"cursor:');
  const run = await runHerald(['act', 'read', '--item', 'i1', '--server', 'http://127.0.0.1:9', '--data-dir', data], { LANG: lang });
  expect(run.code, run.err).toBe(0);
  const warnings = run.err.split('\n').filter((l) => l.includes('state.json'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(words);
  expect(warnings[0]).toContain(join(data, 'state.json'));
});

it.each([
  ['en_US.UTF-8', 'could not be read and was set aside; it is kept at'],
  ['zh_CN.UTF-8', '中保存的数据无法读取，已另行保存在'],
])('`herald subscribe` that sets a damaged state.json aside (LANG=%s) says so in that language, naming both files', { timeout: 30_000 }, async (lang, words) => {
  const data = join(dir, 'd');
  mkdirSync(data);
  writeFileSync(join(data, 'state.json'), '{"cursor:');
  // Nothing listens on port 9: the subscriber opens the data dir, warns at start, then retries until stopped.
  const sub = startCli(['subscribe', '--server', 'http://127.0.0.1:9', '--data-dir', data], { env: { LANG: lang } });
  const run = { err: (await sub.line('state.json', { stream: 'err' }), sub.err.join('\n')) };
  await sub.kill();
  const warning = run.err.split('\n').find((l) => l.includes('state.json'));
  expect(warning, run.err).toContain(words);
  expect(warning).toMatch(/state\.json\.corrupt-/);
});
