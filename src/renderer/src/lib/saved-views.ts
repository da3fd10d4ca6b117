/**
 * Saved views of the list ("Ops, unread, priority ≥ 4"): which items a view holds, and how many, for the list's
 * view buttons. Pure functions over plain arrays, like ./inbox-list.ts. Tags compare folded (NFKC, lower case), as
 * the rules compare them (src/shared/rules-text-match.ts), so "ＣＩ" and "ci" are the same tag in both places.
 */
import type { InboxItem } from '../../../shared/inbox';
import type { SavedView } from '../../../shared/rules';
import { foldTag as fold, type LocalOutcome } from './rule-outcomes';

/** Folded tags per item object (items are immutable, replaced on update, so a WeakMap cache is safe). */
const foldedTags = new WeakMap<InboxItem, ReadonlySet<string>>();
function tagsOf(item: InboxItem): ReadonlySet<string> {
  let tags = foldedTags.get(item);
  if (!tags) foldedTags.set(item, (tags = new Set((item.tags ?? []).map(fold))));
  return tags;
}

/**
 * Does the view hold the item? `local` is what the rules did to it (./rule-outcomes.ts): its local tags count like
 * the publisher's, and an item a rule routed here is in a view that takes routed items whatever its other
 * conditions, but unread only, say.
 */
export function inSavedView(item: InboxItem, view: SavedView, local: LocalOutcome): boolean {
  const filter = view.filter;
  if (filter.unreadOnly && item.read) return false;
  if (filter.includeRouted && local.view === view.id) return true;
  if (filter.sources && filter.sources.length > 0 && !filter.sources.includes(item.sourceId)) return false;
  if (filter.minPriority !== undefined && item.priority < filter.minPriority) return false;
  if (filter.tags && filter.tags.length > 0) {
    const tags = tagsOf(item);
    const has = (t: string) => tags.has(t) || local.tags.some((l) => fold(l) === t);
    if (!filter.tags.every((t) => has(fold(t)))) return false;
  }
  return true;
}

/** How many items each view holds, by view id: one pass over the items per view. */
export function savedViewCounts(items: readonly InboxItem[], views: readonly SavedView[], localOf: (item: InboxItem) => LocalOutcome): Map<string, number> {
  const counts = new Map<string, number>();
  for (const view of views) {
    let n = 0;
    for (const item of items) if (inSavedView(item, view, localOf(item))) n++;
    counts.set(view.id, n);
  }
  return counts;
}
