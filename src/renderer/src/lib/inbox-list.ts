/**
 * Filtering and search for the inbox store (batches are applied by ./inbox-index.ts). Kept outside the store so they
 * run on plain arrays (fast for 100 000 items, no proxies) and are easy to test.
 */
import type { InboxItem } from '../../../shared/inbox';
import type { SavedView } from '../../../shared/rules';
import { foldTag, LocalRules } from './rule-outcomes';
import { inSavedView } from './saved-views';

const NO_RULES = LocalRules.NONE;

export type ReadFilter = 'all' | 'unread';
export type KindFilter = 'all' | 'notification' | 'system';

export interface InboxFilter {
  read: ReadFilter;
  kind: KindFilter;
  /** 1 = any priority. */
  minPriority: number;
  /** Case-insensitive text in the title, the body or a tag (the item's own, or one a rule added); '' = no search. */
  query: string;
  /** A saved view chosen above the filters (null: all items); the other filters narrow it further. */
  view: SavedView | null;
  /** Exactly these items (a digest's click), or null. */
  only: ReadonlySet<string> | null;
}

export const NO_FILTER: InboxFilter = { read: 'all', kind: 'all', minPriority: 1, query: '', view: null, only: null };

export function isFiltering(f: InboxFilter): boolean {
  return f.read !== 'all' || f.kind !== 'all' || f.minPriority > 1 || f.query.trim() !== '' || f.view !== null || f.only !== null;
}

/** What a search looks in: the title and body lower-cased, the tags folded as rules compare them (case and width). */
interface Haystack {
  text: string;
  tags: string;
}

/** Search text per item object (items are immutable, replaced on update, so a WeakMap cache is safe). */
const haystacks = new WeakMap<InboxItem, Haystack>();
function haystack(item: InboxItem): Haystack {
  let h = haystacks.get(item);
  if (h === undefined) {
    h = { text: `${item.title}\n${item.body}`.toLocaleLowerCase(), tags: item.tags?.length ? foldTag(item.tags.join('\n')) : '' };
    haystacks.set(item, h);
  }
  return h;
}

/** The search, once per filtering: the text as typed (lower-cased), folded for tags, and whether a rule can add a tag holding it. */
interface Needle {
  text: string;
  tag: string;
  local: LocalRules | null;
}

function needleOf(query: string, rules: LocalRules | undefined): Needle {
  const text = query.trim().toLocaleLowerCase();
  const tag = foldTag(query.trim());
  // Only when some rule adds a tag that holds the text are the rules asked about items: any other search costs none.
  return { text, tag, local: rules && tag !== '' && rules.mayAddTagHolding(tag) ? rules : null };
}

function found(item: InboxItem, n: Needle): boolean {
  const h = haystack(item);
  if (h.text.includes(n.text) || h.tags.includes(n.tag)) return true;
  return n.local !== null && n.local.outcomeOf(item).tags.some((t) => foldTag(t).includes(n.tag));
}

/** A filter's result, to narrow from when the next filter only narrows it (the same list, a longer query). */
export interface FilterResult {
  items: readonly InboxItem[];
  filter: InboxFilter;
  rules?: LocalRules | undefined;
  result: readonly InboxItem[];
}

/** The next keystroke of a search only narrows the last result: filter that (a few items) instead of the whole list. */
function narrows(prev: FilterResult | undefined, items: readonly InboxItem[], f: InboxFilter, rules: LocalRules | undefined): prev is FilterResult {
  if (!prev || prev.items !== items || prev.rules !== rules) return false;
  const p = prev.filter;
  return p.read === f.read && p.kind === f.kind && p.minPriority === f.minPriority && p.view === f.view && p.only === f.only && f.query.trim().toLocaleLowerCase().includes(p.query.trim().toLocaleLowerCase());
}

/** Build the search text of up to `budget` items (from the end of `items`, which it shortens), so the first keystroke finds it ready. */
export function warmSearch(items: InboxItem[], budget: number): void {
  for (let n = 0; n < budget && items.length > 0; n++) haystack(items.pop()!);
}

/** `rules`: what the rules add to items (local tags, routing) for saved views; none given, nothing. */
export function filterItems(items: readonly InboxItem[], f: InboxFilter, previous?: FilterResult, rules?: LocalRules): readonly InboxItem[] {
  if (!isFiltering(f)) return items;
  const needle = needleOf(f.query, rules);
  const from = narrows(previous, items, f, rules) ? previous.result : items;
  const view = f.view;
  return from.filter(
    (i) =>
      (f.read === 'all' || !i.read) &&
      (f.kind === 'all' || i.kind === f.kind) &&
      i.priority >= f.minPriority &&
      (view === null || inSavedView(i, view, (rules ?? NO_RULES).outcomeOf(i))) &&
      (f.only === null || f.only.has(i.key)) &&
      (needle.text === '' || found(i, needle)),
  );
}
