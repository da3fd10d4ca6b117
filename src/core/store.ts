/**
 * The core's persistence seam. The Electron shell backs it with electron-store, the CLI with JsonFileStore
 * (./stores/json-file-store.ts, one file per store in its data folder), tests with a JSON file or memory. Values
 * are JSON-serialisable. Implementations must write atomically.
 */
export interface KeyValueStore {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
}

/**
 * An append-only log beside one key of a store, for a value that changes by small steps (the outbox's entries):
 * a change costs one small append instead of rewriting the whole value, and the owner folds the log back into the
 * key now and then (compaction). Optional: a store without it gets whole-value writes.
 */
export interface Journal {
  /** The records appended since the last reset, in order, and what could not be read (a torn or damaged tail). */
  read(): { records: unknown[]; unreadable?: string };
  /** Append records with one write (and one fsync when durable): on disk (surviving SIGKILL) when this returns. Throws when it cannot. */
  append(records: readonly unknown[]): void;
  /** Records appended since the last reset. */
  readonly length: number;
  /** Start over empty, after the owner wrote the whole value to the store. `keepAside` first keeps the current bytes under another name, returned. */
  reset(options?: { keepAside?: boolean }): string | undefined;
  close(): void;
}

export interface JournalingStore extends KeyValueStore {
  journal(key: string): Journal;
}

export function canJournal(store: KeyValueStore): store is JournalingStore {
  return typeof (store as Partial<JournalingStore>).journal === 'function';
}

/** A file-backed store that keeps damaged files aside (src/core/stores/guard.ts) and lists them while they exist. */
export interface KeepsAside {
  keptAside(): string[];
}

export function keepsAside(store: KeyValueStore): store is KeyValueStore & KeepsAside {
  return typeof (store as Partial<KeepsAside>).keptAside === 'function';
}
