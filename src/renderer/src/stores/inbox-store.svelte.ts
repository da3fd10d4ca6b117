/**
 * The inbox as the window shows it: items newest first (replaced wholesale per batch: `$state.raw`), the unread
 * count and the filtered view derived from them. Changes come only through `load` and `apply`.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';
import type { InboxFilter } from '../lib/inbox-list';
import { NO_FILTER, applyChanges, countUnread, filterItems, isFiltering, warmSearch, type FilterResult } from '../lib/inbox-list';

/** Items whose search text is built per task while the window is idle after a load. */
const WARM_SLICE = 5000;

export class InboxStore {
  #items = $state.raw<readonly InboxItem[]>([]);
  #filter = $state.raw<InboxFilter>(NO_FILTER);
  /** The last filter's result (plain, not reactive): a longer query narrows it instead of the whole list. */
  #lastFilter: FilterResult | undefined;
  #visible = $derived(this.#filtered(this.#items, this.#filter));
  #warmTimer: ReturnType<typeof setTimeout> | undefined;
  #unread = $derived(countUnread(this.#items));
  /** Sources with several entries get a label on each row. */
  #sourceIds = $derived(sourceIdsOf(this.#items));

  get items(): readonly InboxItem[] {
    return this.#items;
  }
  /** The items after filters and search, newest first. */
  get visible(): readonly InboxItem[] {
    return this.#visible;
  }
  get unread(): number {
    return this.#unread;
  }
  get filter(): InboxFilter {
    return this.#filter;
  }
  get filtering(): boolean {
    return isFiltering(this.#filter);
  }
  get sourceIds(): ReadonlySet<string> {
    return this.#sourceIds;
  }

  /** Replace everything (a snapshot). The snapshot's order is trusted: the core sends newest first. */
  load(items: readonly InboxItem[]): void {
    this.#items = items;
    this.#warm(items, 0);
  }

  #filtered(items: readonly InboxItem[], filter: InboxFilter): readonly InboxItem[] {
    const result = filterItems(items, filter, this.#lastFilter);
    this.#lastFilter = { items, filter, result };
    return result;
  }

  /** Build the search text a slice per task, so a first search over 100 000 items does not wait for it. */
  #warm(items: readonly InboxItem[], from: number): void {
    clearTimeout(this.#warmTimer);
    if (from >= items.length) return;
    this.#warmTimer = setTimeout(() => {
      if (items !== this.#items) return;
      this.#warm(items, from + warmSearch(items, from, WARM_SLICE));
    }, 0);
  }

  /** Apply one batch of changes. Returns true when the batch asked for a reload (`reset`). */
  apply(changes: readonly InboxChange[]): boolean {
    const next = applyChanges(this.#items, changes);
    if (next !== this.#items) {
      this.#items = next;
      this.#warm(next, 0);
    }
    return changes.some((c) => c.kind === 'reset');
  }

  get(key: string): InboxItem | undefined {
    return this.#items.find((i) => i.key === key);
  }

  setFilter(patch: Partial<InboxFilter>): void {
    this.#filter = { ...this.#filter, ...patch };
  }

  clearFilter(): void {
    this.#filter = NO_FILTER;
  }
}

/** One pass, no intermediate array: this runs on every change of a 100 000-item list. */
function sourceIdsOf(items: readonly InboxItem[]): Set<string> {
  const ids = new Set<string>();
  let last: string | undefined;
  for (const i of items) {
    if (i.sourceId === last) continue;
    last = i.sourceId;
    ids.add(last);
  }
  return ids;
}
