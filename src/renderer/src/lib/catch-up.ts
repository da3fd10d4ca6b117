/**
 * Inbox batches from main, applied in slices so a catch-up of 100 000 events never freezes the window: each slice
 * holds at most `budget` items (a big `added` change is split), is applied as one batch, and the next slice waits
 * for the next task — input and paint get their turn in between. A small batch arriving while nothing waits is
 * applied at once, in the same task, so live items show without delay. Order is kept: a batch never overtakes one
 * still waiting. Background work (older pages of a big inbox) waits behind live batches: it only fills the list
 * further down, and a new item must not queue behind 100 000 old ones.
 */
import type { InboxChange } from '../../../shared/inbox';

/** Items per slice: one slice is a few passes over the list (merge, derived counts) plus one render. */
export const CATCH_UP_BUDGET = 4000;

export interface CatchUpOptions {
  apply(changes: InboxChange[]): void;
  /** Run `fn` in a later task. Default: setTimeout 0. */
  schedule?: (fn: () => void) => void;
  budget?: number;
}

export class CatchUpQueue {
  readonly #apply: (changes: InboxChange[]) => void;
  readonly #schedule: (fn: () => void) => void;
  readonly #budget: number;
  #waiting: InboxChange[] = [];
  #background: InboxChange[] = [];
  #drained: Array<() => void> = [];
  #scheduled = false;
  #disposed = false;

  constructor(options: CatchUpOptions) {
    this.#apply = options.apply;
    this.#schedule = options.schedule ?? ((fn) => setTimeout(fn, 0));
    this.#budget = Math.max(1, options.budget ?? CATCH_UP_BUDGET);
  }

  /** Changes still waiting for a slice. */
  get pending(): number {
    return this.#waiting.length + this.#background.length;
  }

  push(changes: readonly InboxChange[], options: { background?: boolean } = {}): void {
    if (this.#disposed || changes.length === 0) return;
    (options.background ? this.#background : this.#waiting).push(...changes);
    if (!this.#scheduled) this.#run();
  }

  /** Resolves once no background work waits (at once if none does). */
  drained(): Promise<void> {
    if (this.#background.length === 0 || this.#disposed) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  dispose(): void {
    this.#disposed = true;
    this.#waiting = [];
    this.#background = [];
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  #run(): void {
    this.#scheduled = false;
    if (this.#disposed) return;
    const slice = this.#take();
    if (slice.length > 0) this.#apply(slice);
    if (this.#background.length === 0) for (const resolve of this.#drained.splice(0)) resolve();
    if (this.pending > 0 && !this.#disposed) {
      this.#scheduled = true;
      this.#schedule(() => this.#run());
    }
  }

  /** The next slice: whole changes while they fit the budget; a large `added` is cut to fill it. */
  #take(): InboxChange[] {
    const queue = this.#waiting.length > 0 ? this.#waiting : this.#background;
    const slice: InboxChange[] = [];
    let room = this.#budget;
    while (queue.length > 0 && room > 0) {
      const next = queue[0]!;
      const size = weight(next);
      if (size <= room) {
        slice.push(next);
        queue.shift();
        room -= size;
      } else if (next.kind === 'added') {
        slice.push({ kind: 'added', items: next.items.slice(0, room) });
        queue[0] = { kind: 'added', items: next.items.slice(room) };
        room = 0;
      } else if (slice.length === 0) {
        // Too big to cut (an update or removal of many items): it goes alone.
        slice.push(next);
        queue.shift();
        room = 0;
      } else break;
    }
    return slice;
  }
}

function weight(change: InboxChange): number {
  switch (change.kind) {
    case 'added':
    case 'updated':
      return Math.max(1, change.items.length);
    case 'removed':
      return Math.max(1, change.keys.length);
    default:
      return 1;
  }
}
