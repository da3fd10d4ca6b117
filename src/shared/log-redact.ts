/**
 * The one redaction of everything Herald writes to a log or a diagnostics export, applied at WRITE time (Signal
 * Desktop's rule: a secret that never reaches the file cannot leak from it). Shared, so the app's main process, the
 * window's log lines, the core's logger, the CLI's `--log-file` and the diagnostics export all use this one.
 *
 * What goes: `Authorization` / `Proxy-Authorization` / `Cookie` / `Set-Cookie` header values, `Bearer` / `Basic`
 * credentials, ntfy access tokens (`tk_…`), Herald's end-to-end key strings (`hk1.…`), user info in URLs
 * (`https://user:pass@host`), and the value of every key that names a secret (`token`, `password`, `auth`, `secret`,
 * `*Token`, `apiKey`, `encryptionKey`, `e2eKeys`, …) whether it stands as `key=value`, `key: value`, a query
 * parameter (`?auth=…`, `&token=…`) or a JSON field.
 *
 * Work stays linear in the text: every pattern is one pass, and no quantified class is followed by a quantifier that
 * could match the same characters (nothing to backtrack into). Lines longer than MAX_LINE are cut first.
 */

export const REDACTED = '[redacted]';
/** Longer log lines are cut (the rest says how much): one runaway line must not fill the log. */
export const MAX_LINE = 16 * 1024;

// A bare `key` is not one: in Herald it names inbox items and outbox entries, which a diagnosis needs. As a query
// parameter (`?key=`, API keys) it is one: SECRET_QUERY.
const SECRET_NAME = String.raw`(?:[\w-]*(?:token|password|passwd|secret|api_?key|private_?key|encryption_?key|secret_?key|access_?key|session_?id|e2e_?keys?)|auth|pass|pwd|cookie|set-cookie|authorization|proxy-authorization|credentials?)`;

/** A field name whose value is a secret, whatever the value looks like. */
const SECRET_FIELD = new RegExp(`^${SECRET_NAME}$`, 'i');

/** `Bearer x`, `Basic x`: the credential after an auth scheme. */
const AUTH_SCHEME = /\b(bearer|basic)(\s+)[A-Za-z0-9._~+/-]+=*/gi;
/** ntfy access tokens stand alone in messages too (`tk_` + 29 characters). */
const NTFY_TOKEN = /\btk_[A-Za-z0-9]{6,}/g;
/** Herald's end-to-end key strings (`hk1.<kid>.<key>`, src/core/e2e/keys.ts) stand alone in messages too. */
const HERALD_KEY = /\bhk1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+/g;
/** A header written as text (`Authorization: …`): the whole value, to the end of the line or the closing quote. */
const HEADER_LINE = /(?<![\w-])(authorization|proxy-authorization|cookie|set-cookie)([ \t]*:[ \t]*)(?!["'\s])[^\r\n"]+/gi;
/**
 * User info in a URL: `scheme://user:pass@` (user info cannot hold `/ ? # @` unescaped, RFC 3986 §3.2.1). The scheme
 * starts only where a run of scheme characters starts: from every `\b` inside `a.a.a…` the scan would be quadratic.
 */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"<>]+@/gi;
/** `name=value`, `name: value`, `"name":"value"`, `?name=value`, for every secret name. */
const SECRET_PAIR = new RegExp(
  String.raw`(?<![\w-])(${SECRET_NAME})(["']?[ \t]*[:=][ \t]*)("(?:[^"\\\r\n]|\\.)*"?|'[^'\r\n]*'?|[^\s,;&"']+)`,
  'gi',
);

/** `?key=…` / `&key=…`: an API key in a URL. */
const SECRET_QUERY = /([?&;]key=)[^\s&#"']+/gi;

function redactPairValue(m: string, name: string, between: string, value: string): string {
  // A JSON literal is no secret, and `"hasToken": true` is what a diagnosis needs to see.
  if (value === 'true' || value === 'false' || value === 'null') return m;
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${name}${between}${quote}${REDACTED}${quote}`;
}

/** Redacts every secret in one piece of text. Idempotent: redacting twice gives the same text as once. */
export function redactLine(text: string): string {
  const cut = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text;
  return cut
    .replace(HEADER_LINE, (_m, name: string, between: string) => `${name}${between}${REDACTED}`)
    .replace(AUTH_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(NTFY_TOKEN, REDACTED)
    .replace(HERALD_KEY, REDACTED)
    .replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(SECRET_PAIR, redactPairValue)
    .replace(SECRET_QUERY, (_m, name: string) => `${name}${REDACTED}`);
}

/** How deep redactValue walks into nested objects; deeper parts are replaced by a marker. */
const MAX_DEPTH = 8;

/**
 * Redacts a structured value (a log line's fields): a field named like a secret loses its value whatever it holds;
 * every string is redacted as text; errors become their redacted name and message. Returns a new plain value that
 * JSON.stringify can always write (cycles and depth are cut).
 */
export function redactValue(value: unknown): unknown {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactLine(v);
    if (v === null || typeof v !== 'object') return typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function' ? String(v) : v;
    if (v instanceof Error) return { name: v.name, message: redactLine(v.message) };
    if (v instanceof URL || v instanceof Date) return redactLine(String(v instanceof Date ? v.toISOString() : v));
    if (seen.has(v)) return '[cycle]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_FIELD.test(k) && x !== null && x !== undefined && x !== '') out[k] = REDACTED;
        else out[k] = walk(x, depth + 1);
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0);
}

/** One log line as text: the message and its fields, both redacted. */
export function redactEntry(msg: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactValue(fields))}` : '';
  return `${redactLine(msg)}${extra}`;
}
