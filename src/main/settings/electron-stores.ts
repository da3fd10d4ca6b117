/**
 * electron-store files behind the KeyValueStore seam: `settings`, `outbox`, `state` (cursors) and `inbox-cache`,
 * each its own file in userData so a big inbox write never rewrites the outbox.
 *
 * Before a file is opened the core's corruption guard moves one that is not a JSON object aside (kept, never
 * deleted) and a notice says where it went. That is the only reason a whole file is set aside: no JSON schema is
 * given to electron-store, because one refused field would then cost the whole file (issue 19). What each field may
 * hold is the readers' business (settings: ./fields.ts and ./repair.ts, one field or source at a time). Keys are literal
 * (`accessPropertiesByDotNotation: false`): a cursor key like "demo.cursor" must not become nested objects.
 * Reads come from memory (conf re-reads and re-parses the file on every `get`); writes go through conf, atomically.
 * Journals (the outbox's append-only log of changes) are files beside the store's, the same as the CLI's
 * (src/core/stores/journal-file.ts), so an outbox moves between the app and the CLI with both files.
 */
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { silentLogger, type Logger } from '../../core/base/log';
import { MemoryStore, type Journal, type JournalingStore, type KeyValueStore } from '../../core/store';
import { FileJournal, journalPathFor } from '../../core/stores/journal-file';
import { keptAsideFiles, quarantineIfCorrupt } from '../../core/stores/guard';
import { lockDataDir } from '../../core/stores/data-dir-lock';
import { FileMailbox, mailboxPathFor, type OutboxMailbox } from '../../core/outbox/outbox-mailbox';
import { OUTBOX_FILE_OPTIONS } from '../../core/outbox/outbox-salvage';
import type { Notice } from '../../shared/ipc-contract';

export type StoreName = 'settings' | 'outbox' | 'state' | 'inbox-cache';

export interface OpenStoreOptions {
  name: StoreName;
  /** Absolute folder; default `app.getPath('userData')`. */
  cwd?: string;
  logger?: Logger;
  now?: () => number;
}

export interface OpenedStore {
  store: KeyValueStore;
  path: string;
  notices: Notice[];
}

class ElectronKeyValueStore implements JournalingStore {
  readonly #store: Store<Record<string, unknown>>;
  readonly #cache = new Map<string, unknown>();

  constructor(store: Store<Record<string, unknown>>) {
    this.#store = store;
    for (const [k, v] of Object.entries(store.store)) if (!k.startsWith('__internal__')) this.#cache.set(k, v);
  }

  get<T = unknown>(key: string): T | undefined {
    const v = this.#cache.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    const copy = structuredClone(value);
    this.#store.set(key, copy);
    this.#cache.set(key, copy);
  }

  delete(key: string): void {
    this.#store.delete(key);
    this.#cache.delete(key);
  }

  journal(key: string): Journal {
    return new FileJournal(journalPathFor(this.#store.path, key));
  }

  keptAside(): string[] {
    return keptAsideFiles(this.#store.path);
  }
}

function construct(name: StoreName, cwd: string): Store<Record<string, unknown>> {
  return new Store<Record<string, unknown>>({
    name,
    cwd,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    watch: false,
  });
}

export function openStore(options: OpenStoreOptions): OpenedStore {
  const log = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const cwd = options.cwd ?? app.getPath('userData');
  const path = join(cwd, `${options.name}.json`);
  const notices: Notice[] = [];

  // The outbox's whole records are recovered from a damaged file (the same reader as the CLI's).
  let salvaged: Record<string, unknown> | null = null;
  const outbox = options.name === 'outbox';
  const guard = quarantineIfCorrupt(path, {
    now,
    ...(outbox
      ? { salvage: (text: string) => (salvaged = OUTBOX_FILE_OPTIONS.salvage(text)) !== null, shapeProblem: OUTBOX_FILE_OPTIONS.shapeProblem }
      : {}),
  });
  if (guard) {
    log.warn('a store file could not be read', { path, movedAside: guard.movedAside });
    notices.push({ code: guard.code, message: guard.message, path: guard.path });
    if (!guard.movedAside) {
      // Never write over bytes we could not keep: run from memory this session.
      return { store: new MemoryStore(), path, notices };
    }
  }

  try {
    const store = new ElectronKeyValueStore(construct(options.name, cwd));
    if (salvaged !== null) for (const [k, v] of Object.entries(salvaged as Record<string, unknown>)) store.set(k, v);
    return { store, path, notices };
  } catch (err) {
    // The guard found a JSON object, so this is the disk itself (permissions, a race): never write over what we
    // could not read. Run from memory this session and leave the file as it is.
    log.error('a store file could not be opened; running from memory', { path, error: String(err) });
    notices.push({ code: 'store_corrupt', message: `The file ${path} could not be opened (${String(err)}) and was left untouched.`, path });
    return { store: new MemoryStore(), path, notices };
  }
}

export interface OutboxHandover {
  /** Where `herald act --data-dir <this folder>` hands its actions over (src/core/outbox/outbox-mailbox.ts). */
  mailbox: OutboxMailbox;
  notices: Notice[];
  release(): void;
}

/**
 * The app owns its folder the way `herald subscribe` owns a data dir (src/core/stores/data-dir-lock.ts): while it
 * runs, a `herald subscribe` there is refused, and `herald act` there hands its action to the app. If a CLI
 * subscriber already owns the folder, the app still starts (its notifications matter more) and says so.
 */
export function openOutboxHandover(options: { cwd?: string; logger?: Logger }): OutboxHandover {
  const cwd = options.cwd ?? app.getPath('userData');
  const mailbox = new FileMailbox(mailboxPathFor(join(cwd, 'outbox.json')));
  const log = options.logger ?? silentLogger;
  let lock: ReturnType<typeof lockDataDir>;
  try {
    lock = lockDataDir(cwd);
  } catch (err) {
    // A folder that cannot take the lock file cannot take the stores either; that is told when they are written.
    log.error('could not take the app folder\'s lock', { error: err instanceof Error ? err.message : String(err) });
    return { mailbox, notices: [], release: () => {} };
  }
  if (lock.ok) return { mailbox, notices: [], release: lock.release };
  log.warn('another herald process owns the app folder', { pid: lock.pid });
  return {
    mailbox,
    notices: [{ code: 'data_dir_in_use', message: `Another Herald process (pid ${lock.pid}) is using ${cwd}; stop it, or actions may be sent twice or lost.` }],
    release: () => {},
  };
}
