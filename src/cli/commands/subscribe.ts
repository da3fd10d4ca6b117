import { readFileSync } from 'node:fs';
import { TRANSPORT_PREFERENCES, type ConnectionState } from '../../shared/connection-state';
import { createHeraldClient } from '../../core/client';
import type { ClientOptions } from '../../core/herald-client';
import { parse, oneOf, numberOption } from '../args';
import { cliLanguage, type CliIO } from '../io';
import { EXIT_DATA_DIR_IN_USE, openWritableDataDir } from '../data-dir';
import { dataDirLine, EXIT_DATA_DIR_UNWRITABLE, EXIT_SOURCE_REFUSED, sourceFailedLine, stateLine } from '../subscribe-words';
import { lossNoticeLine } from '../../shared/notices';
import { openLink } from '../../shared/deep-link';
import { isItemEvent } from '../../shared/events';
import { formatEvent } from '../event-text';
import { sealedLine } from '../key-words';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { applyHistoryFlags, HISTORY_FLAGS, HISTORY_HELP } from '../history-flags';
import { forgetCursor } from '../../core/inbox/inbox-cache';
import { noticeLine } from '../outbox-words';
import { systemClock } from '../../core/base/clock';
import { createCliRules, loadRulesFile, RULES_FLAGS, RULES_HELP } from '../rules-flag';

import { warnOpenKeyFile } from '../key-flags';
import { promptPasswords, sourcesFromFlags, SOURCE_FLAGS, SOURCE_HELP, warnVisiblePassword } from '../source-flags';

const HELP = `Usage: herald subscribe --server URL [options]

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
  ${EXIT_DATA_DIR_IN_USE} another herald subscribe holds this --data-dir (the line names its process).`;

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
    io.out(HELP);
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
    io.err(dataDirLine(opened.path, opened.code, lang));
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
  client.onDidDetectLoss(({ notice }) => io.err(`warning: ${lossNoticeLine(notice, lang)}`));
  client.onDidChangeOutbox((p) => {
    if (p.total > 0) io.err(`[outbox: ${p.done}/${p.total} sent${p.failed ? `, ${p.failed} failed` : ''}]`);
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
