/**
 * The inbox's server-layer item and the rules that build and compare it: an item from a delivered event, a notice
 * Herald raises itself, and "is this item covered by a mark-all-read up to X".
 */
import type { HeraldEvent } from '../shared/events';
import type { InboxItem } from '../shared/inbox';
import { itemKey } from '../shared/inbox';

/** An item as the server knows it (no optimistic overlay), plus its insertion order to break ties between equal times. */
export type ServerItem = Omit<InboxItem, 'pending'> & { seq: number };

type ItemEvent = Extract<HeraldEvent, { type: 'notification' | 'system' }>;

/** A new item from a `notification` or `system` event; nothing read, liked or commented yet. */
export function itemFromEvent(sourceId: string, e: ItemEvent, seq: number, key = itemKey(sourceId, e.data.itemId)): ServerItem {
  const item: ServerItem = {
    key,
    sourceId,
    itemId: e.data.itemId,
    eventId: e.id,
    kind: e.type,
    title: e.data.title,
    body: e.data.body,
    priority: e.data.priority,
    time: e.time,
    read: false,
    likes: 0,
    liked: false,
    commentCount: 0,
    seq,
  };
  if (e.type === 'system') item.level = e.data.level;
  else {
    if (e.data.url !== undefined) item.url = e.data.url;
    if (e.data.tags !== undefined) item.tags = e.data.tags;
    if (e.data.actions !== undefined) item.actions = e.data.actions;
    if (e.data.icon !== undefined) item.icon = e.data.icon;
    if (e.data.attachment !== undefined) item.attachment = e.data.attachment;
    if (e.data.markdown !== undefined) item.markdown = e.data.markdown;
    if (e.data.expires !== undefined) item.expires = e.data.expires;
  }
  return item;
}

/**
 * A notice Herald raises itself about a source (messages may be missing). It sorts by its time like any item and
 * counts as unread; it is never the target of a server action.
 */
export function noticeItem(sourceId: string, itemId: string, notice: Pick<InboxItem, 'title' | 'body' | 'time' | 'notice'>, seq: number): ServerItem {
  return {
    key: itemKey(sourceId, itemId),
    sourceId,
    itemId,
    // Older than any server id: "mark all read up to X" covers it.
    eventId: '0',
    kind: 'system',
    level: 'warning',
    priority: 3,
    read: false,
    likes: 0,
    liked: false,
    commentCount: 0,
    local: true,
    ...notice,
    seq,
  };
}

/** Whether "mark all read up to `upTo`" (no `upTo`: everything) covers an item created by `eventId`. */
export function coveredBy(eventId: string, upTo: string | undefined): boolean {
  return upTo === undefined || compareIds(eventId, upTo) <= 0;
}

/** Compare event ids: numerically when both are decimal (herald), else as strings (nchan `<sec>:<tag>`, ntfy). */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
