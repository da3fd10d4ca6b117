/**
 * A Journal (src/core/store.ts) in a file of JSON lines, one record per line, beside a store file:
 * `outbox.json` + key `entries` → `outbox.entries.journal`. Used by the CLI's JsonFileStore and the app's
 * electron-store adapter alike, so both keep the same two files.
 *
 * Crash behaviour: `append` is one `write` of whole lines to a file opened for appending before it returns, so a
 * SIGKILL at any point loses nothing appended (the kernel has the bytes) and can only cut short an append that never
 * returned. `fdatasync` (when durable) is a group commit: one for all the appends of the same turn of the event loop
 * (10 000 enqueues in a loop cost one sync, not 10 000), and at once on close. A power loss can lose that one turn's
 * appends or leave a damaged tail. Either way `read` returns every whole line before the damage and says what it could not read; the
 * owner keeps those bytes aside (`reset({ keepAside: true })`) and reports them, it never silently drops them.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Journal } from '../store';
import { asideName } from './guard';
import { syncDirectory } from './sync-directory';

export interface FileJournalOptions {
  durable?: boolean;
  now?: () => number;
}

/** `dir/outbox.json` + `entries` → `dir/outbox.entries.journal`. */
export function journalPathFor(storePath: string, key: string): string {
  return `${storePath.replace(/\.json$/, '')}.${key.replace(/[^A-Za-z0-9_-]/g, '_')}.journal`;
}

export class FileJournal implements Journal {
  readonly path: string;
  readonly #durable: boolean;
  readonly #now: () => number;
  #fd: number | undefined;
  #syncQueued: NodeJS.Immediate | undefined;
  /** Bytes in the file, known from when it was opened. */
  #size = 0;
  #length = 0;

  constructor(path: string, options: FileJournalOptions = {}) {
    this.path = path;
    this.#durable = options.durable ?? true;
    this.#now = options.now ?? Date.now;
  }

  get length(): number {
    return this.#length;
  }

  read(): { records: unknown[]; unreadable?: string } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      // Not there (ENOTDIR: a part of the path is a file, so no journal can be there either).
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { records: [] };
      return { records: [], unreadable: `the journal ${this.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    const records: unknown[] = [];
    let bad = 0;
    let badBytes = 0;
    const lines = text.split('\n');
    // The last piece has no newline after it: empty after a clean append, a torn record after a kill mid-write.
    lines.forEach((line, i) => {
      // A line of only white space holds no record, so nothing can be lost in it: skipped, not reported as damage.
      if (line.trim().length === 0) return;
      try {
        records.push(JSON.parse(line));
      } catch {
        bad++;
        badBytes += Buffer.byteLength(line) + (i < lines.length - 1 ? 1 : 0);
      }
    });
    this.#length = records.length + bad;
    if (bad === 0) return { records };
    return { records, unreadable: `${bad} record(s) (${badBytes} bytes) of the journal ${this.path} could not be read` };
  }

  append(records: readonly unknown[]): void {
    if (records.length === 0) return;
    const bytes = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    const fd = this.#open();
    const before = this.#size;
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      if (this.#durable) this.#syncSoon();
    } catch (err) {
      // Take back a partial line, so the next append does not glue onto it.
      try {
        ftruncateSync(fd, before);
      } catch {
        // The read side reports a damaged line if this failed too.
      }
      throw err;
    }
    this.#size = before + bytes.length;
    this.#length += records.length;
  }

  reset(options: { keepAside?: boolean } = {}): string | undefined {
    let kept: string | undefined;
    if (options.keepAside && existsSync(this.path)) {
      this.close();
      kept = asideName(this.path, this.#now());
      renameSync(this.path, kept);
      if (this.#durable) syncDirectory(dirname(this.path));
    } else if (this.#fd !== undefined || existsSync(this.path)) {
      const fd = this.#open();
      ftruncateSync(fd, 0);
      if (this.#durable) fdatasyncSync(fd);
      this.#size = 0;
    }
    this.#length = 0;
    return kept;
  }

  /** Group commit: one fdatasync after this turn of the event loop, for every append made in it. */
  #syncSoon(): void {
    if (this.#syncQueued) return;
    this.#syncQueued = setImmediate(() => this.#syncNow());
    this.#syncQueued.unref();
  }

  #syncNow(): void {
    if (this.#syncQueued) clearImmediate(this.#syncQueued);
    this.#syncQueued = undefined;
    if (this.#fd === undefined) return;
    try {
      fdatasyncSync(this.#fd);
    } catch {
      // The next append syncs again; the bytes were written and survive a crash of this process either way.
    }
  }

  close(): void {
    if (this.#syncQueued) this.#syncNow();
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed.
    }
    this.#fd = undefined;
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    const created = !existsSync(this.path);
    this.#fd = openSync(this.path, 'a', 0o600);
    this.#size = fstatSync(this.#fd).size;
    // A new file's directory entry must be on disk too, or a power loss could lose the whole journal.
    if (created && this.#durable) syncDirectory(dirname(this.path));
    return this.#fd;
  }
}
