import type { UiLanguage } from '../../shared/language';
import { readFileSync } from 'node:fs';
import { TRANSPORT_PREFERENCES, type ConnectionState } from '../../shared/connection-state';
import { createHeraldClient } from '../../core/client';
import type { ClientOptions } from '../../core/herald-client';
import { parse, oneOf, numberOption } from '../args';
import { cliLanguage, type CliIO } from '../io';
import { EXIT_DATA_DIR_IN_USE, openWritableDataDir } from '../data-dir';
import { EXIT_SOURCE_REFUSED, sourceFailedLine, stateLine } from '../subscribe-words';
import { dataDirLine, EXIT_DATA_DIR_UNWRITABLE, warningLine } from '../cli-words';
import { lossNoticeLine } from '../../shared/notices';
import { openLink } from '../../shared/deep-link';
import { isItemEvent } from '../../shared/events';
import { formatEvent } from '../event-text';
import { sealedLine } from '../key-words';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { applyHistoryFlags, HISTORY_FLAGS, HISTORY_HELP } from '../history-flags';
import { forgetCursor } from '../../core/inbox/inbox-cache';
import { noticeLine, outboxWords } from '../outbox-words';
import { systemClock } from '../../core/base/clock';
import { createCliRules, loadRulesFile, RULES_FLAGS, RULES_HELP } from '../rules-flag';

import { warnOpenKeyFile } from '../key-flags';
import { promptPasswords, sourcesFromFlags, SOURCE_FLAGS, SOURCE_HELP, warnVisiblePassword } from '../source-flags';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald subscribe --server URL [options]

Print events as they arrive. Connection-state changes go to stderr. Resumes from the cursor kept in --data-dir
(a first run starts from now, or from --since),
and sends the actions queued there (herald act) when it connects. Ctrl-C stops.
${SOURCE_HELP.en}
${HISTORY_HELP.en}
  --transport T       auto (default: SSE, falling back to long-poll, then polling) | sse | longpoll | poll
  --json              one JSON object per line (id, type, time, data, source, serverId: the Herald server
                      instance that issued the id, null for ntfy and Nchan); without it, one line per event, and
                      under a notification one indented line each for its tags, actions and attachment
  --data-dir DIR      where the cursor and the outbox are kept (default: .herald-data)
  --links             print a herald://open link under each notification (with --json: a "link" field); it opens
                      the item in the Herald app when the app has a source with the same id (--id)
${RULES_HELP.en}
  --exit-after N      stop after N events (scripts and tests; events the rules keep out of the output count too)
  --keepalive S       the server's keepalive interval in seconds (ntfy: its keepalive-interval; Nchan: its
                      nchan_eventsource_ping_interval; Herald: until the server's hello says its own), so a stream
                      that goes silent is taken for dead and reconnected within a few of them (default: each
                      server's default, 45 s ntfy, 30 s Nchan, 15 s Herald)
${LOG_HELP.en}

Delivery: in order and once per run; nothing the server still holds is lost across network faults and restarts.
After a crash (SIGKILL) the next run may print again the last batch printed (at most 500 events): de-duplicate by
(source, serverId, id): a Herald server restarted without its data starts its ids again at 1. When events may be
gone for good, one "may be missing" warning line goes to stderr, naming the source, the channel and the span — also
for an event over 256 KiB from a Herald or Nchan server, skipped ("too large") on every transport while the next ones
are printed. ntfy messages are printed in the server's order. A stream is alive only while whole events or
keepalives arrive; with auto, one held back by a proxy (nothing, or late bursts) steps down to long-poll.
Not detectable, so never warned of: Nchan messages that a first run (no cursor yet) would have read, or that
--transport poll would have read at its next poll, wiped by an nginx reload before that request; Nchan messages
that expired (nchan_message_timeout) while this command was away for less than 1 hour (Nchan's default timeout,
which it assumes), or on the channels of a multiplexed {channels} link other than the newest; ntfy messages sent
with "Cache: no" while it was away.
Encrypted notifications open with the keys of --key-file or HERALD_KEY; one that does not open (no key, a wrong
key, a changed byte) prints one line on stderr instead, nothing of its content (with --json its line says only
"sealed": "no_key" or "undecryptable"); it still counts for --exit-after.
One subscriber per --data-dir: another one there exits with status 75 and says which process holds it; \`herald act\`
and \`herald outbox\` work beside it (the running subscriber picks up and sends what act queued).
A saved cursor that cannot be used (refused by the server, not a cursor, a damaged state.json) gives that warning
once, then what the server still holds is printed again from its history.

The command keeps running until Ctrl-C or SIGTERM, also while the server is down or answers errors (5xx, 404, 410):
it retries with a backoff growing to 60 s. It stops by itself only for what a person must fix, with one line:
Exit status: 0 stopped (Ctrl-C, SIGTERM, --exit-after); 1 another error; 2 a usage mistake;
  ${EXIT_SOURCE_REFUSED} every source failed for good: the credentials were refused (HTTP 401 or 403; check --token,
    --user or the password), or the --transport asked for is not offered by the source;
  ${EXIT_DATA_DIR_UNWRITABLE} the data directory cannot be written (read-only, or not a directory): checked at start;
  ${EXIT_DATA_DIR_IN_USE} another herald subscribe holds this --data-dir (the line names its process).`,
  'zh-CN': `用法：herald subscribe --server URL [options]

在事件到达时打印出来。连接状态的变化输出到 stderr。从 --data-dir 中保存的游标处继续
（首次运行从现在开始，或从 --since 开始），
并在连接时发送在那里排队的操作（herald act）。按 Ctrl-C 停止。
${SOURCE_HELP['zh-CN']}
${HISTORY_HELP['zh-CN']}
  --transport T       auto（默认：SSE，不行则退到长轮询，再退到轮询）| sse | longpoll | poll
  --json              每行一个 JSON 对象（id、type、time、data、source、serverId：签发该 id 的 Herald 服务器
                      实例，ntfy 和 Nchan 为 null）；不加时每个事件一行，
                      通知下方再为其标签、按钮和附件各缩进一行
  --data-dir DIR      保存游标和发件箱的位置（默认：.herald-data）
  --links             在每条通知下打印一个 herald://open 链接（加 --json 时为 "link" 字段）；当 Herald 应用
                      中有 id 相同（--id）的来源时，它会在应用中打开该条目
${RULES_HELP['zh-CN']}
  --exit-after N      收到 N 个事件后停止（供脚本和测试使用；被规则挡在输出之外的事件也计数）
  --keepalive S       服务器的保活间隔秒数（ntfy：它的 keepalive-interval；Nchan：它的
                      nchan_eventsource_ping_interval；Herald：直到服务器的 hello 告知它自己的间隔），
                      这样沉默的流会在几个间隔内被判定为断开并重新连接（默认：各服务器的
                      默认值，ntfy 45 秒，Nchan 30 秒，Herald 15 秒）
${LOG_HELP['zh-CN']}

送达：按顺序，每次运行只送一次；服务器仍保留的内容不会因网络故障和重启而丢失。
崩溃（SIGKILL）后，下一次运行可能把最后打印的一批再打印一次（最多 500 个事件）：请按
(source, serverId, id) 去重：不带数据重启的 Herald 服务器会从 1 重新编号。当事件可能
永久丢失时，stderr 上会出现一行 "may be missing" 警告，写明来源、频道和范围——
来自 Herald 或 Nchan 服务器、超过 256 KiB 的事件也是如此：它在每种传输方式下都会被跳过（"too large"），
其后的事件照常打印。ntfy 消息按服务器的顺序打印。只有完整的事件或保活
持续到达时，流才算活着；在 auto 下，被代理扣住的流（没有数据，或延迟成批到达）会降级为长轮询。
无法察觉、因此从不警告的情况：首次运行（尚无游标）本会读到的 Nchan 消息，或
--transport poll 在下次轮询时本会读到的 Nchan 消息，在那次请求之前被 nginx 重载清除；在本命令
离开不到 1 小时期间过期（nchan_message_timeout）的 Nchan 消息（1 小时是 Nchan 的默认超时，
本命令按此假定），或多路复用 {channels} 链接中除最新频道以外各频道上的这类消息；离开期间以
"Cache: no" 发送的 ntfy 消息。
加密通知用 --key-file 或 HERALD_KEY 中的密钥打开；打不开的通知（没有密钥、密钥不对、
有字节被改动）改为在 stderr 上打印一行，不含任何内容（加 --json 时该行只写
"sealed": "no_key" 或 "undecryptable"）；它仍计入 --exit-after。
每个 --data-dir 只能有一个订阅者：另一个会以状态 75 退出，并说明是哪个进程占用着它；\`herald act\`
和 \`herald outbox\` 可与它并存（正在运行的订阅者会取走并发送 act 排队的操作）。
保存的游标无法使用时（被服务器拒绝、不是游标、state.json 已损坏），会给出一次该警告，
然后从服务器的历史中重新打印它仍保留的内容。

本命令一直运行到 Ctrl-C 或 SIGTERM，服务器宕机或返回错误（5xx、404、410）时也是如此：
它会以逐渐增长到 60 秒的退避间隔重试。只有遇到必须由人来修正的问题时，它才会自行停止，并输出一行说明：
退出状态：0 已停止（Ctrl-C、SIGTERM、--exit-after）；1 其他错误；2 用法错误；
  ${EXIT_SOURCE_REFUSED} 每个来源都已彻底失败：凭据被拒绝（HTTP 401 或 403；请检查 --token、
    --user 或密码），或来源不提供所要求的 --transport；
  ${EXIT_DATA_DIR_UNWRITABLE} 数据目录无法写入（只读，或不是目录）：启动时检查；
  ${EXIT_DATA_DIR_IN_USE} 另一个 herald subscribe 占用着此 --data-dir（该行会写明其进程）。`,
};

export async function subscribe(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    ...SOURCE_FLAGS,
    ...LOG_FLAGS,
    ...HISTORY_FLAGS,
    ...RULES_FLAGS,
    transport: { type: 'string' },
    json: { type: 'boolean' },
    links: { type: 'boolean' },
    'data-dir': { type: 'string' },
    'exit-after': { type: 'string' },
    keepalive: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return 0;
  }
  warnVisiblePassword(values, io);
  warnOpenKeyFile(values, io);
  const sources = sourcesFromFlags(values, io.env, (p) => readFileSync(p, 'utf8'));
  applyHistoryFlags(sources, values);
  await promptPasswords(sources, io);
  const transport = oneOf(values.transport, 'transport', TRANSPORT_PREFERENCES, 'auto');
  const keepaliveS = numberOption(values.keepalive, 'keepalive', 1, 3600);
  const exitAfter = values['exit-after'] === undefined ? Infinity : Number(values['exit-after']);
  const lang = cliLanguage(io.env);
  const rulesFile = values.rules === undefined ? undefined : loadRulesFile(values.rules, lang, (p) => readFileSync(p, 'utf8'));
  const opened = openWritableDataDir(values['data-dir'] ?? '.herald-data', { owner: { env: io.env } });
  if (!opened.ok) {
    io.err(dataDirLine('subscribe', opened.path, opened.code, lang));
    return EXIT_DATA_DIR_UNWRITABLE;
  }
  const data = opened.dir;
  for (const n of data.notices) io.err(noticeLine(n, lang));
  // --since is an explicit request: this run starts where it says, not where the last one stopped.
  for (const s of sources) if (s.since) forgetCursor(data.state, s.id);

  const log = openCliLog(values, io, 'subscribe');
  log.logger.debug('sources', { sources });
  const client = createHeraldClient({
    sources,
    store: data.state,
    cursorsLost: data.cursorsLost,
    outboxStore: data.outbox,
    outboxMailbox: data.mailbox,
    transport,
    firstLoad: 0,
    inboxStore: null,
    ...keepaliveTuning(keepaliveS),
    logger: log.logger,
  });
  for (const n of client.notices()) io.err(noticeLine(n, lang));
  const rules = rulesFile && createCliRules({ file: rulesFile, sources, clock: io.clock ?? systemClock, store: data.state, lang, json: values.json === true, out: io.out });
  let delivered = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));

  let lastLine = '';
  const describe = (s: ConnectionState): string => stateLine(s, lang, Date.now());
  let status = 0;
  const saidFailed = new Set<string>();
  client.onDidChangeConnection((summary) => {
    if (status !== 0) return; // Ended with its one line: the stop that follows is not news.
    // What only a person can fix (refused credentials) is said once per source, in words; when no source is left
    // running, the command ends with its own status so a script can tell.
    for (const s of summary.sources) {
      if (s.state.kind !== 'failed' || saidFailed.has(s.id)) continue;
      saidFailed.add(s.id);
      io.err(sourceFailedLine(s.label, s.state.error, lang));
    }
    if (summary.sources.length > 0 && saidFailed.size === summary.sources.length) {
      status = EXIT_SOURCE_REFUSED;
      return done();
    }
    const line =
      summary.sources.length > 1
        ? summary.sources.map((s) => `${s.id}: ${describe(s.state)}`).join(' | ')
        : describe(summary.overall);
    if (line !== lastLine) io.err(`[${(lastLine = line)}]`);
  });
  client.onDidReceiveEvents(({ sourceId, events }) => {
    for (const e of events) {
      if (delivered >= exitAfter) break;
      const link = values.links && isItemEvent(e) ? openLink(e.source ?? sourceId, e.data.itemId) : undefined;
      // Every line names the server instance that issued its id (null for ntfy and Nchan, whose ids never repeat).
      const line = { ...e, serverId: e.serverId ?? null };
      // A message Herald could not open is said on stderr, in words; its JSON line says only `sealed` (no content
      // exists to print), and the text form prints nothing more.
      const sealed = e.type === 'notification' ? e.data.sealed : undefined;
      if (sealed !== undefined) io.err(sealedLine(sealed, e.id, lang));
      const source = e.source ?? sourceId;
      if (values.json) {
        const decided = rules?.decisionFor(e, source);
        io.out(JSON.stringify({ ...line, ...(link ? { link } : {}), ...decided }));
      } else {
        const usual = () => (link ? `${formatEvent(e, lang)}\n  ${link}` : formatEvent(e, lang));
        const lines = rules ? rules.linesFor(e, source, usual) : [usual()];
        // A sealed message has nothing to print (its stderr line said so), but the rules still decide it, as they
        // do for --json: a digest collects it either way.
        if (sealed === undefined) for (const l of lines) io.out(l);
      }
      delivered++;
    }
    if (delivered >= exitAfter) done();
  });
  // Never silent about loss: the same notice the app shows in its list, in the reader's language.
  client.onDidDetectLoss(({ notice }) => io.err(warningLine(lossNoticeLine(notice, lang), lang)));
  client.onDidChangeOutbox((p) => {
    if (p.total > 0) io.err(outboxWords(lang).progress(p.done, p.total, p.failed));
  });
  client.start();
  await Promise.race([finished, io.interrupted]);
  await client.stop();
  rules?.dispose();
  data.close();
  log.close();
  return status;
}

/** --keepalive feeds each source's silence watchdog (core/connection/watchdog.ts): whichever kind the source is. */
function keepaliveTuning(seconds: number | undefined): Pick<ClientOptions, 'tuning'> {
  if (seconds === undefined) return {};
  const keepalive = { keepaliveMs: Math.round(seconds * 1000) };
  return { tuning: { source: { herald: keepalive, nchan: keepalive, ntfy: keepalive } } };
}
