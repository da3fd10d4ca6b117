/**
 * The start-up repair of settings.json, by the one rulebook (./fields.ts, ./stored-sources.ts): a field the rules
 * refuse falls back to its default, a source they refuse is set aside alone — both kept, as written, under the
 * file's `setAside` key, never deleted, so a hand edit can bring them back. Sealed secrets stay with their source, in
 * the same file. Nothing else is touched: keys Herald does not know (a newer version's) stay where they are.
 *
 * A file written by a newer Herald is only read, never rewritten (the migrations' rule): its refused fields read as
 * their defaults and its refused sources are not used, but they stay in place for the newer Herald to find.
 */
import type { KeyValueStore } from '../../core/store';
import { isJsonObject } from '../../shared/json';
import { FIELD_NAMES, SETTING_FIELDS, type FieldName } from './fields';
import { KEYS } from './stored';
import { readSources } from './stored-sources';

const SET_ASIDE_KEY = KEYS.setAside;

export interface RepairReport {
  /** Fields that read as their default because the rules refuse what is stored. */
  resetFields: FieldName[];
  /** How many stored sources are not used (unreadable, a repeated id, past the limit). */
  setAsideSources: number;
}

export function repairSettings(store: KeyValueStore, options: { writable: boolean }): RepairReport {
  const resetFields = FIELD_NAMES.filter((name) => {
    const stored = store.get<unknown>(name);
    if (stored === undefined) return false;
    try {
      SETTING_FIELDS[name].check(stored, Number.NEGATIVE_INFINITY);
      return false;
    } catch {
      return true;
    }
  });
  const rawSources = store.get<unknown>(KEYS.sources);
  const sources = readSources(rawSources);
  const report = { resetFields, setAsideSources: sources.rest.length };
  if (!options.writable || (resetFields.length === 0 && sources.rest.length === 0)) return report;

  const aside = setAsideOf(store.get<unknown>(SET_ASIDE_KEY));
  for (const name of resetFields) aside.fields[freeName(aside.fields, name)] = store.get<unknown>(name);
  aside.sources.push(...sources.rest);
  // Kept first, then removed: a crash in between leaves a copy too many, never one too few.
  store.set(SET_ASIDE_KEY, aside);
  for (const name of resetFields) store.delete(name);
  if (sources.rest.length > 0) store.set(KEYS.sources, sources.activeRaw);
  return report;
}

/** The set-aside part as stored, made whole; a value there that is not one (a hand edit) is itself kept inside. */
function setAsideOf(v: unknown): { fields: Record<string, unknown>; sources: unknown[] } {
  const out = { fields: {} as Record<string, unknown>, sources: [] as unknown[] };
  if (v === undefined) return out;
  if (!isJsonObject(v)) {
    out.fields[SET_ASIDE_KEY] = v;
    return out;
  }
  if (isJsonObject(v.fields)) Object.assign(out.fields, v.fields);
  else if (v.fields !== undefined) out.fields.fields = v.fields;
  if (Array.isArray(v.sources)) out.sources.push(...(v.sources as unknown[]));
  else if (v.sources !== undefined) out.sources.push(v.sources);
  return out;
}

/** `name`, or `name-2`, `name-3`…: a field refused twice keeps both values. */
function freeName(fields: Record<string, unknown>, name: string): string {
  let key = name;
  for (let n = 2; Object.hasOwn(fields, key); n++) key = `${name}-${n}`;
  return key;
}
