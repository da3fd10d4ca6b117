/**
 * The inbox's optimistic overlay: the outbox's waiting entries, indexed so an item finds the ones that touch it
 * without a scan, and the rule for how an item looks with them applied (a like shows at once, a mark-read hides the
 * unread dot at once). Failed entries are not part of it: the item shows the server's truth again.
 */
import { actionTarget } from '../../shared/actions';
import type { InboxItem } from '../../shared/inbox';
import { itemKey } from '../../shared/inbox';
import type { OutboxEntry } from '../../shared/outbox';
import { coveredBy, type ServerItem } from './inbox-item';

export class PendingOverlay {
  #entries: OutboxEntry[] = [];
  /** The same entries indexed by item key, and the source-wide ones (mark all read, target '*') by source. */
  readonly #byItem = new Map<string, OutboxEntry[]>();
  readonly #bySource = new Map<string, OutboxEntry[]>();

  /** The entries now in the overlay. */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /** Replace the overlay with the entries still waiting (failed ones are left out); returns those. */
  set(entries: readonly OutboxEntry[]): OutboxEntry[] {
    this.#entries = entries.filter((e) => e.state.kind !== 'failed');
    this.#byItem.clear();
    this.#bySource.clear();
    for (const e of this.#entries) {
      const target = actionTarget(e.action);
      const [map, key] = target === '*' ? [this.#bySource, e.sourceId] : [this.#byItem, itemKey(e.sourceId, target)];
      const list = map.get(key) ?? [];
      list.push(e);
      map.set(key, list);
    }
    return this.#entries;
  }

  /** Keys of the items the current entries touch; a source-wide entry touches the unread items `unreadOf` gives. */
  affected(unreadOf: (sourceId: string) => Iterable<string>): string[] {
    const keys: string[] = [];
    for (const e of this.#entries) {
      const target = actionTarget(e.action);
      if (target === '*') keys.push(...unreadOf(e.sourceId));
      else keys.push(itemKey(e.sourceId, target));
    }
    return keys;
  }

  /** Whether the item shows as read: read on the server, or a mark-read waiting for it. */
  isRead(s: ServerItem): boolean {
    if (s.read || this.#entries.length === 0) return s.read;
    for (const e of this.#for(s)) {
      if (e.action.type === 'mark_read') return true;
      if (e.action.type === 'mark_all_read' && coveredBy(s.eventId, e.action.upTo)) return true;
    }
    return false;
  }

  /** The item as shown: the server's state with the waiting entries applied, and `pending` saying which. */
  view(s: ServerItem): InboxItem {
    // The server item holds only shown fields: a plain copy is the view (one copy per item, V8's fast clone).
    const view: InboxItem = { ...s };
    // Nothing waiting (nearly always, and always during a burst of live events): the copy is the view.
    if (this.#entries.length === 0) return view;
    let pendingRead = false;
    let pendingLike = false;
    let pendingComments = 0;
    for (const e of this.#for(s)) {
      const a = e.action;
      if (a.type === 'mark_all_read') {
        if (!s.read && coveredBy(s.eventId, a.upTo)) pendingRead = true;
        continue;
      }
      if (a.type === 'mark_read' && !s.read) pendingRead = true;
      if (a.type === 'like' || a.type === 'unlike') {
        // The last like/unlike in the queue wins, counted from the server's state.
        const want = a.type === 'like';
        view.liked = want;
        view.likes = s.likes + (want === s.liked ? 0 : want ? 1 : -1);
        pendingLike = want !== s.liked;
      }
      if (a.type === 'comment') pendingComments++;
    }
    if (pendingRead) view.read = true;
    view.commentCount = s.commentCount + pendingComments;
    if (pendingRead || pendingLike || pendingComments > 0) {
      view.pending = {};
      if (pendingRead) view.pending.read = true;
      if (pendingLike) view.pending.like = true;
      if (pendingComments > 0) view.pending.comments = pendingComments;
    }
    return view;
  }

  /** Waiting entries that touch this item, in queue order. */
  #for(s: ServerItem): readonly OutboxEntry[] {
    const own = this.#byItem.get(s.key);
    const all = this.#bySource.get(s.sourceId);
    if (!own) return all ?? NONE;
    if (!all) return own;
    return [...own, ...all].sort((a, b) => a.createdAt - b.createdAt);
  }
}

const NONE: readonly OutboxEntry[] = [];

