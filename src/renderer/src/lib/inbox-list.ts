/**
 * Pure list operations for the inbox store: applying a batch of InboxChange to a newest-first array, and filtering.
 * Kept outside the store so they run on plain arrays (fast for 100 000 items, no proxies) and are easy to test.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';

/** Newest first; equal times keep the later arrival first (the core's order). */
function newerFirst(a: InboxItem, b: InboxItem): number {
  return a.time === b.time ? 0 : a.time < b.time ? 1 : -1;
}

/**
 * Apply one batch. Returns the same array when nothing changed (so a `$state.raw` assignment can be skipped).
 * `reset` is not handled here: the store reloads a snapshot for it.
 */
export function applyChanges(items: readonly InboxItem[], changes: readonly InboxChange[]): readonly InboxItem[] {
  let out = items;
  // Adjacent changes of one kind go in one pass over the list (a catch-up is runs of `added`): O(n) per run, not per change.
  for (let i = 0; i < changes.length; ) {
    const kind = changes[i]!.kind;
    let j = i;
    while (j < changes.length && changes[j]!.kind === kind) j++;
    const run = changes.slice(i, j);
    i = j;
    switch (kind) {
      case 'added':
        out = mergeAdded(out, run.flatMap((c) => (c.kind === 'added' ? c.items : [])));
        break;
      case 'updated': {
        // Later updates of the same item win.
        const byKey = new Map<string, InboxItem>();
        for (const c of run) if (c.kind === 'updated') for (const it of c.items) byKey.set(it.key, it);
        if (byKey.size === 0) break;
        out = out.map((it) => byKey.get(it.key) ?? it);
        break;
      }
      case 'removed': {
        const gone = new Set(run.flatMap((c) => (c.kind === 'removed' ? c.keys : [])));
        if (gone.size === 0) break;
        out = out.filter((it) => !gone.has(it.key));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Merge new items into a newest-first list in O(n): sort the (few) new ones, then one merge pass. */
function mergeAdded(items: readonly InboxItem[], added: readonly InboxItem[]): readonly InboxItem[] {
  if (added.length === 0) return items;
  // The first arrival of a key wins, as if the batches had been applied one by one. Only the (few) new keys go in a
  // set: the list is checked against it, so a merge into 100 000 items allocates nothing per existing item.
  const incoming = new Map<string, InboxItem>();
  for (const i of added) if (!incoming.has(i.key)) incoming.set(i.key, i);
  for (const i of items) if (incoming.has(i.key)) incoming.delete(i.key);
  const fresh = [...incoming.values()];
  // A batch arrives oldest first: reverse so later arrivals come first among equal times, then sort stably.
  fresh.reverse().sort(newerFirst);
  if (fresh.length === 0) return items;
  const out: InboxItem[] = new Array(items.length + fresh.length);
  let a = 0;
  let b = 0;
  let k = 0;
  while (a < fresh.length && b < items.length) {
    // Ties go to the fresh item: it arrived later.
    out[k++] = newerFirst(fresh[a]!, items[b]!) <= 0 ? fresh[a++]! : items[b++]!;
  }
  while (a < fresh.length) out[k++] = fresh[a++]!;
  while (b < items.length) out[k++] = items[b++]!;
  return out;
}

export type ReadFilter = 'all' | 'unread';
export type KindFilter = 'all' | 'notification' | 'system';

export interface InboxFilter {
  read: ReadFilter;
  kind: KindFilter;
  /** 1 = any priority. */
  minPriority: number;
  /** Case-insensitive text in the title or body; '' = no search. */
  query: string;
}

export const NO_FILTER: InboxFilter = { read: 'all', kind: 'all', minPriority: 1, query: '' };

export function isFiltering(f: InboxFilter): boolean {
  return f.read !== 'all' || f.kind !== 'all' || f.minPriority > 1 || f.query.trim() !== '';
}

/** Lower-cased search text per item object (items are immutable, replaced on update, so a WeakMap cache is safe). */
const haystacks = new WeakMap<InboxItem, string>();
function haystack(item: InboxItem): string {
  let h = haystacks.get(item);
  if (h === undefined) {
    h = `${item.title}\n${item.body}`.toLocaleLowerCase();
    haystacks.set(item, h);
  }
  return h;
}

/** A filter's result, to narrow from when the next filter only narrows it (the same list, a longer query). */
export interface FilterResult {
  items: readonly InboxItem[];
  filter: InboxFilter;
  result: readonly InboxItem[];
}

/** The next keystroke of a search only narrows the last result: filter that (a few items) instead of the whole list. */
function narrows(prev: FilterResult | undefined, items: readonly InboxItem[], f: InboxFilter): prev is FilterResult {
  if (!prev || prev.items !== items) return false;
  const p = prev.filter;
  return p.read === f.read && p.kind === f.kind && p.minPriority === f.minPriority && f.query.trim().toLocaleLowerCase().includes(p.query.trim().toLocaleLowerCase());
}

/** Build the search text of up to `budget` items not yet searched, so the first keystroke finds it ready. Returns how many were built. */
export function warmSearch(items: readonly InboxItem[], from: number, budget: number): number {
  const end = Math.min(items.length, from + budget);
  for (let i = from; i < end; i++) haystack(items[i]!);
  return end - from;
}

export function filterItems(items: readonly InboxItem[], f: InboxFilter, previous?: FilterResult): readonly InboxItem[] {
  if (!isFiltering(f)) return items;
  const needle = f.query.trim().toLocaleLowerCase();
  const from = narrows(previous, items, f) ? previous.result : items;
  return from.filter(
    (i) =>
      (f.read === 'all' || !i.read) &&
      (f.kind === 'all' || i.kind === f.kind) &&
      i.priority >= f.minPriority &&
      (needle === '' || haystack(i).includes(needle)),
  );
}

export function countUnread(items: readonly InboxItem[]): number {
  let n = 0;
  for (const i of items) if (!i.read) n++;
  return n;
}
