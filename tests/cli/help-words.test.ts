/**
 * Every `--help` in the reader's language (LC_ALL, then LC_MESSAGES, then LANG): English as it always was, or
 * Simplified Chinese that still names every option the English names. Runs the real `herald` as child processes.
 */
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process';

const COMMANDS = ['serve', 'publish', 'subscribe', 'act', 'outbox', 'keygen', 'doctor'] as const;

// The demo feed's description names the language "中文" in its own script; that is the only Han text in English.
const HAN = /\p{Script=Han}/u;
const hasHan = (line: string): boolean => HAN.test(line.replaceAll('中文', ''));
const options = (lines: string[]): string[] => [...new Set(lines.join('\n').match(/--[a-z][a-z-]*/g) ?? [])].sort();

async function help(args: string[], env: Record<string, string>): Promise<string[]> {
  const proc = startCli(args, { env: { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env } });
  const { code } = await proc.exited;
  expect(code, `herald ${args.join(' ')} exits 0`).toBe(0);
  return proc.out;
}

const ENGLISH = { LANG: 'C.UTF-8' };
const CHINESE = { LANG: 'zh_CN.UTF-8' };

describe('herald <command> --help in the locale', { timeout: 120_000 }, () => {
  it.each(COMMANDS)('%s: English under LANG=C.UTF-8, Chinese with the same options under zh_CN', async (command) => {
    const [en, zh] = await Promise.all([help([command, '--help'], ENGLISH), help([command, '--help'], CHINESE)]);
    expect(en[0]).toMatch(new RegExp(`^Usage: herald ${command} `));
    expect(en.filter(hasHan)).toEqual([]);
    // Description lines: indented text, not a bare option, example or command line.
    const described = zh.filter((l) => l.trim() !== '' && !/^\s*(herald |\$ )/.test(l.trim()) && !/^\s*--[a-z-]+( [A-Z]+)?$/.test(l));
    const inChinese = described.filter(hasHan);
    expect(inChinese.length, `Chinese lines of ${command} --help:\n${zh.join('\n')}`).toBeGreaterThan(described.length * 0.6);
    expect(options(zh)).toEqual(options(en));
  });

  it('serve --help in English is what it always was', async () => {
    const en = await help(['serve', '--help'], ENGLISH);
    expect(en[0]).toBe('Usage: herald serve [options]');
    expect(en).toContain('Run the Herald reference server. Prints the URL it listens on; Ctrl-C stops it.');
    expect(en).toContain('  --port N            default 8787; 0 picks a free port');
    expect(en).toContain('  --verbose           log everything, each request included (to stderr unless --log-file is given)');
    expect(en).toContain('Exit status:');
  });

  it('herald --help: the command list in English or Chinese', async () => {
    const [en, zh] = await Promise.all([help(['--help'], ENGLISH), help(['--help'], CHINESE)]);
    expect(en[0]).toBe('Usage: herald <command> [options]');
    expect(en).toContain('  serve      run the reference server (and demo feed)');
    expect(en.filter(hasHan)).toEqual([]);
    for (const command of COMMANDS) {
      const line = zh.find((l) => l.startsWith(`  ${command} `));
      expect(line, `${command} in the Chinese list`).toMatch(HAN);
    }
    expect(options(zh)).toEqual(options(en));
  });

  it('LC_ALL=zh_CN.UTF-8 overrides LANG=C.UTF-8, and LC_MESSAGES overrides LANG', async () => {
    const [all, messages] = await Promise.all([
      help(['serve', '--help'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'C.UTF-8' }),
      help(['keygen', '--help'], { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C.UTF-8' }),
    ]);
    expect(all.filter(hasHan).length).toBeGreaterThan(3);
    expect(messages.filter(hasHan).length).toBeGreaterThan(3);
  });
});
