/**
 * "Mark all as read" from the tray: one `mark_all_read` per source with unread items, bounded by the newest item
 * seen (`upTo`), so a notification arriving while the action is in flight stays unread.
 */
import type { HeraldClient } from '../core/api';

export function markAllRead(client: Pick<HeraldClient, 'items' | 'act'>): number {
  const newest = new Map<string, { time: string; eventId: string }>();
  const hasUnread = new Set<string>();
  for (const item of client.items()) {
    if (!item.read) hasUnread.add(item.sourceId);
    const cur = newest.get(item.sourceId);
    if (!cur || item.time > cur.time) newest.set(item.sourceId, { time: item.time, eventId: item.eventId });
  }
  for (const sourceId of hasUnread) {
    const upTo = newest.get(sourceId)?.eventId;
    client.act(sourceId, upTo ? { type: 'mark_all_read', upTo } : { type: 'mark_all_read' });
  }
  return hasUnread.size;
}
