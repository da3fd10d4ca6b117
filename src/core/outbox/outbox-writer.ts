/**
 * When the outbox's entries reach the store. Two speeds:
 * - `now()`: enqueue, failures, retry, discard — the user just did something, and an enqueued action must be on disk
 *   before `enqueue` returns. Throws if the store cannot write.
 * - `later()`: acknowledged removals and backoff bookkeeping, coalesced over `delayMs` and written at the latest when
 *   the outbox goes idle or is disposed. Losing one to a crash only means a re-send with the same key (the server
 *   applies it once), while writing the whole file per acknowledgement would make a long replay O(n²) in bytes.
 * A write that fails is logged and stays due: the next change or idle moment tries again.
 */
import type { OutboxEntry } from '../../shared/outbox';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../log';
import type { KeyValueStore } from '../store';
import { OUTBOX_KEYS, toStored } from './outbox-schema';

export interface OutboxWriterOptions {
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  delayMs: number;
  /** The entries as they are at write time. */
  entries: () => readonly OutboxEntry[];
}

export class OutboxWriter {
  readonly #options: OutboxWriterOptions;
  #timer: TimerHandle | undefined;
  #dirty = false;
  #closed = false;
  /** Written by a newer Herald: never write over it. */
  readOnly = false;

  constructor(options: OutboxWriterOptions) {
    this.#options = options;
  }

  /** Changes wait for a deferred write. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** Write at once; throws when the store cannot. */
  now(): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.readOnly) return;
    this.#dirty = true;
    this.#options.store.set(OUTBOX_KEYS.entries, this.#options.entries().map(toStored));
    this.#dirty = false;
  }

  /** Write at once, logging (not throwing) a failure; the write stays due. */
  safely(): void {
    try {
      this.now();
    } catch (err) {
      this.#options.logger.error('could not save the outbox', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Write within `delayMs`, together with whatever else changes meanwhile. */
  later(): void {
    this.#dirty = true;
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#dirty) this.safely();
    }, this.#options.delayMs);
  }

  /** Write what is due and stop the timer. */
  close(): void {
    this.#closed = true;
    if (this.#dirty || this.#timer !== undefined) this.safely();
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
