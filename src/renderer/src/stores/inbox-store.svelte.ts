/**
 * The inbox as the window shows it: items newest first (replaced wholesale per batch: `$state.raw`), the unread
 * count and the sources, kept by an index beside the list (../lib/inbox-index.ts) so a batch costs what it carries,
 * and the filtered view derived from them. Changes come only through `load` and `apply`.
 */
import type { InboxChange, InboxItem } from '../../../shared/inbox';
import type { Settings } from '../../../shared/settings';
import { InboxIndex } from '../lib/inbox-index';
import type { InboxFilter } from '../lib/inbox-list';
import { NO_FILTER, filterItems, isFiltering, warmSearch, type FilterResult } from '../lib/inbox-list';
import { LocalRules, type LocalOutcome } from '../lib/rule-outcomes';

/** Items whose search text is built per task while the window is idle after a load. */
const WARM_SLICE = 2000;

export class InboxStore {
  readonly #index = new InboxIndex();
  #items = $state.raw<readonly InboxItem[]>([]);
  #unread = $state(0);
  /**
   * The core's count (the snapshot's, then each batch's): it counts every item main holds, so a big inbox is not
   * undercounted while its older pages load. Null until one is given: then the items here are counted.
   */
  #coreUnread = $state<number | null>(null);
  /** Sources with several entries get a label on each row. */
  #sourceIds = $state.raw<ReadonlySet<string>>(new Set());
  #filter = $state.raw<InboxFilter>(NO_FILTER);
  /** The last filter's result (plain, not reactive): a longer query narrows it instead of the whole list. */
  #lastFilter: FilterResult | undefined;
  /** The settings' rules and sources' kinds, read reactively (none: no rules). */
  readonly #settings: () => Pick<Settings, 'rules' | 'sources'> | undefined;
  /** The last LocalRules (plain): settings that leave the rules as they were keep it, and its cached outcomes. */
  #lastRules = LocalRules.NONE;
  /** What the rules add to items (local tags, routing to a view): a new object only when the rules change. */
  #rules = $derived.by(() => {
    const settings = this.#settings();
    this.#lastRules = settings ? LocalRules.of(settings, this.#lastRules) : LocalRules.NONE;
    return this.#lastRules;
  });
  #visible = $derived(this.#filtered(this.#items, this.#filter, this.#rules));
  #warmTimer: ReturnType<typeof setTimeout> | undefined;
  /** Items whose search text is not built yet, the next one last. */
  #cold: InboxItem[] = [];

  constructor(settings: () => Pick<Settings, 'rules' | 'sources'> | undefined = () => undefined) {
    this.#settings = settings;
  }

  get items(): readonly InboxItem[] {
    return this.#items;
  }
  /** The items after filters and search, newest first. */
  get visible(): readonly InboxItem[] {
    return this.#visible;
  }
  get unread(): number {
    return this.#coreUnread ?? this.#unread;
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
  get rules(): LocalRules {
    return this.#rules;
  }
  /** The local tags and view the rules give this item (cached per item). */
  localOf(item: InboxItem): LocalOutcome {
    return this.#rules.outcomeOf(item);
  }

  /** Replace everything (a snapshot). The snapshot's order is trusted: the core sends newest first. */
  load(items: readonly InboxItem[], unread?: number): void {
    if (unread !== undefined) this.setUnread(unread);
    this.#index.load(items);
    this.#publish();
    this.#cold = items.slice().reverse();
    this.#warm();
  }

  /** Mirror the index into the reactive fields (each assignment only when it changed). */
  #publish(): void {
    const ix = this.#index;
    if (ix.items !== this.#items) this.#items = ix.items;
    if (ix.unread !== this.#unread) this.#unread = ix.unread;
    if (ix.sourceIds !== this.#sourceIds) this.#sourceIds = ix.sourceIds;
  }

  #filtered(items: readonly InboxItem[], filter: InboxFilter, rules: LocalRules): readonly InboxItem[] {
    const result = filterItems(items, filter, this.#lastFilter, rules);
    this.#lastFilter = { items, filter, rules, result };
    return result;
  }

  /** Build the search text a slice per task, so a first search over 100 000 items does not wait for it. */
  #warm(): void {
    if (this.#warmTimer !== undefined || this.#cold.length === 0) return;
    this.#warmTimer = setTimeout(() => {
      this.#warmTimer = undefined;
      warmSearch(this.#cold, WARM_SLICE);
      this.#warm();
    }, 0);
  }

  /** Apply one batch of changes. Returns true when the batch asked for a reload (`reset`). */
  apply(changes: readonly InboxChange[]): boolean {
    const entered = this.#index.apply(changes);
    this.#publish();
    for (const item of entered) this.#cold.push(item);
    this.#warm();
    return changes.some((c) => c.kind === 'reset');
  }

  /** The core's unread count, as main sent it with a snapshot or a batch. */
  setUnread(n: number): void {
    if (n !== this.#coreUnread) this.#coreUnread = n;
  }

  get(key: string): InboxItem | undefined {
    // Read the list so a `$derived` that looks an item up runs again when the list changes.
    void this.#items;
    return this.#index.get(key);
  }

  setFilter(patch: Partial<InboxFilter>): void {
    this.#filter = { ...this.#filter, ...patch };
  }

  clearFilter(): void {
    this.#filter = NO_FILTER;
  }
}
