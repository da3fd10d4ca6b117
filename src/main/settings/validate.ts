/**
 * Checks for what the renderer sends (patches, sources) and for what is read back from disk. The renderer is
 * treated as untrusted input: every field is checked here, in main, with a message that says what was wrong.
 */
import { isSourceKind, SOURCE_KINDS, type QuietHours, type SettingsPatch, type SourceInput, type SourceKindName } from '../../shared/settings';
import { formatHistoryStart, parseHistoryStart } from '../../shared/history-start';
import { checkNtfyFilters, type NtfyFilters } from '../../shared/ntfy-filters';
import { isJsonObject } from '../../shared/json';
import { invalidInput } from '../errors';
import { isHttpUrl } from '../../shared/url';
import { isFieldName, SETTING_FIELDS } from './fields';
import { SETTINGS_LIMITS, SOURCE_ID } from './limits';

const CHANNEL_NAME = new RegExp(`^[A-Za-z0-9_.~-]{1,${SETTINGS_LIMITS.channelNameLength}}$`);

/**
 * A settings patch from the renderer, checked by the fields' one rulebook (./fields.ts). `quietHours` may be
 * partial: it is merged over `currentQuiet` first.
 */
export function validateSettingsPatch(input: unknown, currentQuiet: QuietHours, nowMs: number = Date.now()): SettingsPatch {
  if (!isJsonObject(input)) throw invalidInput('settings must be an object');
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!isFieldName(key)) {
      throw invalidInput(key === 'sources' ? 'sources are changed with save-source/remove-source' : `unknown setting "${key}"`);
    }
    if (key === 'quietHours' && !isJsonObject(value)) throw invalidInput('quietHours must be an object');
    const given = key === 'quietHours' ? { ...currentQuiet, ...(value as object) } : value;
    patch[key] = SETTING_FIELDS[key].check(given, nowMs);
  }
  return patch as SettingsPatch;
}

function optionalString(v: unknown, name: string, max: number): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidInput(`${name} must be a string`);
  if (v.length > max) throw invalidInput(`${name} is longer than ${max} characters`);
  return v;
}

const MAX_URL_LENGTH = SETTINGS_LIMITS.urlLength;
const MAX_SECRET_LENGTH = SETTINGS_LIMITS.secretLength;

/**
 * Only http(s) servers: Herald never fetches file: or other schemes on a user's behalf. No query or fragment either:
 * every kind builds its own paths and queries from the base, so a `?` or `#` could only redirect requests to a path
 * the kind does not use. Errors never echo the input (it may be huge, or not meant for a log).
 */
export function checkServerUrl(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalidInput('the server address is empty');
  if (v.length > MAX_URL_LENGTH) throw invalidInput(`the server address is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(v.trim());
  } catch {
    throw invalidInput('the server address is not a valid URL (try http://127.0.0.1:8787)');
  }
  if (!isHttpUrl(url)) throw invalidInput('the server address must start with http:// or https://');
  if (url.username !== '' || url.password !== '') throw invalidInput('put the user name and password in their own fields, not in the address');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(v)) throw invalidInput('the server address may not have a ? or # part');
  const href = url.href.replace(/\/+$/, '');
  if (href.length > MAX_URL_LENGTH) throw invalidInput(`the server address is longer than ${MAX_URL_LENGTH} characters`);
  return href;
}

/**
 * What a saved secret is bound to: the kind and the origin (scheme, host, port) it was entered for. A secret is only
 * ever sent to the binding it was saved with; changing any part needs the secret typed again.
 */
export function credentialBinding(kind: string, url: string, fallbackUrls: readonly string[] = []): string {
  const origins = [url, ...fallbackUrls].map(originOf);
  // A secret goes to every address of the source: adding or changing a fallback address needs it typed again.
  return `${kind}|${[...new Set(origins)].join('|')}`;
}

function originOf(url: string): string {
  const u = new URL(url);
  const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  return `${u.protocol}//${u.hostname}:${port}`;
}

/**
 * Tokens go verbatim into an HTTP header: visible ASCII only, so CR, LF, NUL and friends can neither split a header
 * nor end up echoed in an error. User names and passwords are base64-encoded (Basic auth) but must not carry
 * control characters either.
 */
function checkCredential(v: string | undefined, name: string, visibleAsciiOnly: boolean): string | undefined {
  if (v === undefined || v === '') return v;
  const bad = visibleAsciiOnly ? /[^\x21-\x7E]/ : /[\x00-\x1F\x7F]/;
  if (bad.test(v)) {
    throw invalidInput(visibleAsciiOnly ? `the ${name} may only use visible ASCII characters (no spaces, line breaks or control characters)` : `the ${name} may not contain line breaks or control characters`);
  }
  return v;
}

export function validateSourceInput(input: unknown): SourceInput {
  if (!isJsonObject(input)) throw invalidInput('a source must be an object');
  if (!isSourceKind(input.kind)) throw invalidInput(`source kind must be one of ${SOURCE_KINDS.join(', ')}`);
  const out: SourceInput = { kind: input.kind, url: checkServerUrl(input.url) };
  if (input.id !== undefined) {
    if (typeof input.id !== 'string' || !SOURCE_ID.test(input.id)) throw invalidInput(`source id must be 1–${SETTINGS_LIMITS.sourceIdLength} letters, digits, _ or -`);
    out.id = input.id;
  }
  const label = optionalString(input.label, 'label', SETTINGS_LIMITS.labelLength)?.trim();
  if (label) out.label = label;
  const username = checkCredential(optionalString(input.username, 'username', SETTINGS_LIMITS.usernameLength), 'user name', false);
  if (username) out.username = username;
  const token = checkCredential(optionalString(input.token, 'token', MAX_SECRET_LENGTH), 'token', true);
  if (token !== undefined) out.token = token;
  const password = checkCredential(optionalString(input.password, 'password', MAX_SECRET_LENGTH), 'password', false);
  if (password !== undefined) out.password = password;
  const e2ePassword = checkCredential(optionalString(input.e2ePassword, 'encryption password', MAX_SECRET_LENGTH), 'encryption password', false);
  if (e2ePassword !== undefined) {
    if (out.kind !== 'ntfy') throw invalidInput('an encryption password is for ntfy sources (Herald and Nchan sources have keys)');
    out.e2ePassword = e2ePassword;
  }
  if (input.channels !== undefined) {
    const max = SETTINGS_LIMITS.channelsPerSource;
    if (!Array.isArray(input.channels) || input.channels.length > max) throw invalidInput(`channels must be a list of at most ${max} names`);
    const channels = input.channels.map((c) => {
      if (typeof c !== 'string' || !CHANNEL_NAME.test(c)) throw invalidInput(`channel names may use 1–${SETTINGS_LIMITS.channelNameLength} letters, digits, _ . ~ - only`);
      return c;
    });
    if (channels.length > 0) out.channels = channels;
  }
  const fallbackUrls = checkFallbackUrls(input.fallbackUrls, out.kind);
  if (fallbackUrls !== undefined) out.fallbackUrls = fallbackUrls;
  if ((out.kind === 'nchan' || out.kind === 'ntfy') && !out.channels) throw invalidInput(`a ${out.kind} source needs at least one channel`);
  const since = checkSince(input.since, out.kind);
  if (since !== undefined) out.since = since;
  const filters = checkFilters(input.ntfyFilters, out.kind);
  if (filters !== undefined) out.ntfyFilters = filters;
  return out;
}

/**
 * Other addresses of the same server, each held to the server address's rules. Herald only: its answers name the
 * server, so a move to another address keeps the place only when it is the same one; Nchan and ntfy do not say.
 */
function checkFallbackUrls(value: unknown, kind: SourceKindName): string[] | undefined {
  if (value === undefined) return undefined;
  const max = SETTINGS_LIMITS.fallbackUrlsPerSource;
  if (!Array.isArray(value) || value.length > max) throw invalidInput(`other addresses must be a list of at most ${max}`);
  if (value.length === 0) return undefined;
  if (kind !== 'herald') throw invalidInput('other addresses are for Herald sources');
  return value.map((v) => checkServerUrl(v));
}

/**
 * "Load history" on first connect: `now` (new only), `all` or a duration, read as `herald subscribe --since` reads it, kept in its
 * shortest form. ntfy only: the app's first connect to a Herald server loads its newest items, an Nchan one starts now.
 */
function checkSince(value: unknown, kind: SourceKindName): string | undefined {
  if (value === undefined) return undefined;
  const start = typeof value === 'string' ? parseHistoryStart(value) : null;
  if (start === null || start.kind === 'id') throw invalidInput('load history must be now, all or a duration such as 24h');
  if (kind !== 'ntfy') throw invalidInput('load history is for ntfy sources');
  return formatHistoryStart(start);
}

/** ntfy's subscribe filters, by ntfy's own rules (a value it would refuse would fail every request). */
function checkFilters(value: unknown, kind: SourceKindName): NtfyFilters | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw invalidInput('filters must be an object');
  if (kind !== 'ntfy') throw invalidInput('filters are for ntfy sources');
  const checked = checkNtfyFilters(value);
  if (!checked.ok) throw invalidInput(checked.problem.kind === 'unknown_key' ? `${checked.problem.key} is not an ntfy filter` : 'an ntfy filter has a value ntfy would refuse');
  return Object.keys(checked.filters).length > 0 ? checked.filters : undefined;
}
