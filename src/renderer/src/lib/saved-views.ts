/**
 * Saved views of the list ("Ops, unread, priority ≥ 4"): which items a view holds, and how many, for the list's
 * view buttons. Pure functions over plain arrays, like ./inbox-list.ts. Tags compare folded (NFKC, lower case), as
 * the rules compare them (src/shared/rules-text-match.ts), so "ＣＩ" and "ci" are the same tag in both places.
 */
import type { InboxItem } from '../../../shared/inbox';
import type { SavedView, SavedViewFilter } from '../../../shared/rules';

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Folded tags per item object (items are immutable, replaced on update, so a WeakMap cache is safe). */
const foldedTags = new WeakMap<InboxItem, ReadonlySet<string>>();
function tagsOf(item: InboxItem): ReadonlySet<string> {
  let tags = foldedTags.get(item);
  if (!tags) foldedTags.set(item, (tags = new Set((item.tags ?? []).map(fold))));
  return tags;
}

export function inSavedView(item: InboxItem, filter: SavedViewFilter): boolean {
  if (filter.unreadOnly && item.read) return false;
  if (filter.sources && filter.sources.length > 0 && !filter.sources.includes(item.sourceId)) return false;
  if (filter.minPriority !== undefined && item.priority < filter.minPriority) return false;
  if (filter.tags && filter.tags.length > 0) {
    const tags = tagsOf(item);
    if (!filter.tags.every((t) => tags.has(fold(t)))) return false;
  }
  return true;
}

/** How many items each view holds, by view id: one pass over the items per view. */
export function savedViewCounts(items: readonly InboxItem[], views: readonly SavedView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const view of views) {
    let n = 0;
    for (const item of items) if (inSavedView(item, view.filter)) n++;
    counts.set(view.id, n);
  }
  return counts;
}
