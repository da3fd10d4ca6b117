import type { UiLanguage } from '../../shared/language';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { readFileSync } from 'node:fs';
import { validateAction, type Action } from '../../shared/actions';
import { OutboxView } from '../../core/outbox/outbox-view';
import { OutboxError } from '../../core/outbox/new-entry';
import { parse } from '../args';
import { openWritableDataDir } from '../data-dir';
import { dataDirLine, EXIT_DATA_DIR_UNWRITABLE } from '../cli-words';
import { cliLanguage, type CliIO } from '../io';
import { noticeLine, outboxWords } from '../outbox-words';
import { warnOpenKeyFile } from '../key-flags';
import { SOURCE_FLAGS, SOURCE_HELP, sourceFromFlags } from '../source-flags';
import { usageError } from '../usage-words';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald act <like|unlike|comment|read|read-all> [options]

Queue a user action in the outbox kept in --data-dir. It is written to disk at once with its idempotency key and sent,
exactly once, by \`herald subscribe\` with the same --server and --data-dir: the one running now (it picks the action
up within a second and sends it while connected), or the next one. Safe beside a running subscriber: nothing it keeps
is overwritten. An action for a source this data dir has never connected to (e.g. --server http://localhost:P while
subscribe uses http://127.0.0.1:P) waits for that source; act says so on stderr, and \`herald outbox\` per entry.
A damaged outbox.json is set aside (kept, never deleted): every action that can be read from it is queued again, and
\`herald outbox\` names the file until you remove it.
  --item ID           the item (like, unlike, comment, read)
  --body TEXT         the comment's text
  --author NAME       who writes the comment
  --up-to ID          read-all: mark everything up to this event id read (default: everything)
${SOURCE_HELP.en}
  --data-dir DIR      default .herald-data
  --json              print the queued entry as JSON
${LOG_HELP.en}

Exit status: 0 queued; 1 not queued (10 000 actions already wait, or a newer Herald wrote the outbox), or another
  error; 2 a usage mistake;
  ${EXIT_DATA_DIR_UNWRITABLE} the data directory cannot be created or written (read-only, or not a directory): nothing was queued;
  73 the --log-file cannot be written.`,
  'zh-CN': `用法：herald act <like|unlike|comment|read|read-all> [options]

把一个用户操作放入 --data-dir 中的发件箱。它连同幂等键立即写入磁盘，并由使用相同 --server 和
--data-dir 的 \`herald subscribe\` 发送，且只发送一次：正在运行的那个（一秒内取走该操作，在连接时发送），
或下一个。可以与正在运行的订阅者并存：它保存的任何内容都不会被覆盖。
针对此数据目录从未连接过的来源的操作（例如 --server http://localhost:P，而 subscribe 用的是
http://127.0.0.1:P）会等待那个来源；act 会在 stderr 上说明，\`herald outbox\` 也会在相应条目中说明。
损坏的 outbox.json 会被移到一旁（保留，从不删除）：其中能读出的每个操作都会重新排队，
\`herald outbox\` 会一直列出该文件，直到你删除它。
  --item ID           条目（like、unlike、comment、read）
  --body TEXT         评论的文字
  --author NAME       评论的作者
  --up-to ID          read-all：把到此事件 id 为止的全部标为已读（默认：全部）
${SOURCE_HELP['zh-CN']}
  --data-dir DIR      默认 .herald-data
  --json              以 JSON 打印已排队的条目
${LOG_HELP['zh-CN']}

退出状态：0 已排队；1 没有排队（已有 10 000 个操作在等待，或发件箱由更新版本的 Herald 写入）或其他错误；
  2 用法错误；
  ${EXIT_DATA_DIR_UNWRITABLE} 无法创建或写入数据目录（只读，或不是目录）：没有排队任何操作；
  73 无法写入 --log-file。`,
};

const VERBS = { like: 'like', unlike: 'unlike', comment: 'comment', read: 'mark_read', 'read-all': 'mark_all_read' } as const;

export async function act(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...SOURCE_FLAGS,
      item: { type: 'string' },
      body: { type: 'string' },
      author: { type: 'string' },
      'up-to': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      ...LOG_FLAGS,
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return 0;
  }
  const verb = positionals[0];
  if (positionals.length !== 1 || verb === undefined || !(verb in VERBS)) {
    throw usageError('sayWhatToDo', Object.keys(VERBS).join(', '));
  }
  warnOpenKeyFile(values, io);
  const source = sourceFromFlags(values, io.env, (p) => readFileSync(p, 'utf8'));
  const candidate: Record<string, unknown> = { type: VERBS[verb as keyof typeof VERBS] };
  if (values.item !== undefined) candidate.itemId = values.item;
  if (values.body !== undefined) candidate.body = values.body;
  if (values.author !== undefined) candidate.author = values.author;
  if (values['up-to'] !== undefined) candidate.upTo = values['up-to'];
  const checked = validateAction(candidate);
  if (!checked.ok) throw usageError('actionInvalid', checked.message);
  const action: Action = checked.action;

  const log = openCliLog(values, io, 'act');
  log.logger.debug('queueing', { source, action });
  // `act` writes (its letter to the subscriber): a directory that refuses is one line and status 4, as for subscribe.
  const opened = openWritableDataDir(values['data-dir'] ?? '.herald-data');
  if (!opened.ok) {
    io.err(dataDirLine('act', opened.path, opened.code, cliLanguage(io.env)));
    log.close();
    return EXIT_DATA_DIR_UNWRITABLE;
  }
  const data = opened.dir;
  for (const n of data.notices) io.err(noticeLine(n, cliLanguage(io.env)));
  // Handed over, never written into outbox.json: a running `herald subscribe` owns that file (src/cli/data-dir.ts).
  const view = new OutboxView({ store: data.outbox, mailbox: data.mailbox });
  const lang = cliLanguage(io.env);
  const refused = (line: string, status: number): number => {
    io.err(line);
    data.close();
    log.close();
    return status;
  };
  let entry: ReturnType<OutboxView['post']>;
  try {
    entry = view.post(source.id, action);
  } catch (err) {
    // The action is not queued, and that is said (never silently): a folder that refuses the write (full, or a file
    // where the hand-over folder should be), too many actions already waiting, or an outbox a newer Herald wrote.
    if (!(err instanceof OutboxError)) throw err;
    if (err.errno !== undefined) return refused(dataDirLine('act', data.path, err.errno, lang), EXIT_DATA_DIR_UNWRITABLE);
    if (err.code === 'outbox_full') return refused(outboxWords(lang).notQueuedFull(), 1);
    if (err.code === 'store_newer') return refused(outboxWords(lang).notQueuedNewer(data.path), 1);
    throw err;
  }
  io.out(values.json ? JSON.stringify(entry) : outboxWords(cliLanguage(io.env)).queued(verb, entry.key, source.url));
  if (!view.knowsSource(source.id)) io.err(outboxWords(cliLanguage(io.env)).unknownSource(source.id));
  log.logger.info('queued', { key: entry.key, source: source.id });
  data.close();
  log.close();
  return 0;
}
