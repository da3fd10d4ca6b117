/**
 * Sources as read back from settings.json, by the same rules the settings page is held to (validateSourceInput),
 * plus the shape of their sealed secrets. A source that breaks a rule, repeats an id, or comes after the limit is
 * not used; the start-up repair (./repair.ts) sets it aside in the file, and writes keep it (see `rest`).
 */
import { isJsonObject } from '../../shared/json';
import { invalidInput } from '../errors';
import { SETTINGS_LIMITS, SOURCE_ID } from './limits';
import type { StoredSecret, StoredSource } from './stored';
import { validateSourceInput } from './validate';

/** A line break or control character would split the header a plain secret is sent in. */
const CONTROL = /[\x00-\x1F\x7F]/;

function checkStoredSecret(v: unknown, what: string): StoredSecret {
  if (!isJsonObject(v) || (v.enc !== 'os' && v.enc !== 'plain') || typeof v.data !== 'string') throw invalidInput(`the saved ${what} is not a sealed secret`);
  const max = v.enc === 'os' ? SETTINGS_LIMITS.sealedSecretLength : SETTINGS_LIMITS.secretLength;
  if (v.data.length > max || (v.enc === 'plain' && CONTROL.test(v.data))) throw invalidInput(`the saved ${what} is too long or has control characters`);
  if (v.for !== undefined && (typeof v.for !== 'string' || v.for.length > SETTINGS_LIMITS.urlLength + 100)) throw invalidInput(`the saved ${what}'s address is not readable`);
  const out: StoredSecret = v.enc === 'os' ? { enc: 'os', data: v.data } : { enc: 'plain', data: v.data };
  if (v.for !== undefined) out.for = v.for;
  return out;
}

/** A source from disk as Herald uses it, or an `invalid_input` error. Fields a newer Herald added are left out. */
export function checkStoredSource(raw: unknown): StoredSource {
  if (!isJsonObject(raw)) throw invalidInput('a source must be an object');
  if (typeof raw.id !== 'string' || !SOURCE_ID.test(raw.id)) throw invalidInput('a saved source has no usable id');
  const valid = validateSourceInput({
    id: raw.id,
    kind: raw.kind,
    url: raw.url,
    fallbackUrls: raw.fallbackUrls,
    label: raw.label,
    channels: raw.channels,
    username: raw.username,
    since: raw.since,
    ntfyFilters: raw.ntfyFilters,
  });
  const out: StoredSource = { id: raw.id, kind: valid.kind, url: valid.url };
  if (valid.fallbackUrls) out.fallbackUrls = valid.fallbackUrls;
  if (valid.label) out.label = valid.label;
  if (valid.channels) out.channels = valid.channels;
  if (valid.username) out.username = valid.username;
  if (valid.since) out.since = valid.since;
  if (valid.ntfyFilters) out.ntfyFilters = valid.ntfyFilters;
  if (raw.token !== undefined) out.token = checkStoredSecret(raw.token, 'token');
  if (raw.password !== undefined) out.password = checkStoredSecret(raw.password, 'password');
  if (raw.e2eKeys !== undefined) {
    if (!Array.isArray(raw.e2eKeys) || raw.e2eKeys.length > SETTINGS_LIMITS.e2eKeysPerSource) throw invalidInput('the saved encryption keys are not a short list');
    const keys = raw.e2eKeys.map((k) => checkStoredSecret(k, 'encryption key'));
    if (keys.length > 0) out.e2eKeys = keys;
  }
  return out;
}

export interface ReadSources {
  /** The sources in use: readable, each id once, at most the limit. */
  active: StoredSource[];
  /** The stored entries of `active`, as written (a repair rewrites the list without losing fields it does not know). */
  activeRaw: unknown[];
  /** Everything else in the stored value, as written: never dropped by a write. */
  rest: unknown[];
}

export function readSources(raw: unknown): ReadSources {
  const out: ReadSources = { active: [], activeRaw: [], rest: [] };
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) {
    out.rest.push(raw);
    return out;
  }
  for (const entry of raw) {
    let source: StoredSource | undefined;
    try {
      source = checkStoredSource(entry);
    } catch {
      source = undefined;
    }
    if (source && out.active.length < SETTINGS_LIMITS.sources && !out.active.some((s) => s.id === source.id)) {
      out.active.push(source);
      out.activeRaw.push(entry);
    } else {
      out.rest.push(entry);
    }
  }
  return out;
}
