/**
 * What keeps secrets and (by default) the user's hosts and topics out of an exported diagnostics report.
 *
 * The report builder depends only on `DiagnosticsRedactor`, so the shell can hand it the log module's redaction
 * (the same rules the log file is written with) instead of this small one. This one is enough on its own: the
 * report never reads a token or password in the first place (sources reach it as `SourceSettings`, which only say
 * whether one is set), and it still scrubs the usual secret shapes from log lines and error messages as a second
 * line of defence.
 */
export interface DiagnosticsRedactor {
  redact(text: string): string;
  /** Replace hosts and topic/channel names with stable placeholders (`<host-1>`, `<topic-1>`) from now on. */
  placeholders(on: boolean): void;
}

/** The hosts and topics the user configured: what placeholders stand for. */
export interface KnownNames {
  hosts: readonly string[];
  topics: readonly string[];
}

const REDACTED = '[redacted]';

/** Secret shapes, each replaced in one linear pass (no nested quantifiers: a hostile log line cannot make it slow). */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // An Authorization header's value, to the end of the line or the closing quote.
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // User info in a URL: scheme://user:password@host.
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]+@/gi, `$1${REDACTED}@`],
  // token=…, password=…, auth=… in queries and key=value logs.
  [/\b(access_token|token|auth|password|passwd|secret|key)=([^&\s"',;]+)/gi, `$1=${REDACTED}`],
  // "token": "…" and the like in JSON.
  [/"(token|password|secret|authorization|key|accessToken)"\s*:\s*"(?:[^"\\]|\\.)*"/gi, `"$1":"${REDACTED}"`],
  // ntfy access tokens (tk_ and 29 characters).
  [/\btk_[A-Za-z0-9]{29}\b/g, REDACTED],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Placeholders numbered in the order the names were configured, so the same setup gives the same report. */
function placeholderTable(known: KnownNames): Map<string, string> {
  const table = new Map<string, string>();
  let h = 0;
  for (const host of known.hosts) if (host && !table.has(host.toLowerCase())) table.set(host.toLowerCase(), `<host-${++h}>`);
  let t = 0;
  for (const topic of known.topics) if (topic && !table.has(topic.toLowerCase())) table.set(topic.toLowerCase(), `<topic-${++t}>`);
  return table;
}

export function createSimpleRedactor(known: () => KnownNames): DiagnosticsRedactor {
  let on = true;
  return {
    placeholders(value) {
      on = value;
    },
    redact(text) {
      let out = text;
      for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
      if (!on) return out;
      const table = placeholderTable(known());
      if (table.size === 0) return out;
      // One alternation, longest first, so "api.example.com" wins over "example.com"; names inside longer words stay.
      const names = [...table.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      const pattern = new RegExp(`(?<![A-Za-z0-9_<-])(?:${names.join('|')})(?![A-Za-z0-9_-])`, 'gi');
      return out.replace(pattern, (m) => table.get(m.toLowerCase()) ?? m);
    },
  };
}
