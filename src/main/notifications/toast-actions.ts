/**
 * "Mark as read" and "Like" from a native notification: the same client.act() the window uses, so the action goes
 * through the outbox (offline it waits, it is sent once, the window shows it pending). The token ties a toast's
 * herald://act link (Windows) to this run of Herald: a link from anywhere else is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { HeraldClient } from '../../core/herald-client';
import { itemKey } from '../../shared/inbox';
import { LIMITS } from '../../shared/actions';
import type { ToastAct } from '../../shared/deep-link';

export interface ToastActor {
  readonly token: string;
  /** Act on an item a toast showed. False when there is nothing to do (unknown item, local notice, already done). */
  act(sourceId: string, itemId: string, act: ToastAct): boolean;
  /** A reply typed into the toast (macOS): a comment through the outbox, like one written in the window. */
  reply(sourceId: string, itemId: string, text: string): boolean;
  /** Only servers that take actions get a "Like" button (not ntfy or Nchan: reading is all there is). */
  canLike(sourceId: string): boolean;
  /** Does `token` belong to this run? (Constant time.) */
  owns(token: string): boolean;
}

export function createToastActor(client: Pick<HeraldClient, 'act' | 'items' | 'connection'>, token = randomBytes(24).toString('base64url')): ToastActor {
  const mine = Buffer.from(token);
  const canLike = (sourceId: string): boolean => !client.connection().sources.find((s) => s.id === sourceId)?.actionless;
  return {
    token,
    canLike,
    owns(candidate) {
      const theirs = Buffer.from(candidate);
      return theirs.length === mine.length && timingSafeEqual(theirs, mine);
    },
    reply(sourceId, itemId, text) {
      const body = text.trim();
      const item = client.items().find((i) => i.key === itemKey(sourceId, itemId));
      if (!item || item.local || body === '' || !canLike(sourceId)) return false;
      client.act(sourceId, { type: 'comment', itemId, body: body.slice(0, LIMITS.commentMaxChars) });
      return true;
    },
    act(sourceId, itemId, act) {
      const key = itemKey(sourceId, itemId);
      const item = client.items().find((i) => i.key === key);
      if (!item || item.local) return false;
      if (act === 'read') {
        if (item.read) return false;
        client.act(sourceId, { type: 'mark_read', itemId });
        return true;
      }
      if (item.liked || !canLike(sourceId)) return false;
      client.act(sourceId, { type: 'like', itemId });
      return true;
    },
  };
}
