/**
 * The inbox as the window shows it: items newest first (replaced wholesale per batch: `$state.raw`), the unread
 * count and the filtered view derived from them. Changes come only through `load` and `apply`.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';
import type { InboxFilter } from '../lib/inbox-list';
import { NO_FILTER, applyChanges, countUnread, filterItems, isFiltering } from '../lib/inbox-list';

export class InboxStore {
  #items = $state.raw<readonly InboxItem[]>([]);
  #filter = $state.raw<InboxFilter>(NO_FILTER);
  #visible = $derived(filterItems(this.#items, this.#filter));
  #unread = $derived(countUnread(this.#items));
  /** Sources with several entries get a label on each row. */
  #sourceIds = $derived(new Set(this.#items.map((i) => i.sourceId)));

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
  }

  /** Apply one batch of changes. Returns true when the batch asked for a reload (`reset`). */
  apply(changes: readonly InboxChange[]): boolean {
    const next = applyChanges(this.#items, changes);
    if (next !== this.#items) this.#items = next;
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
