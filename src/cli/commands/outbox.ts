import type { UiLanguage } from '../../shared/language';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import type { OutboxEntry } from '../../shared/outbox';
import type { ErrorInfo } from '../../shared/connection-state';
import { ERROR_WORDS } from '../../shared/error-words';
import { OutboxView } from '../../core/outbox/outbox-view';
import { parse } from '../args';
import { openDataDir } from '../data-dir';
import { cliLanguage, type CliIO } from '../io';
import { noticeLine, outboxWords } from '../outbox-words';
import { warningLine } from '../cli-words';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald outbox [--data-dir DIR] [--json]

List the actions waiting to be sent and the ones that failed (with the server's reason), including those \`herald act\`
handed to a running \`herald subscribe\` that it has not picked up yet. Only reads: safe beside a running subscriber.
Says which entries wait for a source this data dir has never connected to, and names every damaged outbox file kept
aside (outbox.json.corrupt-…) until you remove it.
  --data-dir DIR      default .herald-data
  --json              one JSON object per entry
${LOG_HELP.en}`,
  'zh-CN': `用法：herald outbox [--data-dir DIR] [--json]

列出等待发送的操作和已失败的操作（附服务器给出的原因），包括 \`herald act\` 已交给正在运行的
\`herald subscribe\` 但它尚未取走的操作。只读：可以与正在运行的订阅者并存。
会指出哪些条目在等待一个此数据目录从未连接过的来源，并列出每个被移到一旁的损坏发件箱文件
（outbox.json.corrupt-…），直到你删除它。
  --data-dir DIR      默认 .herald-data
  --json              每个条目一个 JSON 对象
${LOG_HELP['zh-CN']}`,
};

export async function outbox(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    ...LOG_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return 0;
  }
  const log = openCliLog(values, io, 'outbox');
  const data = openDataDir(values['data-dir'] ?? '.herald-data');
  log.logger.debug('reading the outbox', { dataDir: values['data-dir'] ?? '.herald-data' });
  const lang = cliLanguage(io.env);
  const words = outboxWords(lang);
  for (const n of data.notices) io.err(noticeLine(n, cliLanguage(io.env)));
  // Only reads (src/core/outbox/outbox-view.ts): safe beside a running `herald subscribe`.
  const box = new OutboxView({ store: data.outbox, mailbox: data.mailbox });
  for (const path of box.keptAside()) io.err(warningLine(words.setAside(path), lang));
  for (const path of box.keptAsideLetters()) io.err(warningLine(words.letterSetAside(path), lang));
  const kept = new Set([...box.keptAside(), ...box.keptAsideLetters()]);
  for (const n of box.notices()) if (!n.path || !kept.has(n.path)) io.err(noticeLine(n, cliLanguage(io.env)));
  const entries = box.entries();
  if (values.json) {
    for (const e of entries) io.out(JSON.stringify(box.knowsSource(e.sourceId) ? e : { ...e, sourceNeverConnected: true }));
  } else if (entries.length === 0) {
    io.out(words.empty);
  } else {
    const p = box.progress();
    io.out(words.counts(p.pending + p.sending, p.failed));
    for (const e of entries) io.out(formatEntry(e, box.knowsSource(e.sourceId) ? null : words.entryUnknownSource, lang));
  }
  data.close();
  log.close();
  return 0;
}

function formatEntry(e: OutboxEntry, unknownSource: string | null, lang: UiLanguage): string {
  const words = outboxWords(lang);
  const a = e.action;
  // The action's own name (like, comment…) is what `herald act` takes: kept as typed.
  const what = a.type === 'mark_all_read' ? words.markAllRead(a.upTo) : `${a.type} ${a.itemId}${a.type === 'comment' ? `: ${a.body}` : ''}`;
  const when = new Date(e.createdAt).toISOString();
  // Why, in words from the error's code; the error's own text after them as a detail.
  const why = (err: ErrorInfo): string => `${ERROR_WORDS[lang][err.code]}: ${err.message}`;
  const state =
    e.state.kind === 'failed'
      ? words.failed(why(e.state.error))
      : e.state.kind === 'pending' && e.state.lastError
        ? words.retrying(e.state.attempts, why(e.state.lastError))
        : unknownSource ?? words.state[e.state.kind];
  return `  ${when}  ${e.sourceId}  ${what}  — ${state}  [${e.key}]`;
}
