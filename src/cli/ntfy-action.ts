/**
 * One `--action` of `herald publish`, written in ntfy's short format (docs.ntfy.sh, "Using a header"):
 *   view, Open portal, https://home.example/, clear=true
 *   http, Close door, https://api.example/door, method=PUT, headers.Authorization=Bearer x, body='{"close": true}'
 *   broadcast, Take picture, extras.cmd=pic
 * Fields are separated by commas; a value in "double" or 'single' quotes may hold commas (the quotes are dropped).
 * A field `key=value` names its part when the key is one ntfy knows (action, label, url, clear, method, body, intent,
 * headers.*, extras.*); any other field is the next positional part — action, label, then url — so a URL with `=` in
 * its query stays a URL. The result is ntfy's JSON form of the action, which is also what a Nchan message carries
 * (with `kind` for `action`: src/core/validate-extras.ts).
 *
 * The bytes come from a person's command line, not a server, but the parser is still total: it never throws, and it
 * reads each character once (a `steps` counter lets the property tests check that the work is linear).
 */

export type NtfyActionKind = 'view' | 'http' | 'broadcast';

export interface NtfyAction {
  action: NtfyActionKind;
  label: string;
  url?: string;
  clear?: boolean;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  intent?: string;
  extras?: Record<string, string>;
}

/** What can be wrong with an --action; the words for each are in publish-words.ts (en + zh-CN). */
export type ActionProblem =
  | 'unclosed_quote'
  | 'unknown_action'
  | 'missing_label'
  | 'missing_url'
  | 'not_http_url'
  | 'extra_field'
  | 'bad_clear'
  | 'bad_method'
  | 'wrong_kind_field';

export type ParsedAction = { ok: true; action: NtfyAction } | { ok: false; problem: ActionProblem };

const KINDS: readonly string[] = ['view', 'http', 'broadcast'];
const KEYS: readonly string[] = ['action', 'label', 'url', 'clear', 'method', 'body', 'intent'];

interface Field {
  /** The key before an unquoted `=`, when there was one (lower-cased), else null. */
  key: string | null;
  value: string;
}

/** Split on unquoted commas, dropping the quotes; one pass over the text (each field's key is looked at once). */
function fields(text: string, counter?: { steps: number }): Field[] | null {
  const out: Field[] = [];
  let value = '';
  let key: string | null = null;
  let quote = '';
  let quotedAny = false;
  /** Only blanks so far in this value: a quote here opens a quoted value. */
  let blank = true;
  /** The field's first unquoted `=` was seen (a later one is text: `body=a=b`). */
  let sawEquals = false;
  // The counter also pays for every character a trim or a key check looks at, so work done twice would show.
  const finish = (): void => {
    if (counter) counter.steps += value.length;
    out.push({ key, value: quotedAny ? value : value.trim() });
    value = '';
    key = null;
    quotedAny = false;
    blank = true;
    sawEquals = false;
  };
  for (let i = 0; i < text.length; i++) {
    if (counter) counter.steps++;
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = '';
      else value += ch;
    } else if ((ch === '"' || ch === "'") && blank && !quotedAny) {
      // A quote opens only at the start of a value: an apostrophe inside a label is text.
      quote = ch;
      quotedAny = true;
      value = '';
    } else if (ch === ',') finish();
    else if (ch === '=' && !sawEquals && !quotedAny) {
      sawEquals = true;
      if (counter) counter.steps += value.length;
      const named = keyOf(value.trim());
      if (named === null) value += ch;
      else {
        key = named;
        value = '';
        blank = true;
      }
    } else if (quotedAny) {
      // after a closing quote, up to the next comma: nothing belongs to the value
    } else {
      value += ch;
      if (ch.trim() !== '') blank = false;
    }
  }
  if (quote) return null;
  finish();
  return out;
}

/** The key a field names (known words lower-cased; a header's or extra's own name kept as written), or null. */
function keyOf(word: string): string | null {
  const lower = word.toLowerCase();
  if (KEYS.includes(lower)) return lower;
  const m = /^(headers|extras)\.([^\s=]+)$/i.exec(word);
  return m ? `${(m[1] as string).toLowerCase()}.${m[2] as string}` : null;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Parse one --action value. */
export function parseNtfyAction(text: string, counter?: { steps: number }): ParsedAction {
  const parts = fields(text, counter);
  if (parts === null) return { ok: false, problem: 'unclosed_quote' };
  const named = new Map<string, string>();
  const headers: Record<string, string> = {};
  const extras: Record<string, string> = {};
  const positional: string[] = [];
  for (const f of parts) {
    if (counter) counter.steps++;
    if (f.key === null) {
      positional.push(f.value); // an empty one keeps its place: `view, , https://…` has no label
    } else if (f.key.startsWith('headers.')) headers[f.key.slice(8)] = f.value;
    else if (f.key.startsWith('extras.')) extras[f.key.slice(7)] = f.value;
    else named.set(f.key, f.value);
  }
  // Positional parts fill action, label, url in that order, skipping the ones given by name.
  for (const slot of ['action', 'label', 'url']) {
    if (named.has(slot)) continue;
    const next = positional.shift();
    if (next === undefined) break;
    named.set(slot, next);
  }
  // A trailing comma leaves an empty field: harmless.
  if (positional.some((p) => p !== '')) return { ok: false, problem: 'extra_field' };
  const kind = (named.get('action') ?? '').toLowerCase();
  if (!KINDS.includes(kind)) return { ok: false, problem: 'unknown_action' };
  const label = named.get('label') ?? '';
  if (label.trim() === '') return { ok: false, problem: 'missing_label' };
  const action: NtfyAction = { action: kind as NtfyActionKind, label };

  const url = named.get('url');
  if (kind !== 'broadcast') {
    if (url === undefined || url === '') return { ok: false, problem: 'missing_url' };
    if (!isHttpUrl(url)) return { ok: false, problem: 'not_http_url' };
    action.url = url;
  } else if (url !== undefined) return { ok: false, problem: 'wrong_kind_field' };

  const clear = named.get('clear');
  if (clear !== undefined) {
    if (clear !== 'true' && clear !== 'false') return { ok: false, problem: 'bad_clear' };
    action.clear = clear === 'true';
  }
  const httpOnly = named.has('method') || named.has('body') || Object.keys(headers).length > 0;
  const broadcastOnly = named.has('intent') || Object.keys(extras).length > 0;
  if ((httpOnly && kind !== 'http') || (broadcastOnly && kind !== 'broadcast')) return { ok: false, problem: 'wrong_kind_field' };
  const method = named.get('method');
  if (method !== undefined) {
    if (!/^[A-Za-z]{1,16}$/.test(method)) return { ok: false, problem: 'bad_method' };
    action.method = method.toUpperCase();
  }
  if (named.has('body')) action.body = named.get('body') as string;
  if (Object.keys(headers).length > 0) action.headers = headers;
  if (named.has('intent')) action.intent = named.get('intent') as string;
  if (Object.keys(extras).length > 0) action.extras = extras;
  return { ok: true, action };
}
