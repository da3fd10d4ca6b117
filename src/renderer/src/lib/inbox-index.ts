/**
 * The window's inbox list with an index beside it: items newest first (a new array per change, for `$state.raw`),
 * a key → item map, the unread count and the items per source. A batch costs what it carries, not what the list
 * holds: a merge checks the new keys against the map instead of visiting 100 000 items, new items that are all newer
 * than the list (a catch-up, a live item) go in front with one copy, an update or removal finds its item by a
 * binary search on time, and the counts change by the difference. Plain (no runes): the store mirrors it.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';

/** Newest first; equal times keep the later arrival first (the core's order). */
export function newerFirst(a: InboxItem, b: InboxItem): number {
  return a.time === b.time ? 0 : a.time < b.time ? 1 : -1;
}

export class InboxIndex {
  #items: readonly InboxItem[] = [];
  readonly #byKey = new Map<string, InboxItem>();
  readonly #perSource = new Map<string, number>();
  #unread = 0;

  get items(): readonly InboxItem[] {
    return this.#items;
  }
  get unread(): number {
    return this.#unread;
  }
  /** Sources that have items in the list (a new Set only when it changes). */
  get sourceIds(): ReadonlySet<string> {
    return this.#sourceIds;
  }
  #sourceIds: ReadonlySet<string> = new Set();

  get(key: string): InboxItem | undefined {
    return this.#byKey.get(key);
  }

  /** Replace everything (a snapshot, trusted to be newest first). */
  load(items: readonly InboxItem[]): void {
    this.#items = items;
    this.#byKey.clear();
    this.#perSource.clear();
    this.#unread = 0;
    for (const i of items) this.#enter(i);
    this.#sourceIds = new Set(this.#perSource.keys());
  }

  /**
   * Apply one batch as if its changes came one by one (`reset` is the store's: it reloads). Returns the item objects
   * that entered the list (new or replacing), e.g. for the search text; `items` is a new array if anything changed.
   */
  apply(changes: readonly InboxChange[]): InboxItem[] {
    const entered: InboxItem[] = [];
    const sources = this.#perSource.size;
    let sourcesLeft = false;
    // Adjacent changes of one kind go in one step (a catch-up is runs of `added`).
    for (let i = 0; i < changes.length; ) {
      const kind = changes[i]!.kind;
      let j = i;
      while (j < changes.length && changes[j]!.kind === kind) j++;
      const run = changes.slice(i, j);
      i = j;
      if (kind === 'added') this.#add(run.flatMap((c) => (c.kind === 'added' ? c.items : [])), entered);
      else if (kind === 'updated') this.#update(run.flatMap((c) => (c.kind === 'updated' ? c.items : [])), entered);
      else if (kind === 'removed') sourcesLeft = this.#remove(run.flatMap((c) => (c.kind === 'removed' ? c.keys : []))) || sourcesLeft;
    }
    if (sourcesLeft || this.#perSource.size !== sources) this.#sourceIds = new Set(this.#perSource.keys());
    return entered;
  }

  #enter(item: InboxItem): void {
    this.#byKey.set(item.key, item);
    if (!item.read) this.#unread++;
    this.#perSource.set(item.sourceId, (this.#perSource.get(item.sourceId) ?? 0) + 1);
  }

  /** Returns true when a source has no items left. */
  #leave(item: InboxItem): boolean {
    this.#byKey.delete(item.key);
    if (!item.read) this.#unread--;
    const left = (this.#perSource.get(item.sourceId) ?? 1) - 1;
    if (left > 0) this.#perSource.set(item.sourceId, left);
    else this.#perSource.delete(item.sourceId);
    return left <= 0;
  }

  /** Merge new items: the first arrival of a key wins; one copy of the list, or one merge pass if some are older. */
  #add(added: readonly InboxItem[], entered: InboxItem[]): void {
    const fresh: InboxItem[] = [];
    for (const item of added) {
      if (this.#byKey.has(item.key)) continue;
      this.#enter(item);
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    for (const item of fresh) entered.push(item);
    // A batch arrives oldest first: reverse so later arrivals come first among equal times, then sort stably.
    fresh.reverse().sort(newerFirst);
    const items = this.#items;
    // Ties go to the fresh item: it arrived later.
    if (items.length === 0 || newerFirst(fresh[fresh.length - 1]!, items[0]!) <= 0) {
      this.#items = fresh.concat(items);
      return;
    }
    const out: InboxItem[] = new Array(items.length + fresh.length);
    let a = 0;
    let b = 0;
    let k = 0;
    while (a < fresh.length && b < items.length) out[k++] = newerFirst(fresh[a]!, items[b]!) <= 0 ? fresh[a++]! : items[b++]!;
    while (a < fresh.length) out[k++] = fresh[a++]!;
    while (b < items.length) out[k++] = items[b++]!;
    this.#items = out;
  }

  /** Replace items in place (later updates of one item win); items not in the list are ignored. */
  #update(updated: readonly InboxItem[], entered: InboxItem[]): void {
    const byKey = new Map<string, InboxItem>();
    for (const item of updated) if (this.#byKey.has(item.key)) byKey.set(item.key, item);
    if (byKey.size === 0) return;
    const out = this.#items.slice();
    for (const [key, next] of byKey) {
      const old = this.#byKey.get(key)!;
      out[positionOf(out, old)] = next;
      this.#leave(old);
      this.#enter(next);
      entered.push(next);
    }
    this.#items = out;
  }

  /** Drop items by key; returns true when a source has no items left. */
  #remove(keys: readonly string[]): boolean {
    const at: number[] = [];
    let sourceLeft = false;
    for (const key of keys) {
      const old = this.#byKey.get(key);
      if (!old) continue;
      at.push(positionOf(this.#items, old));
      sourceLeft = this.#leave(old) || sourceLeft;
    }
    if (at.length === 0) return sourceLeft;
    at.sort((x, y) => x - y);
    const items = this.#items;
    const out: InboxItem[] = new Array(items.length - at.length);
    let k = 0;
    let from = 0;
    for (const p of at) {
      for (let i = from; i < p; i++) out[k++] = items[i]!;
      from = p + 1;
    }
    for (let i = from; i < items.length; i++) out[k++] = items[i]!;
    this.#items = out;
    return sourceLeft;
  }
}

/** Where `item` (an object in the list) stands: a binary search on time, then its equal-time neighbours. */
function positionOf(items: readonly InboxItem[], item: InboxItem): number {
  let lo = 0;
  let hi = items.length;
  // The first position whose time is not newer than the item's.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.time > item.time) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < items.length && items[i]!.time === item.time; i++) if (items[i] === item) return i;
  // Only if the list was not in time order after all (a snapshot is trusted, not checked): look everywhere.
  return items.indexOf(item);
}
