/**
 * Settings export and import, the pure part: the export file (every setting and source, no secret), and the import
 * check, by the same rulebook as settings.json itself (./fields.ts for the settings, validateSourceInput for the
 * sources) but strict: where start-up repair sets one bad value aside and goes on, an import refuses the whole file
 * and names the part it refused, so nothing is ever half-applied.
 */
import { isJsonObject } from '../../shared/json';
import type { Settings, SourceInput, SourceSettings } from '../../shared/settings';
import {
  SETTINGS_EXPORT_FORMAT,
  SETTINGS_EXPORT_VERSION,
  type ImportChange,
  type ImportedSecret,
  type ImportRefusalReason,
} from '../../shared/settings-transfer';
import { FIELD_NAMES, isFieldName, SETTING_FIELDS, type FieldName } from './fields';
import { SETTINGS_LIMITS } from './limits';
import { validateSourceInput } from './validate';

/** Snoozes are this machine's, for now: "quiet until 8 tomorrow" is not a preference to carry elsewhere. */
const NOT_CARRIED: ReadonlySet<FieldName> = new Set<FieldName>(['snooze']);
export const CARRIED_FIELDS: readonly FieldName[] = FIELD_NAMES.filter((name) => !NOT_CARRIED.has(name));

/** A source in the file: what the page shows, and whether it had secrets (so the import can ask for them). */
export type ExportedSource = Omit<SourceSettings, 'hasToken' | 'hasPassword' | 'e2eKeyCount'> & { hadToken?: true; hadPassword?: true; hadKeys?: true };

/** Whether a source had each secret, as the file says it (never the secret itself). */
const HAD_FLAGS = ['hadToken', 'hadPassword', 'hadKeys'] as const;
const SOURCE_KEYS = new Set(['id', 'kind', 'url', 'fallbackUrls', 'label', 'channels', 'username', 'since', 'ntfyFilters', ...HAD_FLAGS]);

export interface CheckedSource {
  input: SourceInput & { id: string };
  hadToken: boolean;
  hadPassword: boolean;
  /** End-to-end keys (or ntfy's encryption password): added again after the import unless this machine keeps them. */
  hadKeys: boolean;
}

/** An import file that passed every check: what would be applied. */
export interface CheckedImport {
  fields: Partial<Record<FieldName, unknown>>;
  sources: CheckedSource[];
}

/** Why a file is refused, and which part (`quietHours`, `sources[2].url`). */
export class ImportRefused extends Error {
  constructor(
    readonly reason: ImportRefusalReason,
    readonly field?: string,
  ) {
    super(field ? `${reason}: ${field}` : reason);
  }
}

export function buildExport(settings: Settings): string {
  const fields = Object.fromEntries(CARRIED_FIELDS.map((name) => [name, settings[name]]));
  const sources: ExportedSource[] = settings.sources.map(({ hasToken, hasPassword, e2eKeyCount, ...rest }) => ({
    ...rest,
    ...(hasToken ? { hadToken: true as const } : {}),
    ...(hasPassword ? { hadPassword: true as const } : {}),
    ...(e2eKeyCount ? { hadKeys: true as const } : {}),
  }));
  return `${JSON.stringify({ format: SETTINGS_EXPORT_FORMAT, version: SETTINGS_EXPORT_VERSION, settings: { ...fields, sources } }, null, 2)}\n`;
}

/** The file's text checked whole, or ImportRefused. Never sets anything; never throws anything else. */
export function checkImport(text: string, nowMs: number): CheckedImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ImportRefused('not_json');
  }
  if (!isJsonObject(doc) || doc.format !== SETTINGS_EXPORT_FORMAT) throw new ImportRefused('not_herald');
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version) || doc.version < 1) throw new ImportRefused('invalid_field', 'version');
  if (doc.version > SETTINGS_EXPORT_VERSION) throw new ImportRefused('newer_version');
  if (!isJsonObject(doc.settings)) throw new ImportRefused('invalid_field', 'settings');
  const out: CheckedImport = { fields: {}, sources: [] };
  for (const [key, value] of Object.entries(doc.settings)) {
    if (key === 'sources') continue;
    if (!isFieldName(key) || NOT_CARRIED.has(key)) throw new ImportRefused('invalid_field', key);
    try {
      out.fields[key] = SETTING_FIELDS[key].check(value, nowMs);
    } catch {
      throw new ImportRefused('invalid_field', key);
    }
  }
  if (doc.settings.sources !== undefined) out.sources = checkSources(doc.settings.sources);
  return out;
}

function checkSources(raw: unknown): CheckedSource[] {
  if (!Array.isArray(raw) || raw.length > SETTINGS_LIMITS.sources) throw new ImportRefused('invalid_field', 'sources');
  const seen = new Set<string>();
  return raw.map((entry: unknown, i) => {
    const at = `sources[${i}]`;
    if (!isJsonObject(entry)) throw new ImportRefused('invalid_field', at);
    // A secret in an import file is refused, not quietly used: the export never writes one, and a file that
    // carries one was made to plant credentials (SECURITY.md).
    for (const key of Object.keys(entry)) if (!SOURCE_KEYS.has(key)) throw new ImportRefused('invalid_field', `${at}.${key}`);
    if (typeof entry.id !== 'string' || seen.has(entry.id)) throw new ImportRefused('invalid_field', `${at}.id`);
    seen.add(entry.id);
    for (const flag of HAD_FLAGS) {
      if (entry[flag] !== undefined && entry[flag] !== true) throw new ImportRefused('invalid_field', `${at}.${flag}`);
    }
    let input: SourceInput;
    try {
      input = validateSourceInput({ ...entry, hadToken: undefined, hadPassword: undefined, hadKeys: undefined });
    } catch {
      throw new ImportRefused('invalid_field', at);
    }
    // Never a secret past this point, whatever the checks above let through.
    delete input.token;
    delete input.password;
    delete input.e2ePassword;
    return { input: { ...input, id: entry.id }, hadToken: entry.hadToken === true, hadPassword: entry.hadPassword === true, hadKeys: entry.hadKeys === true };
  });
}

/** Whether this machine keeps a source's saved secret through the import (same source, same address). */
export type KeepsSecret = (source: SourceInput & { id: string }, secret: ImportedSecret) => boolean;

/** What applying `checked` over `current` would change, for the preview. */
export function importChanges(current: Settings, checked: CheckedImport, keepsSecret: KeepsSecret): ImportChange[] {
  const changes: ImportChange[] = [];
  for (const name of CARRIED_FIELDS) {
    if (name in checked.fields && stableJson(checked.fields[name]) !== stableJson(current[name])) changes.push({ kind: 'setting', field: name });
  }
  const label = (s: { label?: string; url: string }): string => s.label ?? s.url;
  for (const { input, hadToken, hadPassword, hadKeys } of checked.sources) {
    const old = current.sources.find((s) => s.id === input.id);
    if (!old) changes.push({ kind: 'source-added', label: label(input) });
    else if (stableJson(sourceShape(old)) !== stableJson(sourceShape(input))) changes.push({ kind: 'source-changed', label: label(input) });
    if (hadToken && !keepsSecret(input, 'token')) changes.push({ kind: 'secret-needed', label: label(input), secret: 'token' });
    if (hadPassword && !keepsSecret(input, 'password')) changes.push({ kind: 'secret-needed', label: label(input), secret: 'password' });
    if (hadKeys && !keepsSecret(input, 'keys')) changes.push({ kind: 'secret-needed', label: label(input), secret: 'keys' });
  }
  for (const old of current.sources) {
    if (!checked.sources.some((s) => s.input.id === old.id)) changes.push({ kind: 'source-removed', label: label(old) });
  }
  return changes;
}

/** A source's fields that an import carries (no secrets, no has* flags). */
function sourceShape(s: SourceInput | SourceSettings): unknown {
  return { id: s.id, kind: s.kind, url: s.url, fallbackUrls: s.fallbackUrls, label: s.label, channels: s.channels, username: s.username, since: s.since, ntfyFilters: s.ntfyFilters };
}

/** JSON with keys sorted: two values equal by content compare equal whatever order their keys were written in. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    isJsonObject(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])) : value,
  );
}
