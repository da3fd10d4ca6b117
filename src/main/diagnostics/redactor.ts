/**
 * What keeps secrets and (by default) the user's hosts and topics out of an exported diagnostics report: the log's
 * own redaction (src/shared/log-redact.ts, the rules every log line is written with) and its placeholders
 * (src/shared/log-placeholders.ts), one line at a time. The report never reads a token or password in the first
 * place (sources reach it as `SourceSettings`, which only say whether one is set); this is the second line of defence
 * for log lines and server error messages it quotes.
 */
import { redactLine } from '../../shared/log-redact';
import { createPlaceholders, type Placeholders } from '../../shared/log-placeholders';

export interface DiagnosticsRedactor {
  redact(text: string): string;
  /** Replace hosts and topic/channel names with stable placeholders (`host-1`, `topic-1`) from now on. */
  placeholders(on: boolean): void;
}

/** The hosts and topics the user configured: what placeholders stand for wherever they appear, not only in URLs. */
export interface KnownNames {
  hosts: readonly string[];
  topics: readonly string[];
}

export function createDiagnosticsRedactor(known: () => KnownNames): DiagnosticsRedactor {
  let on = true;
  return {
    placeholders(value) {
      on = value;
    },
    redact(text) {
      // One set of placeholders per report: the same host is host-1 in every line of it, a new report numbers afresh.
      let names: Placeholders | null = null;
      if (on) {
        names = createPlaceholders();
        const { hosts, topics } = known();
        names.learn('host', hosts);
        names.learn('topic', topics);
      }
      return text
        .split('\n')
        .map((line) => (names ? names.redactLine(line) : redactLine(line)))
        .join('\n');
    },
  };
}
