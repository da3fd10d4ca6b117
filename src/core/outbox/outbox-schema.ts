/**
 * How the outbox sits in its store, and how older layouts become the current one. Everything goes through the
 * KeyValueStore interface, so the same code reads electron-store's outbox.json, the CLI's JsonFileStore, or memory.
 *
 * - v1 (the localStorage format of the browser prototype Herald grew from, which an early build wrote to disk):
 *   `{ "pendingActions": [ { "id": 1700000000000.123, "timestamp": 1700000000000, "type": "like"|"comment"|"mark_read",
 *   "data": { "itemId", "body"? } } ] }`,
 *   no version key. Its `id` is not a usable idempotency key (a float, possibly shared), so each action gets a fresh
 *   key at migration, in the original order, under the source id 'default'.
 * - v2 (current): `{ "version": 2, "entries": OutboxEntry[] }`, in enqueue order; a 'sending' entry is written as
 *   'pending' (after a crash it is sent again, with the same key, and the server applies it once).
 *
 * - The journal (./outbox-writer.ts): with a store that keeps one, changes since the last whole write are records in
 *   `<store>.entries.journal`, one JSON line each — `{ "op": "put", "entry": OutboxEntry }` (replace in place, or
 *   append a new key) and `{ "op": "del", "key" }`. Replaying them over `entries` twice gives the same list, so a
 *   crash between writing the whole list and emptying the journal is harmless.
 *
 * Whatever cannot be understood is never dropped: it is kept under `quarantined` in the same store with the reason,
 * and reported as a notice.
 */
import { validateAction } from '../../shared/actions';
import { ERROR_CODES, type ErrorCode, type ErrorInfo } from '../../shared/connection-state';
import type { OutboxEntry, OutboxEntryState } from '../../shared/outbox';
import type { KeyValueStore } from '../store';

export const OUTBOX_SCHEMA_VERSION = 2;

export const OUTBOX_KEYS = {
  version: 'version',
  entries: 'entries',
  quarantined: 'quarantined',
  /** Ids of the sources the owner of this outbox has been connected to (./known-sources.ts). */
  connectedSources: 'connectedSources',
  /** v1 only, read by the migration. */
  v1PendingActions: 'pendingActions',
} as const;

/** The source id given to v1 actions, which predate multiple sources. */
export const LEGACY_SOURCE_ID = 'default';

export interface QuarantinedValue {
  reason: string;
  value: unknown;
  at: number;
}

export interface LoadResult {
  entries: OutboxEntry[];
  /** Human-readable problems (entries set aside, a newer layout), for notices. */
  problems: string[];
  /** Migrations applied, for the log. */
  migrated: string[];
  /** Written by a newer Herald: read what we understand, never write over it. */
  readOnly: boolean;
  /** Why it is read-only (the newer layout), for its own notice. */
  newer?: string;
}

export interface LoadDeps {
  now: number;
  newKey: () => string;
}

/** Bring the store to v2 (migrating and quarantining as needed) and return its entries. */
export function loadOutbox(store: KeyValueStore, deps: LoadDeps): LoadResult {
  const problems: string[] = [];
  const migrated: string[] = [];
  const rawVersion = store.get<unknown>(OUTBOX_KEYS.version);
  const version = typeof rawVersion === 'number' && Number.isInteger(rawVersion) && rawVersion > 0 ? rawVersion : 1;

  if (version > OUTBOX_SCHEMA_VERSION) {
    const newer = `the outbox was written by a newer version of Herald (layout v${version}); it is read but not changed`;
    const entries = readEntries(store.get<unknown>(OUTBOX_KEYS.entries), deps.now, problems).entries;
    return { entries, problems, migrated, readOnly: true, newer };
  }

  if (version < 2) {
    migrateV1toV2(store, deps, problems);
    migrated.push('v1→v2: the browser prototype\'s pendingActions become keyed outbox entries');
  }

  const { entries, rejected } = readEntries(store.get<unknown>(OUTBOX_KEYS.entries), deps.now, problems);
  if (rejected.length > 0) {
    quarantine(store, rejected, deps.now);
    store.set(OUTBOX_KEYS.entries, entries.map(toStored));
  }
  return { entries, problems, migrated, readOnly: false };
}

export type JournalRecord = { op: 'put'; entry: OutboxEntry } | { op: 'del'; key: string };

/** Apply journal records over the stored entries; records that cannot be understood come back to be quarantined. */
export function replayJournal(entries: readonly OutboxEntry[], records: readonly unknown[], now: number): { entries: OutboxEntry[]; rejected: QuarantinedValue[] } {
  const list: Array<OutboxEntry | null> = entries.slice();
  const index = new Map<string, number>();
  list.forEach((e, i) => index.set(e!.key, i));
  const rejected: QuarantinedValue[] = [];
  for (const record of records) {
    const r = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
    if (r.op === 'del' && isKey(r.key)) {
      const i = index.get(r.key);
      if (i !== undefined) list[i] = null;
      index.delete(r.key);
      continue;
    }
    const parsed = r.op === 'put' ? parseEntry(r.entry) : { ok: false as const, reason: 'not a journal record' };
    if (!parsed.ok) {
      rejected.push({ reason: `journal: ${parsed.reason}`, value: record, at: now });
      continue;
    }
    const i = index.get(parsed.entry.key);
    if (i !== undefined) list[i] = parsed.entry;
    else {
      index.set(parsed.entry.key, list.length);
      list.push(parsed.entry);
    }
  }
  return { entries: list.filter((e): e is OutboxEntry => e !== null), rejected };
}

/** What goes to disk: the entry as is, except that 'sending' is not a state a file can be in. */
export function toStored(entry: OutboxEntry): OutboxEntry {
  if (entry.state.kind !== 'sending') return entry;
  return { ...entry, state: { kind: 'pending', attempts: entry.state.attempts } };
}

/**
 * v1 → v2. Safe to run again after a crash part-way: the v1 list is removed only after the version is written, and
 * if `entries` already exists (written by an interrupted earlier run) the v1 list is not converted a second time —
 * converting it again would give the same actions new keys and the server would apply them twice.
 */
function migrateV1toV2(store: KeyValueStore, deps: LoadDeps, problems: string[]): void {
  const existing = store.get<unknown>(OUTBOX_KEYS.entries);
  const legacy = store.get<unknown>(OUTBOX_KEYS.v1PendingActions);
  if (!Array.isArray(existing)) {
    const entries: OutboxEntry[] = [];
    const rejected: QuarantinedValue[] = [];
    if (legacy !== undefined && !Array.isArray(legacy)) {
      rejected.push({ reason: 'v1 pendingActions is not a list', value: legacy, at: deps.now });
    }
    for (const item of Array.isArray(legacy) ? legacy : []) {
      const converted = fromV1(item, deps);
      if (converted.ok) entries.push(converted.entry);
      else rejected.push({ reason: `v1 action: ${converted.reason}`, value: item, at: deps.now });
    }
    if (rejected.length > 0) {
      problems.push(`${rejected.length} queued action(s) from an older version could not be understood and were set aside`);
      quarantine(store, rejected, deps.now);
    }
    store.set(OUTBOX_KEYS.entries, entries);
  }
  store.set(OUTBOX_KEYS.version, 2);
  store.delete(OUTBOX_KEYS.v1PendingActions);
}

function fromV1(item: unknown, deps: LoadDeps): { ok: true; entry: OutboxEntry } | { ok: false; reason: string } {
  if (typeof item !== 'object' || item === null) return { ok: false, reason: 'not an object' };
  const v = item as Record<string, unknown>;
  const data = typeof v.data === 'object' && v.data !== null ? (v.data as Record<string, unknown>) : {};
  const checked = validateAction({ ...data, type: v.type });
  if (!checked.ok) return { ok: false, reason: checked.message };
  const createdAt = typeof v.timestamp === 'number' && Number.isFinite(v.timestamp) ? v.timestamp : deps.now;
  return {
    ok: true,
    entry: { key: deps.newKey(), sourceId: LEGACY_SOURCE_ID, action: checked.action, createdAt, state: { kind: 'pending', attempts: 0 } },
  };
}

function readEntries(raw: unknown, now: number, problems: string[]): { entries: OutboxEntry[]; rejected: QuarantinedValue[] } {
  const entries: OutboxEntry[] = [];
  const rejected: QuarantinedValue[] = [];
  if (raw === undefined) return { entries, rejected };
  if (!Array.isArray(raw)) {
    rejected.push({ reason: 'entries is not a list', value: raw, at: now });
  } else {
    const keys = new Set<string>();
    for (const item of raw) {
      const checked = parseEntry(item);
      if (!checked.ok) rejected.push({ reason: checked.reason, value: item, at: now });
      else if (keys.has(checked.entry.key)) rejected.push({ reason: `duplicate key ${checked.entry.key}`, value: item, at: now });
      else {
        keys.add(checked.entry.key);
        entries.push(checked.entry);
      }
    }
  }
  if (rejected.length > 0) problems.push(`${rejected.length} queued action(s) could not be read and were set aside`);
  return { entries, rejected };
}

/** A stored entry, checked field by field: a hand-edited or half-understood file must not crash the outbox. */
export function parseEntry(item: unknown): { ok: true; entry: OutboxEntry } | { ok: false; reason: string } {
  if (typeof item !== 'object' || item === null) return { ok: false, reason: 'not an object' };
  const v = item as Record<string, unknown>;
  if (!isKey(v.key)) return { ok: false, reason: 'missing or bad key' };
  if (typeof v.sourceId !== 'string' || v.sourceId.length === 0) return { ok: false, reason: 'missing sourceId' };
  const action = validateAction(v.action);
  if (!action.ok) return { ok: false, reason: action.message };
  const createdAt = typeof v.createdAt === 'number' && Number.isFinite(v.createdAt) ? v.createdAt : 0;
  return { ok: true, entry: { key: v.key, sourceId: v.sourceId, action: action.action, createdAt, state: parseState(v.state) } };
}

/** The state is advisory (attempt counts, a failure's reason): anything odd becomes a fresh 'pending'. */
function parseState(raw: unknown): OutboxEntryState {
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const attempts = typeof s.attempts === 'number' && Number.isInteger(s.attempts) && s.attempts >= 0 ? s.attempts : 0;
  const error = parseError(s.error);
  if (s.kind === 'failed' && error) {
    return { kind: 'failed', attempts, error, failedAt: typeof s.failedAt === 'number' ? s.failedAt : 0 };
  }
  const state: OutboxEntryState = { kind: 'pending', attempts };
  if (typeof s.nextAttemptAt === 'number' && Number.isFinite(s.nextAttemptAt)) state.nextAttemptAt = s.nextAttemptAt;
  const lastError = parseError(s.lastError);
  if (lastError) state.lastError = lastError;
  return state;
}

function parseError(raw: unknown): ErrorInfo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return undefined;
  // A code this version does not know (written by a newer one) still needs words in the UI: 'internal' has them.
  const code = (ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as ErrorCode) : 'internal';
  const info: ErrorInfo = { code, message: e.message };
  if (typeof e.status === 'number') info.status = e.status;
  return info;
}

/** Idempotency keys as the protocol takes them: 1-200 printable ASCII characters. */
export function isKey(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 200 && /^[\x21-\x7e]+$/.test(v);
}

export function quarantine(store: KeyValueStore, values: QuarantinedValue[], now: number): void {
  const before = store.get<unknown>(OUTBOX_KEYS.quarantined);
  const list = Array.isArray(before) ? before : before === undefined ? [] : [{ reason: 'earlier quarantine', value: before, at: now }];
  store.set(OUTBOX_KEYS.quarantined, [...list, ...values]);
}
