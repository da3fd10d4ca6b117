import type { UiLanguage } from '../../shared/language';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import type { OutboxEntry } from '../../shared/outbox';
import { OutboxView } from '../../core/outbox/outbox-view';
import { parse } from '../args';
import { openDataDir } from '../data-dir';
import { cliLanguage, type CliIO } from '../io';
import { noticeLine, outboxWords } from '../outbox-words';

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
  const words = outboxWords(cliLanguage(io.env));
  for (const n of data.notices) io.err(noticeLine(n, cliLanguage(io.env)));
  // Only reads (src/core/outbox/outbox-view.ts): safe beside a running `herald subscribe`.
  const box = new OutboxView({ store: data.outbox, mailbox: data.mailbox });
  for (const path of box.keptAside()) io.err(`warning: ${words.setAside(path)}`);
  for (const path of box.keptAsideLetters()) io.err(`warning: ${words.letterSetAside(path)}`);
  const kept = new Set([...box.keptAside(), ...box.keptAsideLetters()]);
  for (const n of box.notices()) if (!n.path || !kept.has(n.path)) io.err(noticeLine(n, cliLanguage(io.env)));
  const entries = box.entries();
  if (values.json) {
    for (const e of entries) io.out(JSON.stringify(box.knowsSource(e.sourceId) ? e : { ...e, sourceNeverConnected: true }));
  } else if (entries.length === 0) {
    io.out('The outbox is empty: nothing waiting, nothing failed.');
  } else {
    const p = box.progress();
    io.out(`${p.pending + p.sending} waiting, ${p.failed} failed`);
    for (const e of entries) io.out(formatEntry(e, box.knowsSource(e.sourceId) ? null : words.entryUnknownSource));
  }
  data.close();
  log.close();
  return 0;
}

function formatEntry(e: OutboxEntry, unknownSource: string | null): string {
  const a = e.action;
  const what = a.type === 'mark_all_read' ? `mark all read${a.upTo ? ` up to ${a.upTo}` : ''}` : `${a.type} ${a.itemId}${a.type === 'comment' ? `: ${a.body}` : ''}`;
  const when = new Date(e.createdAt).toISOString();
  const state =
    e.state.kind === 'failed'
      ? `FAILED (${e.state.error.message})`
      : e.state.kind === 'pending' && e.state.lastError
        ? `waiting, ${e.state.attempts} tries so far (${e.state.lastError.message})`
        : unknownSource ?? e.state.kind;
  return `  ${when}  ${e.sourceId}  ${what}  — ${state}  [${e.key}]`;
}
