/**
 * The one rule for how many comments of an item Herald holds (issue 19: a publisher can send any number): the
 * newest COMMENTS_KEPT_PER_ITEM, oldest first, and a count of those left out so the window can say so. Shared: the
 * core applies it to the item answer, live comments and the merged view; the renderer to comments arriving live.
 */
import { COMMENTS_KEPT_PER_ITEM } from './stream-limits';

export interface KeptComments<T> {
  /** The newest, oldest first. */
  kept: T[];
  /** How many older ones were left out. */
  omitted: number;
}

/** The last `limit` of a list in oldest-first order (a copy), and how many came before them. */
export function keepNewest<T>(list: readonly T[], limit: number = COMMENTS_KEPT_PER_ITEM): KeptComments<T> {
  const omitted = Math.max(0, list.length - limit);
  return { kept: list.slice(omitted), omitted };
}

/**
 * Collects an oldest-first stream of comments of unknown length while holding at most twice the limit: older ones
 * are dropped in batches (each dropped once, so the work stays linear in the input) and counted.
 */
export class NewestCollector<T> {
  readonly #limit: number;
  #kept: T[] = [];
  #seen = 0;

  constructor(limit: number = COMMENTS_KEPT_PER_ITEM) {
    this.#limit = limit;
  }

  add(value: T): void {
    this.#seen++;
    this.#kept.push(value);
    if (this.#kept.length >= 2 * this.#limit) this.#kept = this.#kept.slice(-this.#limit);
  }

  result(): KeptComments<T> {
    const kept = this.#kept.slice(-this.#limit);
    return { kept, omitted: this.#seen - kept.length };
  }
}
