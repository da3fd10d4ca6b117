/**
 * The inbox's order and its eviction queue, kept up to date per change instead of re-sorted per change.
 *
 * - `#byAge`: every item, oldest first by (time, insertion seq). A live event is the newest and is pushed at the end;
 *   the display order (newest first) and the cache snapshot read it from the end.
 * - `#readQueue`: a min-heap by the same key over items the server has marked read — the cap drops the oldest read
 *   item first. Entries are dropped lazily: one whose item is gone when it reaches the top is skipped, and the heap
 *   is rebuilt when stale entries outnumber live ones (amortized O(1)).
 * With no read item left, the oldest item of all is `#byAge[0]`.
 *
 * Cost per change: O(log n) for the heap, plus an array splice when an item leaves from the middle (a memmove, not
 * a comparison sort; the common cases — newest in, oldest out — touch the ends).
 */

/** What the order needs to know of an item: its entry's insertion number and the item's time and read state. `time`
 * and `seq` never change once the item exists. */
export interface Ordered {
  readonly item: { readonly time: string; readonly read: boolean };
  readonly seq: number;
}

/** Older first: earlier time, then earlier insertion. */
export function olderFirst(a: Ordered, b: Ordered): number {
  const at = a.item.time;
  const bt = b.item.time;
  if (at !== bt) return at < bt ? -1 : 1;
  return a.seq - b.seq;
}

export class InboxOrder<T extends Ordered> {
  #byAge: T[] = [];
  /** `#byAge[0..#head)` are gone: dropping the oldest is an index bump, not a memmove of the whole list. */
  #head = 0;
  #readQueue: T[] = [];
  /** Whether an item is still here: the owner's map lookup. */
  readonly #isLive: (item: T) => boolean;

  constructor(isLive: (item: T) => boolean) {
    this.#isLive = isLive;
  }

  get size(): number {
    return this.#byAge.length - this.#head;
  }

  add(item: T): void {
    const list = this.#byAge;
    const last = list.length > this.#head ? list[list.length - 1] : undefined;
    if (last === undefined || olderFirst(last, item) < 0) list.push(item);
    else list.splice(this.#lowerBound(item), 0, item);
    if (item.item.read) this.markedRead(item);
  }

  /** The server marked the item read: it becomes a candidate for eviction before any unread one. */
  markedRead(item: T): void {
    heapPush(this.#readQueue, item);
    if (this.#readQueue.length > 2 * this.size + 1024) this.#rebuildReadQueue();
  }

  remove(item: T): void {
    const list = this.#byAge;
    if (list[this.#head] === item) {
      list[this.#head++] = undefined as unknown as T;
      if (this.#head > 1024 && this.#head * 2 > list.length) {
        this.#byAge = list.slice(this.#head);
        this.#head = 0;
      }
      return;
    }
    const i = this.#lowerBound(item);
    if (list[i] === item) list.splice(i, 1);
  }

  /** The item the cap drops next: the oldest read one, else the oldest. Does not remove it. */
  nextVictim(): T | undefined {
    const q = this.#readQueue;
    while (q.length > 0) {
      const top = q[0]!;
      if (this.#isLive(top) && top.item.read) return top;
      heapPop(q);
    }
    return this.#byAge[this.#head];
  }

  /** Newest first, at most `limit`. */
  newest(limit = Infinity): T[] {
    const list = this.#byAge;
    const out: T[] = [];
    for (let i = list.length - 1; i >= this.#head && out.length < limit; i--) out.push(list[i]!);
    return out;
  }

  #lowerBound(item: T): number {
    const list = this.#byAge;
    let lo = this.#head;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (olderFirst(list[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #rebuildReadQueue(): void {
    const live = this.#readQueue.filter((x) => this.#isLive(x) && x.item.read);
    const unique = [...new Set(live)];
    this.#readQueue = [];
    for (const x of unique) heapPush(this.#readQueue, x);
  }
}

function heapPush<T extends Ordered>(heap: T[], item: T): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (olderFirst(heap[parent]!, heap[i]!) <= 0) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapPop<T extends Ordered>(heap: T[]): T | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && olderFirst(heap[l]!, heap[m]!) < 0) m = l;
    if (r < heap.length && olderFirst(heap[r]!, heap[m]!) < 0) m = r;
    if (m === i) break;
    [heap[m], heap[i]] = [heap[i]!, heap[m]!];
    i = m;
  }
  return top;
}
