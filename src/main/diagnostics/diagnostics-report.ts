/**
 * The diagnostics report: what a user attaches to "Herald stopped notifying me". Plain text, built from what the
 * shell already knows — versions, OS, each source's connection and its recent changes, outbox counts, settings
 * without secrets, the last log lines — then passed whole through the redactor, so nothing in it (an error message
 * quoting a URL, a log line) escapes the placeholders. It is written in English on purpose: it is read by whoever
 * answers the report, like the log file it quotes.
 */
import type { ConnectionChange } from '../../core/connection/connection-history';
import type { ConnectionState } from '../../shared/connection-state';
import type { ConnectionSummary } from '../../shared/inbox';
import type { OutboxProgress } from '../../shared/outbox';
import type { Settings, SourceSettings } from '../../shared/settings';
import type { DiagnosticsRedactor } from './redactor';

export interface DiagnosticsInput {
  app: { name: string; version: string };
  /** process.versions in main. */
  versions: { electron?: string; chrome?: string; node?: string };
  os: { platform: string; release: string; arch: string };
  connection: ConnectionSummary;
  history(sourceId: string): readonly ConnectionChange[];
  outbox: OutboxProgress;
  settings: Settings;
  /** The newest log lines, oldest first (already bounded by the reader). */
  logLines: readonly string[];
  logFile: string;
  now: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function describeState(state: ConnectionState): string {
  switch (state.kind) {
    case 'connecting':
      return `connecting over ${state.transport} (attempt ${state.attempt})`;
    case 'open':
      return `open over ${state.transport} since ${iso(state.since)}`;
    case 'backoff':
      return `waiting to reconnect over ${state.transport} (attempt ${state.attempt}, next at ${iso(state.retryAt)}) after ${state.error.code}: ${state.error.message}`;
    case 'offline':
      return 'offline (the system reports no network)';
    case 'paused':
      return `paused (${state.reason})`;
    case 'failed':
      return `needs you: ${state.error.code}${state.error.status !== undefined ? ` ${state.error.status}` : ''}: ${state.error.message}`;
    case 'stopped':
      return 'stopped';
  }
}

function describeChange(c: ConnectionChange): string {
  const parts = [iso(c.at), c.kind];
  if (c.transport) parts.push(c.transport);
  if (c.attempt !== undefined) parts.push(`attempt ${c.attempt}`);
  if (c.error) parts.push(`— ${c.error.code}${c.error.status !== undefined ? ` ${c.error.status}` : ''}: ${c.error.message}`);
  return parts.join(' ');
}

/** Settings as the window sees them (no secrets), with the user name reduced to whether one is set. */
function settingsWithoutSecrets(settings: Settings): unknown {
  const sources = settings.sources.map((s: SourceSettings) => {
    const { username, ...rest } = s;
    return username === undefined ? rest : { ...rest, username: '(set)' };
  });
  return { ...settings, sources };
}

export function buildDiagnosticsReport(input: DiagnosticsInput, redactor: DiagnosticsRedactor, placeholders: boolean): string {
  const lines: string[] = [];
  const v = input.versions;
  lines.push('Herald diagnostics', `Created: ${iso(input.now)}`, `Hosts and topics replaced with placeholders: ${placeholders ? 'yes' : 'no'}`, '');
  lines.push('== App ==', `${input.app.name} ${input.app.version}`, `Electron ${v.electron ?? '-'} · Chromium ${v.chrome ?? '-'} · Node ${v.node ?? '-'}`);
  lines.push(`OS: ${input.os.platform} ${input.os.release} ${input.os.arch}`, '');

  lines.push('== Sources ==', `Overall: ${describeState(input.connection.overall)}`);
  if (input.connection.sources.length === 0) lines.push('(none)');
  for (const source of input.connection.sources) {
    const configured = input.settings.sources.find((s) => s.id === source.id);
    lines.push('', `[${source.id}] ${source.kind}${configured ? ` ${configured.url}` : ' (built-in demo server)'}`);
    lines.push(`  State: ${describeState(source.state)}`);
    if (source.malformed > 0) lines.push(`  Unreadable events skipped: ${source.malformed}`);
    if (source.actionless) lines.push('  Server takes no actions (read state stays local)');
    const history = input.history(source.id);
    const errors = history.filter((c) => c.error);
    lines.push(`  Reconnects seen: ${history.filter((c) => c.kind === 'connecting').length}`);
    lines.push('  Recent changes (oldest first):');
    for (const change of history) lines.push(`    ${describeChange(change)}`);
    if (history.length === 0) lines.push('    (none yet)');
    lines.push(`  Last errors: ${errors.length === 0 ? '(none)' : ''}`);
    for (const change of errors.slice(-3)) lines.push(`    ${describeChange(change)}`);
  }
  lines.push('');

  const o = input.outbox;
  lines.push('== Outbox ==', `pending ${o.pending} · sending ${o.sending} · failed ${o.failed} · done ${o.done}`, '');
  lines.push('== Settings (no secrets) ==', JSON.stringify(settingsWithoutSecrets(input.settings), null, 2), '');
  lines.push(`== Last log lines (${input.logFile}) ==`);
  lines.push(...(input.logLines.length > 0 ? input.logLines : ['(no log lines yet)']));

  redactor.placeholders(placeholders);
  return redactor.redact(lines.join('\n')) + '\n';
}
