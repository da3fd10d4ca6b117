/**
 * Usage mistakes are said in words from one table, in English or Chinese (LANG): every code has both, Node's own
 * argument-parser prose never reaches the reader (only the option it names), and `herald` ends with status 2 and the
 * line pointing to the command's --help — real child processes for the last part.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseArgsError, usageError, usageLines, type UsageCode } from '../../src/cli/usage-words';
import { startCli } from '../support/cli-process';

/** Sample values for each code's parameters (numbers where the words take numbers). */
const SAMPLES: { [K in UsageCode]: Parameters<typeof usageError<K>> extends [K, ...infer A] ? A : never } = {
  unknownOption: ['--x'],
  missingValue: ['--x'],
  unexpectedArgument: ['x'],
  badArguments: [],
  wholeNumber: ['port', 0, 65535],
  number: ['keepalive', 0.05, 3600],
  required: ['server'],
  notUrl: ['server', 'x'],
  notHttp: ['server'],
  oneOf: ['transport', 'auto, sse'],
  oneChannel: ['ntfy'],
  onlyNtfyNchan: ['--delay'],
  ntfyNotificationsOnly: [],
  notWithSource: ['--item', 'ntfy'],
  nchanTypes: [],
  delayNtfyOnly: [],
  systemCarries: ['--tag'],
  levelSystemOnly: [],
  filenameNeedsAttach: [],
  nchanPublisher: [],
  since: [],
  sinceNchan: ['n'],
  filterNotKeyValue: ['x'],
  filterUnknownKey: ['x', 'priority'],
  filterBadValue: ['priority'],
  filterNtfyOnly: [],
  fileFlagNotHere: ['--key-file'],
  fileUnreadable: ['--sources', 's.json', 'ENOENT'],
  needsChannel: ['ntfy'],
  fallbackHeraldOnly: [],
  serverOrSources: [],
  sourcesNotList: [],
  sourcesEntry: [2],
  sourcesSameId: [],
  atMostActions: [3],
  sayWhatToDo: ['like'],
  actionInvalid: ['itemId is required'],
  storesBoth: [],
};

const HAN = /[\u4e00-\u9fff]/;

describe('the usage words', () => {
  it('say every code in English and in Chinese, with the values given', () => {
    for (const [code, values] of Object.entries(SAMPLES) as Array<[UsageCode, unknown[]]>) {
      const err = (usageError as (c: UsageCode, ...v: unknown[]) => ReturnType<typeof usageError>)(code, ...values);
      const en = usageLines('x', err, 'en');
      const zh = usageLines('x', err, 'zh-CN');
      expect(en, code).not.toMatch(HAN);
      expect(zh, code).toMatch(HAN);
      for (const v of values) expect(zh, code).toContain(String(v));
      expect(err.message, code).toBe(en.split('\n')[0]!.replace('herald x: ', ''));
    }
  });

  it('name the option Node refused, never its prose', () => {
    const refuse = (args: string[], allowPositionals = false): string => {
      try {
        parseArgs({ args, options: { port: { type: 'string' } }, strict: true, allowPositionals });
      } catch (err) {
        return usageLines('serve', parseArgsError(err), 'en');
      }
      throw new Error('parseArgs took it');
    };
    expect(refuse(['--bogus'])).toMatch(/^herald serve: --bogus is not an option of this command\n/);
    expect(refuse(['-z'])).toMatch(/^herald serve: -z is not an option of this command\n/);
    expect(refuse(['--port'])).toMatch(/^herald serve: --port needs a value\n/);
    expect(refuse(['stray'])).toMatch(/^herald serve: unexpected argument stray\n/);
    for (const args of [['--bogus'], ['--port'], ['stray']]) expect(refuse(args)).not.toMatch(/positional|argument missing|To specify/);
  });
});

it.each([
  ['C.UTF-8', 'herald serve: --bogus is not an option of this command', 'Run `herald serve --help` for its options.'],
  ['zh_CN.UTF-8', 'herald serve: --bogus 不是此命令的选项', '运行 `herald serve --help` 查看它的选项。'],
])('herald ends a usage mistake with status 2 and two lines (LANG=%s)', { timeout: 30_000 }, async (lang, first, second) => {
  const p = startCli(['serve', '--bogus'], { env: { LANG: lang } });
  expect((await p.exited).code).toBe(2);
  expect(p.err.filter((l) => l.trim() !== '')).toEqual([first, second]);
});

it.each([
  ['C.UTF-8', /^herald subscribe: --sources entry 2 \(its keys stand for the flags named\): --source must be one of herald, nchan, ntfy$/],
  ['zh_CN.UTF-8', /^herald subscribe: --sources 第 2 项（其中的键对应所提到的选项）：--source 必须是以下之一：herald, nchan, ntfy$/],
])('a mistake in one entry of a --sources file names the entry (LANG=%s)', { timeout: 30_000 }, async (lang, words) => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-sources-entry-'));
  try {
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify([{ id: 'a', kind: 'herald', url: 'http://127.0.0.1:9' }, { id: 'b', kind: 'weird', url: 'http://127.0.0.1:9' }]));
    const p = startCli(['subscribe', '--sources', file, '--data-dir', join(dir, 'data')], { env: { LANG: lang } });
    expect((await p.exited).code).toBe(2);
    expect(p.err.filter((l) => l.trim() !== '')[0]).toMatch(words);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
