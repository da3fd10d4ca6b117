/**
 * Hosts and topic/channel names replaced by stable placeholders (`host-1`, `topic-2`), for what a user shares (the
 * diagnostics export has this on by default). Stable within one set of placeholders: the same host is `host-1` in
 * every line of one export, so a reader can still follow one connection; a new export numbers afresh, so two exports
 * cannot be joined by their numbers. Secrets are redacted first (log-redact.ts), always.
 */
import { redactLine, redactValue } from './log-redact';

export interface Placeholders {
  /** The placeholder for a host name (`host-1`); a placeholder passes through unchanged. */
  host(name: string): string;
  /** The placeholder for a topic or channel name (`topic-1`); a placeholder passes through unchanged. */
  topic(name: string): string;
  /** Names known to be topics or hosts (e.g. from the settings), replaced wherever they stand in a line. */
  learn(kind: 'host' | 'topic', names: readonly string[]): void;
  /** redactLine, then every URL's host and path segments, and every learned name, as placeholders. */
  redactLine(text: string): string;
  /** redactValue, then fields naming a host/URL/topic/channel, and every string, as above. */
  redactValue(value: unknown): unknown;
}

const PLACEHOLDER = /^(?:host|topic)-\d+$/;
/** Path words of the protocols themselves (Herald, ntfy, Nchan): telling them is useful and tells nothing private. */
const PROTOCOL_WORDS = new Set(['events', 'sse', 'json', 'ws', 'raw', 'publish', 'poll', 'sub', 'pub', 'subscribe', 'items', 'actions', 'comments', 'v1', 'api', 'health', 'auth']);
/** A URL: scheme, optional (already redacted) user info, host (or [v6]), port, path. */
const URL_PARTS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]*@)?(\[[0-9a-f:.]*\]|[^\s/?#:@"'<>[\]]+)(:\d+)?(\/[^\s?#"'<>]*)?/gi;
const HOST_FIELDS = new Set(['host', 'hostname', 'server', 'origin']);
const URL_FIELDS = new Set(['url', 'href', 'link', 'baseurl', 'serverurl']);
const TOPIC_FIELDS = new Set(['topic', 'topics', 'channel', 'channels']);

export function createPlaceholders(): Placeholders {
  const maps = { host: new Map<string, string>(), topic: new Map<string, string>() };
  const learned = { host: new Set<string>(), topic: new Set<string>() };
  const name = (kind: 'host' | 'topic', raw: string): string => {
    if (PLACEHOLDER.test(raw)) return raw;
    const map = maps[kind];
    let p = map.get(raw);
    if (!p) map.set(raw, (p = `${kind}-${map.size + 1}`));
    return p;
  };
  const topicPath = (path: string): string =>
    path
      .split('/')
      .map((seg) => (seg === '' || PROTOCOL_WORDS.has(seg.toLowerCase()) ? seg : seg.split(',').map((t) => name('topic', t)).join(',')))
      .join('/');
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let learnedPattern: RegExp | null = null;
  const rebuild = (): void => {
    const all = [...learned.host, ...learned.topic].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
    learnedPattern = all.length > 0 ? new RegExp(`(?<![\\w.-])(?:${all.map(escape).join('|')})(?![\\w-])`, 'g') : null;
  };
  const line = (text: string): string => {
    let out = redactLine(text).replace(URL_PARTS, (_m, scheme: string, user = '', host: string, port = '', path = '') => `${scheme}${user}${name('host', host)}${port}${topicPath(path)}`);
    if (learnedPattern) out = out.replace(learnedPattern, (n) => name(learned.host.has(n) ? 'host' : 'topic', n));
    return out;
  };
  const rename = (field: string, value: string): string | null => {
    const f = field.toLowerCase();
    if (HOST_FIELDS.has(f)) return /:\/\//.test(value) ? line(value) : name('host', value);
    if (URL_FIELDS.has(f)) return line(value);
    if (TOPIC_FIELDS.has(f)) return value.split(',').map((t) => name('topic', t.trim())).join(',');
    return null;
  };
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return line(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? (rename(k, x) ?? line(x)) : deep(x)]));
    return v;
  };
  return {
    host: (n) => name('host', n),
    topic: (n) => name('topic', n),
    learn: (kind, names) => {
      for (const n of names) if (!PLACEHOLDER.test(n)) learned[kind].add(n);
      rebuild();
    },
    redactLine: line,
    // Secrets first (a field named like a secret is gone before any renaming), then hosts and topics everywhere.
    redactValue: (value) => deep(redactValue(value)),
  };
}
