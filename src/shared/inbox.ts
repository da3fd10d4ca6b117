/** The inbox as every display sees it (renderer, tray, CLI). Built by src/core/inbox/inbox.ts. */
import type { Comment, ItemEventType, NotificationData, SealedState, SystemLevel } from './events';
import type { ConnectionState, ErrorInfo } from './connection-state';
import type { SourceKindName } from './settings';
import type { LossNotice } from './notices';

/** What an item shows of the notification that made it: NotificationData's fields, one definition (not `format`: it
 * is read as `markdown`). */
type ShownFields = Pick<NotificationData, 'itemId' | 'title' | 'body' | 'priority' | 'url' | 'tags' | 'actions' | 'icon' | 'attachment' | 'markdown' | 'expires'>;

export interface InboxItem extends ShownFields {
  /** Unique across sources: `${sourceId}/${itemId}`. */
  key: string;
  sourceId: string;
  /** The event that created it (its cursor position). */
  eventId: string;
  kind: ItemEventType;
  level?: SystemLevel;
  /** ISO time the server accepted it. */
  time: string;
  read: boolean;
  likes: number;
  liked: boolean;
  commentCount: number;
  /** Optimistic state: actions queued in the outbox and not yet confirmed by the server. */
  pending?: { read?: boolean; like?: boolean; comments?: number };
  /** Raised by Herald itself (not a server): read state is kept locally, no action is ever sent for it. */
  local?: true;
  /** What a local item says, as data: displays render its words in the reader's language. */
  notice?: LossNotice;
  /** Encrypted and not opened (the event's `sealed`); absent for clear items. A key added later may open it. */
  sealed?: SealedState;
}

/** A comment as shown: `pending` until the server confirms it (then it is replaced by the server's copy). */
export interface InboxComment extends Comment {
  pending?: boolean;
  /** Outbox key of a pending comment. */
  outboxKey?: string;
}

/**
 * An item's comments as the window shows them. `stale`: the server could not be asked (why, as a code); the list is
 * what Herald last loaded plus what arrived or was written since, and may be out of date.
 */
export interface CommentsView {
  comments: InboxComment[];
  /** Earlier comments not in `comments` (at most COMMENTS_KEPT_PER_ITEM are kept); absent when none were left out. */
  omittedComments?: number;
  stale?: ErrorInfo;
}

export type InboxChange =
  | { kind: 'added'; items: InboxItem[] }
  | { kind: 'updated'; items: InboxItem[] }
  | { kind: 'removed'; keys: string[] }
  | { kind: 'comment'; itemKey: string; comment: InboxComment }
  | { kind: 'reset' };

export interface SourceStatus {
  id: string;
  label: string;
  kind: SourceKindName;
  state: ConnectionState;
  /** Malformed events skipped so far. */
  malformed: number;
  /** The server takes no actions: read state stays on this computer, and there is nothing to like or comment on. */
  actionless?: true;
  /** First load of history in progress ("loading 120/500"). */
  loading?: { done: number; total?: number };
}

export interface ConnectionSummary {
  /** The worst state among the sources: what the tray and header show. */
  overall: ConnectionState;
  sources: SourceStatus[];
}

export function itemKey(sourceId: string, itemId: string): string {
  return `${sourceId}/${itemId}`;
}

/**
 * "Mark all as read", one rule for the tray and the window: one `mark_all_read` per source with unread items,
 * bounded by the newest item of that source seen here (`upTo`), so a notification arriving while the action is in
 * flight stays unread.
 */
export function markAllReadActions(items: readonly InboxItem[]): Array<{ sourceId: string; upTo: string }> {
  const newest = new Map<string, { time: string; eventId: string }>();
  const hasUnread = new Set<string>();
  for (const item of items) {
    if (!item.read) hasUnread.add(item.sourceId);
    const cur = newest.get(item.sourceId);
    if (!cur || item.time > cur.time) newest.set(item.sourceId, { time: item.time, eventId: item.eventId });
  }
  return [...hasUnread].map((sourceId) => ({ sourceId, upTo: newest.get(sourceId)!.eventId }));
}
