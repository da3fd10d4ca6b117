/**
 * Bounded memory of delivered event ids, one per source. A reconnect, a transport switch or a history catch-up may
 * replay events already delivered; this set drops them. It keeps only the most recent `capacity` ids (a ring buffer
 * beside a Set), which is plenty: replays overlap the recent past, never the distant one, and memory stays flat for a
 * client that runs for months.
 */
export class SeenIds {
  readonly #capacity: number;
  readonly #ring: (string | undefined)[];
  readonly #set = new Set<string>();
  #next = 0;

  constructor(capacity = 5000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
    this.#ring = new Array<string | undefined>(capacity);
  }

  get size(): number {
    return this.#set.size;
  }

  has(id: string): boolean {
    return this.#set.has(id);
  }

  /** Remember `id`. Returns false when it was already known (a duplicate), true when it is new. */
  add(id: string): boolean {
    // One lookup for "known?" and "remember": the set grows only when the id is new.
    const size = this.#set.size;
    this.#set.add(id);
    if (this.#set.size === size) return false;
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#set.delete(evicted);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.#capacity;
    return true;
  }

  /** Keep only the items whose id is new, remembering them; order is kept, duplicates inside `items` drop too. */
  filter<T extends { id: string }>(items: readonly T[]): T[] {
    return items.filter((item) => this.add(item.id));
  }

  /** Forget everything (the server lost its data and restarted its ids). */
  clear(): void {
    this.#set.clear();
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}
