/** "Mark all as read" from the tray, by the rule the window uses too (markAllReadActions in src/shared/inbox.ts). */
import type { HeraldClient } from '../core/herald-client';
import { markAllReadActions } from '../shared/inbox';

export function markAllRead(client: Pick<HeraldClient, 'items' | 'act'>): number {
  const actions = markAllReadActions(client.items());
  for (const { sourceId, upTo } of actions) client.act(sourceId, { type: 'mark_all_read', upTo });
  return actions.length;
}
