/**
 * The outbox's entries in enqueue order, also by key. Entry objects are frozen and replaced on every change, so
 * any entry can be handed out as it is: a reader never sees one change under it.
 *
 * Every operation an acknowledgement needs is O(1) (amortized), whatever the queue's length; a 10 000-action replay
 * did several whole-queue passes per acknowledgement before (a scan for the counts, a search for the position, a
 * splice that moved the whole tail), which made it quadratic:
 * - the counts by state are kept as entries change, not counted when asked;
 * - an entry's slot is found by key;
 * - a removed entry leaves a hole that iteration skips. Holes at the front are stepped over once (`#head`); the
 *   others (acknowledgements arriving out of order, entries behind failed ones) are cleared out in bulk when they
 *   pass an eighth of the queue, so both the clearing and the skipping stay amortized O(1) per removal.
 */
import type { OutboxEntry, OutboxEntryState, OutboxProgress } from '../../shared/outbox';

/** Fewer holes than this are never cleared out: skipping a few is cheaper than copying the list. */
const MIN_HOLES_TO_COMPACT = 64;

export class OutboxEntries {
  /** Enqueue order; null where an entry was removed. */
  #slots: Array<OutboxEntry | null> = [];
  /** Every slot before this one is a hole. */
  #head = 0;
  /** Holes at or after `#head`. */
  #holes = 0;
  readonly #slotOf = new Map<string, number>();
  readonly #counts: Record<OutboxEntryState['kind'], number> = { pending: 0, sending: 0, failed: 0 };

  get length(): number {
    return this.#slotOf.size;
  }

  /**
   * Every entry in enqueue order, without copying (the lanes read the queue's head per change). Only `setState` may
   * be called while iterating.
   */
  *values(): IterableIterator<OutboxEntry> {
    const slots = this.#slots;
    for (let i = this.#head; i < slots.length; i++) {
      const e = slots[i];
      if (e) yield e;
    }
  }

  /** Every entry in enqueue order, as a new array. */
  list(): OutboxEntry[] {
    return Array.from(this.values());
  }

  get(key: string): OutboxEntry | undefined {
    const i = this.#slotOf.get(key);
    return i === undefined ? undefined : (this.#slots[i] ?? undefined);
  }

  push(entry: OutboxEntry): OutboxEntry {
    const frozen = freezeEntry(entry);
    this.#slotOf.set(frozen.key, this.#slots.length);
    this.#slots.push(frozen);
    this.#counts[frozen.state.kind]++;
    return frozen;
  }

  remove(key: string): void {
    const i = this.#slotOf.get(key);
    if (i === undefined) return;
    const gone = this.#slots[i]!;
    this.#slots[i] = null;
    this.#slotOf.delete(key);
    this.#counts[gone.state.kind]--;
    if (this.#slotOf.size === 0) {
      this.#slots = [];
      this.#head = this.#holes = 0;
      return;
    }
    if (i !== this.#head) {
      this.#holes++;
    } else {
      this.#head++;
      while (this.#slots[this.#head] === null) {
        this.#head++;
        this.#holes--;
      }
    }
    if (this.#holes > Math.max(MIN_HOLES_TO_COMPACT, this.#slotOf.size >> 3) || this.#head > Math.max(MIN_HOLES_TO_COMPACT, this.#slotOf.size)) {
      this.#compact();
    }
  }

  /** The entry `key` with a new state (a new frozen object, in the same place). */
  setState(key: string, state: OutboxEntryState): OutboxEntry {
    const i = this.#slotOf.get(key)!;
    const before = this.#slots[i]!;
    const next = freezeEntry({ ...before, state });
    this.#slots[i] = next;
    this.#counts[before.state.kind]--;
    this.#counts[state.kind]++;
    return next;
  }

  reset(entries: readonly OutboxEntry[]): void {
    this.#slots = [];
    this.#head = this.#holes = 0;
    this.#slotOf.clear();
    this.#counts.pending = this.#counts.sending = this.#counts.failed = 0;
    for (const e of entries) this.push(e);
  }

  /** Whether anything is still to be sent (pending or sending; failed entries wait for the user). */
  hasWaiting(): boolean {
    return this.#counts.pending + this.#counts.sending > 0;
  }

  /** Counts by state; `done` acknowledged since the outbox last drained. */
  progress(done: number): OutboxProgress {
    const { pending, sending, failed } = this.#counts;
    return { pending, sending, failed, done, total: done + pending + sending };
  }

  #compact(): void {
    const live: OutboxEntry[] = [];
    for (const e of this.values()) {
      this.#slotOf.set(e.key, live.length);
      live.push(e);
    }
    this.#slots = live;
    this.#head = this.#holes = 0;
  }
}

export function freezeEntry(entry: OutboxEntry): OutboxEntry {
  Object.freeze(entry.action);
  const s = entry.state;
  if (s.kind === 'failed') Object.freeze(s.error);
  if (s.kind === 'pending' && s.lastError) Object.freeze(s.lastError);
  Object.freeze(s);
  return Object.freeze(entry);
}
