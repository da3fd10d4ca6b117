/**
 * The outbox's entries in enqueue order, also by key. Entry objects are frozen and replaced on every change, so
 * the list (and any entry) can be handed out as it is: a reader never sees one change under it.
 */
import type { OutboxEntry, OutboxEntryState, OutboxProgress } from '../../shared/outbox';

export class OutboxEntries {
  #list: OutboxEntry[] = [];
  readonly #byKey = new Map<string, OutboxEntry>();

  /** Every entry in enqueue order; the live array, for reading only (the writer and the lanes read it per change). */
  get all(): readonly OutboxEntry[] {
    return this.#list;
  }

  get length(): number {
    return this.#list.length;
  }

  get(key: string): OutboxEntry | undefined {
    return this.#byKey.get(key);
  }

  /** Position in enqueue order, -1 when absent. */
  indexOf(key: string): number {
    return this.#list.findIndex((e) => e.key === key);
  }

  at(i: number): OutboxEntry | undefined {
    return this.#list[i];
  }

  push(entry: OutboxEntry): OutboxEntry {
    const frozen = freezeEntry(entry);
    this.#list.push(frozen);
    this.#byKey.set(frozen.key, frozen);
    return frozen;
  }

  removeAt(i: number): void {
    const [gone] = this.#list.splice(i, 1);
    if (gone) this.#byKey.delete(gone.key);
  }

  /** The entry at `i` with a new state (a new frozen object). */
  setState(i: number, state: OutboxEntryState): OutboxEntry {
    const next = freezeEntry({ ...this.#list[i]!, state });
    this.#list[i] = next;
    this.#byKey.set(next.key, next);
    return next;
  }

  reset(entries: readonly OutboxEntry[]): void {
    this.#list = entries.map(freezeEntry);
    this.#byKey.clear();
    for (const e of this.#list) this.#byKey.set(e.key, e);
  }

  /** Whether anything is still to be sent (pending or sending; failed entries wait for the user). */
  hasWaiting(): boolean {
    return this.#list.some((e) => e.state.kind !== 'failed');
  }

  /** Counts by state; `done` acknowledged since the outbox last drained. */
  progress(done: number): OutboxProgress {
    let pending = 0;
    let sending = 0;
    let failed = 0;
    for (const e of this.#list) {
      if (e.state.kind === 'pending') pending++;
      else if (e.state.kind === 'sending') sending++;
      else failed++;
    }
    return { pending, sending, failed, done, total: done + pending + sending };
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
