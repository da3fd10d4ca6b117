/**
 * When and how the outbox's entries reach the store. Two speeds:
 * - `now(key)`: enqueue, failures, retry, discard — the user just did something, and an enqueued action must be on
 *   disk before `enqueue` returns. Throws if the store cannot write.
 * - `later(key)`: acknowledged removals and backoff bookkeeping, coalesced over `delayMs` and written at the latest
 *   when the outbox goes idle or is disposed. Losing one to a crash only means a re-send with the same key (the
 *   server applies it once).
 * Both write only what changed: with a store that keeps journals (src/core/store.ts), the changed entries are
 * appended as records (`{ op: 'put', entry }` / `{ op: 'del', key }`) — one small append per action, whatever the
 * queue's length — and the whole list is written to the store's `entries` key only when the journal has grown as
 * long as the list (compaction: amortized O(1) per change) and on `close`. The store file thus stays the v2 layout
 * electron-store and the CLI read; the journal is the tail of changes since. Without a journal, every write is the
 * whole list, as before. A write that fails is logged and stays due: the next change or idle moment tries again.
 */
import type { Notice } from '../../shared/ipc-contract';
import type { OutboxEntry } from '../../shared/outbox';
import { OnceTimer, type Clock } from '../base/clock';
import type { Logger } from '../base/log';
import { canJournal, type Journal, type KeyValueStore } from '../store';
import { loadOutbox, OUTBOX_KEYS, quarantine, replayJournal, toStored, type JournalRecord } from './outbox-schema';

/** A journal shorter than this is never compacted early: a short queue's full write is cheap anyway. */
const COMPACT_MIN_RECORDS = 256;

export interface OutboxWriterOptions {
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  delayMs: number;
  /** The entries as they are at write time (a whole write). */
  entries: () => readonly OutboxEntry[];
  /** How many entries there are (cheap: asked per append, to decide when to compact). */
  count: () => number;
  /** One entry by key as it is at write time (undefined: it is gone). */
  entry: (key: string) => OutboxEntry | undefined;
}

export class OutboxWriter {
  readonly #options: OutboxWriterOptions;
  readonly #journal: Journal | null;
  /** Keys whose stored form may differ from memory, in the order they changed. */
  readonly #due = new Set<string>();
  readonly #timer: OnceTimer;
  #closed = false;
  /** Written by a newer Herald: never write over it. */
  readOnly = false;

  constructor(options: OutboxWriterOptions) {
    this.#options = options;
    this.#timer = new OnceTimer(options.clock);
    this.#journal = canJournal(options.store) ? options.store.journal(OUTBOX_KEYS.entries) : null;
  }

  /** The journal, for the outbox to replay when it loads. */
  get journal(): Journal | null {
    return this.#journal;
  }

  /** Changes wait for a deferred write. */
  get dirty(): boolean {
    return this.#due.size > 0;
  }

  /** Write `key` (and whatever else is due) at once; throws when the store cannot. */
  now(key?: string): void {
    this.#timer.cancel();
    if (this.readOnly) return;
    if (key !== undefined) this.#due.add(key);
    if (this.#journal === null) {
      this.#writeWhole();
      return;
    }
    const records: JournalRecord[] = [];
    for (const k of this.#due) {
      const e = this.#options.entry(k);
      records.push(e ? { op: 'put', entry: toStored(e) } : { op: 'del', key: k });
    }
    this.#journal.append(records);
    this.#due.clear();
    if (this.#journal.length >= Math.max(COMPACT_MIN_RECORDS, this.#options.count())) this.#compactSafely();
  }

  /** Write at once, logging (not throwing) a failure; the write stays due. */
  safely(key?: string): void {
    try {
      this.now(key);
    } catch (err) {
      this.#options.logger.error('could not save the outbox', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Write `key` within `delayMs`, together with whatever else changes meanwhile. */
  later(key: string): void {
    this.#due.add(key);
    if (this.#closed) return;
    this.#timer.ensure(this.#options.delayMs, () => {
      if (this.dirty) this.safely();
    });
  }

  /**
   * At start: the stored entries (migrated; problems become notices) with the journal's changes folded in. A store
   * that cannot be read at all gives no entries and one notice: enqueue then reports the write error clearly.
   */
  load(newKey: () => string): { entries: OutboxEntry[]; notices: Notice[] } {
    const notices: Notice[] = [];
    try {
      const loaded = loadOutbox(this.#options.store, { now: this.#options.clock.now(), newKey });
      this.readOnly = loaded.readOnly;
      for (const m of loaded.migrated) this.#options.logger.info('outbox migrated', { migration: m });
      if (loaded.newer !== undefined) notices.push({ code: 'store_newer', message: loaded.newer });
      for (const p of loaded.problems) notices.push({ code: 'store_corrupt', message: p });
      const replayed = this.replayJournal(loaded.entries, this.#options.clock.now());
      for (const n of replayed.notices) notices.push({ code: 'store_corrupt', ...n });
      return { entries: replayed.entries, notices };
    } catch (err) {
      const message = `the outbox could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
      this.#options.logger.error(message);
      notices.push({ code: 'store_corrupt', message });
      return { entries: [], notices };
    }
  }

  /**
   * At load: apply the journal's records over the stored entries and fold them into the store at once (the whole
   * list written, the journal emptied). A damaged tail is kept aside under another name and reported; records that
   * cannot be understood are quarantined in the store. Read-only (a newer Herald's file): read, change nothing.
   */
  replayJournal(stored: OutboxEntry[], now: number): { entries: OutboxEntry[]; notices: Array<{ message: string; path?: string }> } {
    const journal = this.#journal;
    if (!journal) return { entries: stored, notices: [] };
    const { records, unreadable } = journal.read();
    if (records.length === 0 && unreadable === undefined) return { entries: stored, notices: [] };
    const { entries, rejected } = replayJournal(stored, records, now);
    const notices: Array<{ message: string; path?: string }> = [];
    if (this.readOnly) {
      if (unreadable) notices.push({ message: unreadable });
      return { entries, notices };
    }
    if (rejected.length > 0) {
      quarantine(this.#options.store, rejected, now);
      notices.push({ message: `${rejected.length} queued action(s) could not be read and were set aside` });
    }
    try {
      this.#options.store.set(OUTBOX_KEYS.entries, entries.map(toStored));
      const kept = journal.reset({ keepAside: unreadable !== undefined });
      if (unreadable) {
        this.#options.logger.warn('the outbox journal has a damaged tail; kept aside', { kept });
        notices.push({ message: `${unreadable}. The whole journal was kept as ${kept ?? 'is'}; every record that could be read is queued.`, ...(kept ? { path: kept } : {}) });
      }
    } catch (err) {
      // Not folded: the journal stays as it is and is replayed again next time.
      this.#options.logger.error('could not fold the outbox journal into the store', { error: err instanceof Error ? err.message : String(err) });
      if (unreadable) notices.push({ message: unreadable });
    }
    return { entries, notices };
  }

  /** Write what is due, fold the journal into the store file, and stop the timer. */
  close(): void {
    this.#closed = true;
    this.#timer.dispose();
    if (!this.readOnly && (this.dirty || (this.#journal?.length ?? 0) > 0)) {
      try {
        this.#writeWhole();
      } catch (err) {
        // The journal still holds every change: nothing is lost, the next start replays it.
        this.#options.logger.error('could not save the outbox', { error: err instanceof Error ? err.message : String(err) });
        if (this.dirty) this.safely();
      }
    }
    this.#journal?.close();
  }

  #writeWhole(): void {
    this.#options.store.set(OUTBOX_KEYS.entries, this.#options.entries().map(toStored));
    this.#due.clear();
    // The store holds everything the journal said: crash before this reset and the replay changes nothing.
    this.#journal?.reset();
  }

  #compactSafely(): void {
    try {
      this.#writeWhole();
    } catch (err) {
      // The journal is still complete; keep appending and try again at the next compaction point.
      this.#options.logger.warn('could not compact the outbox journal', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
