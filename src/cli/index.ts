/**
 * `herald` — the command line. Runs the same connection core as the app, without a display.
 *   herald serve      run the reference server (optionally with the demo feed)
 *   herald publish    publish one message to a Herald, ntfy or Nchan server
 *   herald subscribe  print events as they arrive (resumes across runs)
 *   herald act        queue a user action in the outbox
 *   herald outbox     list queued and failed actions
 *   herald doctor     check whether a server can be reached and received from, through this network
 *   herald keygen     print a new end-to-end key
 */
// The version is package.json's (the build keeps only this field of it), so a release bump cannot miss the CLI.
import { version } from '../../package.json';
import { CliFailure, cliLanguage, processIO, UsageError, type CliIO } from './io';
import { unknownCommandLine, usageLines } from './usage-words';
import { unexpectedLine } from './cli-words';
import type { UiLanguage } from '../shared/language';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { summary: Record<UiLanguage, string>; load: () => Promise<Command> }> = {
  serve: {
    summary: { en: 'run the reference server (and demo feed)', 'zh-CN': '运行参考服务器（以及演示消息）' },
    load: async () => (await import('./commands/serve')).serve,
  },
  publish: {
    summary: { en: 'publish one message to a Herald, ntfy or Nchan server', 'zh-CN': '向 Herald、ntfy 或 Nchan 服务器发布一条消息' },
    load: async () => (await import('./commands/publish')).publish,
  },
  subscribe: {
    summary: { en: 'print events as they arrive; resumes where it left off', 'zh-CN': '在事件到达时打印出来；从上次停下的地方继续' },
    load: async () => (await import('./commands/subscribe')).subscribe,
  },
  act: {
    summary: { en: 'queue a user action (like, unlike, comment, read) in the outbox', 'zh-CN': '把一个用户操作（点赞、取消点赞、评论、已读）放入发件箱' },
    load: async () => (await import('./commands/act')).act,
  },
  outbox: {
    summary: { en: 'list actions waiting to be sent, or failed', 'zh-CN': '列出等待发送或已失败的操作' },
    load: async () => (await import('./commands/outbox')).outbox,
  },
  keygen: {
    summary: { en: 'print a new end-to-end encryption key', 'zh-CN': '打印一个新的端到端加密密钥' },
    load: async () => (await import('./commands/keygen')).keygen,
  },
  doctor: {
    summary: { en: 'check the connection to a server: network, TLS, credentials, transports, clock', 'zh-CN': '检查到服务器的连接：网络、TLS、凭据、传输方式、时钟' },
    load: async () => (await import('./commands/doctor')).doctor,
  },
};

/** The lines around the command list, in the reader's language; commands, options and examples stay as typed. */
const USAGE_WORDS: Record<UiLanguage, { usage: string; commands: string; more: string; examples: string }> = {
  en: {
    usage: 'Usage: herald <command> [options]',
    commands: 'Commands:',
    more: 'Run `herald <command> --help` for a command\'s options.',
    examples: 'Examples:',
  },
  'zh-CN': {
    usage: '用法：herald <command> [options]',
    commands: '命令：',
    more: '运行 `herald <command> --help` 查看某个命令的选项。',
    examples: '示例：',
  },
};

export function usage(lang: UiLanguage): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const w = USAGE_WORDS[lang];
  return [
    w.usage,
    '',
    w.commands,
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary[lang]}`),
    '',
    w.more,
    w.examples,
    '  herald serve --demo',
    '  herald publish --server http://127.0.0.1:8787 --title "Build passed" --body "#231 is green"',
    '  herald publish --source ntfy --server https://ntfy.example.com --channel builds --title "Build passed" --tag ci',
    '  herald subscribe --server http://127.0.0.1:8787 --json --data-dir ~/.herald-cli',
    '  herald doctor --server https://ntfy.example.com --source ntfy --channel alerts',
    '  herald keygen > key && herald publish --server http://127.0.0.1:8787 --encrypt --key-file key --title "Secret"',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(cliLanguage(io.env)));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`herald ${version}`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`${unknownCommandLine(name, cliLanguage(io.env))}\n\n${usage(cliLanguage(io.env))}`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(usageLines(name, err, cliLanguage(io.env)));
      return 2;
    }
    if (err instanceof CliFailure) {
      io.err(`herald ${name}: ${err.message}`);
      return err.status;
    }
    io.err(unexpectedLine(name, err, cliLanguage(io.env)));
    return 1;
  }
}
