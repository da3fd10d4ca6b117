/**
 * How an action queued by another process reaches the process that owns the outbox (`herald subscribe`, the app;
 * see src/core/stores/data-dir-lock.ts). `herald act` never writes `outbox.json` or its journal — two writers of one
 * file each keep their own view and the last whole write erases the other's records. Instead every queued action is
 * one letter: a file `outbox.incoming/<time>-<pid>-<n>.json` holding the entry, written to a temporary name, synced
 * and renamed, so a letter is either whole or absent. The owner adopts each letter into its outbox (on disk, in its
 * journal) and only then deletes it: killed in between, it finds the key already queued next time and just deletes
 * the letter. A letter that cannot be read is renamed aside (kept, reported), never deleted.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { OutboxEntry } from '../../shared/outbox';
import type { Disposable } from '../base/emitter';
import { asideName } from '../stores/guard';
import { isRunning } from '../stores/process-alive';
import { syncDirectory } from '../stores/sync-directory';
import { parseEntry } from './outbox-schema';
import { makeDirSync } from '../base/make-dir';

export interface MailboxLetter {
  name: string;
  entry: OutboxEntry;
}

export interface OutboxMailbox {
  /** Hand an entry over; it is on disk when this returns. Throws when it cannot be written. */
  post(entry: OutboxEntry): void;
  /** The letters waiting, oldest first, and the names of those that cannot be read. Changes nothing. */
  read(): { letters: MailboxLetter[]; damaged: string[] };
  /** The owner adopted the letter: delete it. */
  remove(name: string): void;
  /** A letter that cannot be read: keep it under another name; returns where. */
  setAside(name: string): string | undefined;
  /** Call `onPost` soon after a letter may have arrived (a file watch, and a poll in case the watch misses one). */
  watch(onPost: () => void): Disposable;
  /** Where the letters that could not be read were kept (setAside), for as long as they exist. */
  keptAside(): string[];
}

/** The folder beside a store file: `dir/outbox.json` → `dir/outbox.incoming`. */
export function mailboxPathFor(storePath: string): string {
  return `${storePath.replace(/\.json$/, '')}.incoming`;
}

export interface FileMailboxOptions {
  now?: () => number;
  /** How often to look for letters when the file watch stays silent, ms. Default 1000. */
  pollMs?: number;
  durable?: boolean;
}

export class FileMailbox implements OutboxMailbox {
  readonly path: string;
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #durable: boolean;
  #seq = 0;

  constructor(path: string, options: FileMailboxOptions = {}) {
    this.path = path;
    this.#now = options.now ?? Date.now;
    this.#pollMs = options.pollMs ?? 1000;
    this.#durable = options.durable ?? true;
  }

  post(entry: OutboxEntry): void {
    makeDirSync(this.path, 0o700);
    // Names sort by time, so letters from several `act` runs are adopted in the order they were queued.
    const name = `${String(this.#now()).padStart(15, '0')}-${process.pid}-${++this.#seq}.json`;
    const tmp = join(this.path, `.${name}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry));
      if (this.#durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.path, name));
    if (this.#durable) syncDirectory(this.path);
  }

  read(): { letters: MailboxLetter[]; damaged: string[] } {
    let names: string[];
    try {
      names = readdirSync(this.path);
    } catch {
      return { letters: [], damaged: [] };
    }
    const letters: MailboxLetter[] = [];
    const damaged: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
      let text: string;
      try {
        text = readFileSync(join(this.path, name), 'utf8');
      } catch (err) {
        // Adopted and deleted by the owner between the listing and now.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        damaged.push(name);
        continue;
      }
      const parsed = parseLetter(text);
      if (parsed) letters.push({ name, entry: parsed });
      else damaged.push(name);
    }
    return { letters, damaged };
  }

  remove(name: string): void {
    try {
      unlinkSync(join(this.path, name));
    } catch {
      // Gone already.
    }
  }

  setAside(name: string): string | undefined {
    const from = join(this.path, name);
    const to = asideName(from, this.#now());
    try {
      renameSync(from, to);
      return to;
    } catch {
      return undefined;
    }
  }

  keptAside(): string[] {
    try {
      return readdirSync(this.path)
        .filter((n) => KEPT_LETTER.test(n))
        .sort()
        .map((n) => join(this.path, n));
    } catch {
      return [];
    }
  }

  /** A `herald act` killed mid-write leaves its temporary file (never a letter): removed once that process is gone. */
  #removeStaleTemps(): void {
    let names: string[];
    try {
      names = readdirSync(this.path);
    } catch {
      return;
    }
    for (const name of names) {
      const m = TEMP_LETTER.exec(name);
      if (m && !isRunning(Number(m[1]))) this.remove(name);
    }
  }

  watch(onPost: () => void): Disposable {
    makeDirSync(this.path, 0o700);
    this.#removeStaleTemps();
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(this.path, { persistent: false }, () => onPost());
      watcher.on('error', () => watcher?.close());
    } catch {
      // No file watching here (some network file systems): the poll below still finds every letter.
    }
    const poll = setInterval(onPost, this.#pollMs);
    poll.unref();
    return {
      dispose: () => {
        clearInterval(poll);
        watcher?.close();
      },
    };
  }
}

/** A letter set aside (asideName): `<time>-<pid>-<n>.json.corrupt-<stamp>[-n]`. */
const KEPT_LETTER = /^[^.].*\.json\.corrupt-/;

/** A letter's temporary file: `.<time>-<pid>-<n>.json.tmp`. */
const TEMP_LETTER = /^\.\d+-(\d+)-\d+\.json\.tmp$/;

function parseLetter(text: string): OutboxEntry | null {
  try {
    const parsed = parseEntry(JSON.parse(text));
    return parsed.ok ? parsed.entry : null;
  } catch {
    return null;
  }
}
