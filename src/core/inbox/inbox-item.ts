/**
 * The inbox's server-layer item and the rules that build and compare it: an item from a delivered event, a notice
 * Herald raises itself, and "is this item covered by a mark-all-read up to X".
 */
import type { ItemEvent } from '../../shared/events';
import type { InboxItem } from '../../shared/inbox';
import { itemKey } from '../../shared/inbox';
import { isJsonObject } from '../../shared/json';
import { isPublisherId, publisherText } from '../../shared/publisher-text';
import { notificationExtras } from '../validate-extras';

/**
 * An item as the server knows it (no optimistic overlay). It holds the shown fields only, so the view the displays
 * get is a plain copy of it (the inbox keeps its own bookkeeping — insertion order, unread mark — beside it).
 */
export type ServerItem = Omit<InboxItem, 'pending'>;


/** A new item from a `notification` or `system` event; nothing read, liked or commented yet. */
export function itemFromEvent(sourceId: string, e: ItemEvent, key = itemKey(sourceId, e.data.itemId)): ServerItem {
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
    if (e.data.sealed !== undefined) item.sealed = e.data.sealed;
  }
  return item;
}

/**
 * An item read back from the inbox cache, held to the rules of ingest (validate-event.ts): a cache written before the
 * publisher-text boundary existed, or edited by hand, may hold text or ids that never passed it. An item whose ids
 * are not plain text (or do not make its key) is left out; its text is normalised and its optional structure
 * (actions, icon, attachment, markdown, expiry) checked again. Everything else is kept as saved.
 */
export function restoredItem(value: unknown): ServerItem | null {
  if (!isJsonObject(value)) return null;
  const { key, sourceId, itemId, title, body } = value;
  if (typeof sourceId !== 'string' || !isPublisherId(itemId) || key !== itemKey(sourceId, itemId)) return null;
  if (typeof title !== 'string' || typeof body !== 'string') return null;
  const { actions: _a, icon: _i, attachment: _f, markdown: _m, expires: _e, ...rest } = value;
  const item = { ...rest, ...notificationExtras(value), title: publisherText(title, 'title'), body: publisherText(body, 'body') } as ServerItem;
  if (typeof value.url === 'string') item.url = publisherText(value.url, 'url');
  if (Array.isArray(value.tags)) item.tags = value.tags.filter((t): t is string => typeof t === 'string').map((t) => publisherText(t, 'tag'));
  // A sealed item shows nothing but its state; a state Herald does not know is not one.
  if (value.sealed === 'no_key' || value.sealed === 'undecryptable') Object.assign(item, { title: '', body: '' });
  else delete item.sealed;
  return item;
}

/**
 * A notice Herald raises itself about a source (messages may be missing). It sorts by its time like any item and
 * counts as unread; it is never the target of a server action.
 */
export function noticeItem(sourceId: string, itemId: string, notice: Pick<InboxItem, 'title' | 'body' | 'time' | 'notice'>): ServerItem {
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
