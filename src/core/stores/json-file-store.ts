/**
 * A KeyValueStore over one JSON file — what the CLI and the tests use (the Electron shell uses electron-store with
 * the same guard). The file is a plain JSON object at the root, the same format conf/electron-store write, so a
 * store file can move between the app and the CLI.
 *
 * Why not `conf` for the CLI: conf throws on (or, with `clearInvalidConfig`, silently wipes) a file that does not
 * parse, ties migrations to the package version, and caches in ways that make a crash mid-write hard to reason
 * about. This is ~150 lines we test directly: corruption guard first, then every `set`/`delete` rewrites the file
 * atomically (temp file in the same directory + fsync + rename + directory fsync), so after a crash or a SIGKILL the
 * file holds either the old or the new content, never half of each.
 *
 * Schema versions and migrations are the owner's job, through the KeyValueStore interface (see
 * src/core/outbox/outbox-schema.ts), so the same migration runs over electron-store, this file, or memory.
 *
 * One writer per file: two processes writing the same file would each keep their own view and overwrite the other.
 * The data dir's lock (./data-dir-lock.ts) makes sure of it; other processes open with `viewOnly`.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Journal, JournalingStore } from '../store';
import { keptAsideFiles, parseStoreText, quarantineIfCorrupt, type QuarantineNotice } from './guard';
import { FileJournal, journalPathFor } from './journal-file';
import { isRunning } from './process-alive';
import { syncDirectory } from './sync-directory';
import { makeDirSync } from '../base/make-dir';

export interface JsonFileStoreOptions {
  /** Wall clock for the corrupt-file suffix. Default Date.now. */
  now?: () => number;
  /** Called once per problem found while opening (a corrupt file moved aside). Also kept in `notices`. */
  onNotice?: (notice: QuarantineNotice) => void;
  /** fsync file and directory on every write (default true). Tests of unrelated logic may turn it off for speed. */
  durable?: boolean;
  /**
   * What can still be read from a damaged file's text (e.g. the outbox's whole records, src/core/outbox/outbox-salvage.ts),
   * or null. The store starts with it — written to the file once the damaged one is safe aside.
   */
  salvage?: (text: string) => Record<string, unknown> | null;
  /** Why a file that parses is not this store's after all (./guard.ts): then it is damaged, as above. */
  shapeProblem?: (data: Record<string, unknown>) => string | null;
  /**
   * Open for reading only (a process that does not own the data dir): a damaged file is read as far as `salvage`
   * can, but never moved, and nothing is ever written.
   */
  viewOnly?: boolean;
}

/** Thrown by `set`/`delete` when the file cannot be written; the in-memory value is rolled back. */
export class StoreWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

export class JsonFileStore implements JournalingStore {
  readonly path: string;
  /** Problems found when the store opened, for the app to show. */
  readonly notices: QuarantineNotice[] = [];
  readonly #durable: boolean;
  #data: Record<string, unknown> = {};
  /** Set when a corrupt file could not be moved aside: writing would destroy the only copy of its bytes. */
  #readOnlyReason: string | null = null;
  #tmpSeq = 0;
  readonly #now: () => number;

  constructor(path: string, options: JsonFileStoreOptions = {}) {
    this.path = path;
    this.#durable = options.durable ?? true;
    this.#now = options.now ?? Date.now;
    // A reader creates nothing: `herald outbox` on a data dir that is not there reads an empty one and leaves no trace.
    if (!options.viewOnly) makeDirSync(dirname(path));
    if (options.viewOnly) {
      this.#readOnlyReason = 'opened for reading only';
      this.#openForViewing(options);
      return;
    }
    removeStaleTempFiles(path);
    let salvaged: Record<string, unknown> | null = null;
    const notice = quarantineIfCorrupt(path, {
      ...(options.now ? { now: options.now } : {}),
      salvage: (text) => (salvaged = options.salvage?.(text) ?? null) !== null,
      ...(options.shapeProblem ? { shapeProblem: options.shapeProblem } : {}),
    });
    if (notice) {
      this.notices.push(notice);
      if (!notice.movedAside) this.#readOnlyReason = notice.message;
      options.onNotice?.(notice);
      if (notice.movedAside && salvaged !== null) this.#recover(salvaged);
      return;
    }
    try {
      const parsed = parseStoreText(readFileSync(path, 'utf8'));
      // The guard just checked it; a failure here means the file changed under us: start empty, write nothing over it.
      if (parsed.ok) this.#data = parsed.data;
      else this.#readOnlyReason = `${path} changed while opening: ${parsed.reason}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** Files kept aside beside this one (./guard.ts), for as long as they exist. */
  keptAside(): string[] {
    return keptAsideFiles(this.path);
  }

  #openForViewing(options: JsonFileStoreOptions): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      // Not there (ENOTDIR: a part of the path is a file, so no file can be there either): an empty store.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      this.notices.push({ code: 'store_corrupt', message: `The file ${this.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, path: this.path, original: this.path, movedAside: false });
      return;
    }
    const parsed = parseStoreText(text);
    const wrongShape = parsed.ok ? (options.shapeProblem?.(parsed.data) ?? null) : null;
    if (parsed.ok && wrongShape === null) {
      this.#data = parsed.data;
      return;
    }
    this.#data = options.salvage?.(text) ?? {};
    this.notices.push({ code: 'store_corrupt', message: `The file ${this.path} is damaged (${parsed.ok ? wrongShape : parsed.reason}); what can be read from it is shown, and it is set aside when its owner opens it.`, path: this.path, original: this.path, movedAside: false });
  }

  /** The damaged file is kept aside: what was read from it becomes this file (in memory if even that write fails). */
  #recover(data: Record<string, unknown>): void {
    this.#data = data;
    try {
      this.#write(JSON.stringify(data, null, '\t'));
    } catch {
      // The next set writes it; the copy aside still holds every byte.
    }
  }

  get<T = unknown>(key: string): T | undefined {
    const v = this.#data[key];
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    // A JSON round trip both copies the value and drops what JSON cannot hold, so `get` returns what the file has.
    const copy = JSON.parse(JSON.stringify(value)) as unknown;
    this.#commit((data) => {
      data[key] = copy;
    });
  }

  delete(key: string): void {
    if (!(key in this.#data)) return;
    this.#commit((data) => {
      delete data[key];
    });
  }

  /** An append-only journal for one key, beside this file (./journal-file.ts). */
  journal(key: string): Journal {
    return new FileJournal(journalPathFor(this.path, key), { durable: this.#durable, now: this.#now });
  }

  /** Every key's value (a copy), e.g. for a migration or a test looking at what is on disk. */
  snapshot(): Record<string, unknown> {
    return structuredClone(this.#data);
  }

  #commit(change: (data: Record<string, unknown>) => void): void {
    if (this.#readOnlyReason !== null) throw new StoreWriteError(`not writing ${this.path}: ${this.#readOnlyReason}`);
    const next = { ...this.#data };
    change(next);
    this.#write(JSON.stringify(next, null, '\t'));
    this.#data = next;
  }

  #write(text: string): void {
    const tmp = `${this.path}.${process.pid}-${++this.#tmpSeq}.tmp`;
    let fd: number | undefined;
    try {
      fd = openSync(tmp, 'w', 0o600);
      writeSync(fd, text);
      if (this.#durable) fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, this.path);
      if (this.#durable) syncDirectory(dirname(this.path));
    } catch (err) {
      if (fd !== undefined) closeQuietly(fd);
      unlinkQuietly(tmp);
      throw new StoreWriteError(`could not write ${this.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * A process killed mid-write leaves `<name>.<pid>-<n>.tmp` behind (the real file is intact). Remove those of
 * processes that no longer run; a live pid may be another writer mid-rename, so its files are left alone.
 */
function removeStaleTempFiles(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)-\d+\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    unlinkQuietly(join(dir, name));
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or invalid: nothing more to do.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}
