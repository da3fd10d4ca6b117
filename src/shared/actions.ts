/** User actions: what flows back from a person to the server, through the outbox. */

export type Action =
  | { type: 'mark_read'; itemId: string }
  | { type: 'mark_all_read'; upTo?: string }
  | { type: 'like'; itemId: string }
  | { type: 'unlike'; itemId: string }
  | { type: 'comment'; itemId: string; body: string; author?: string }
  /**
   * Run the sender's own action number `index` attached to an item (ntfy's `http` action buttons). Only the index
   * travels: the request itself (method, URL, headers, body) is taken from what the server sent, never from the window.
   * `confirmed` is the digest of the request the user confirmed (src/core/sender-actions.ts): set by the client when
   * the action is queued, whatever the window sent, and checked at every attempt.
   */
  | { type: 'run_action'; itemId: string; index: number; confirmed?: string };

export type ActionType = Action['type'];

export const ACTION_TYPES: readonly ActionType[] = ['mark_read', 'mark_all_read', 'like', 'unlike', 'comment', 'run_action'];

/** ntfy allows at most three action buttons; a little room, and no more. */
export const MAX_SENDER_ACTIONS = 10;

/** Limits shared by client and server so both reject the same things. */
export const LIMITS = {
  commentMaxChars: 4000,
  titleMaxChars: 500,
  bodyMaxChars: 10_000,
  requestMaxBytes: 64 * 1024,
  /** Larger events are counted as malformed and skipped. */
  eventMaxBytes: 256 * 1024,
} as const;

/** The item an action applies to: actions on one target are replayed strictly in order. */
export function actionTarget(action: Action): string {
  return action.type === 'mark_all_read' ? '*' : action.itemId;
}

export function validateAction(value: unknown): { ok: true; action: Action } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'action must be a JSON object' };
  const v = value as Record<string, unknown>;
  const needItem = (): string | null =>
    typeof v.itemId === 'string' && v.itemId.length > 0 && v.itemId.length <= 200 ? v.itemId : null;
  switch (v.type) {
    case 'mark_read':
    case 'like':
    case 'unlike': {
      const itemId = needItem();
      if (!itemId) return { ok: false, message: `${v.type} needs a non-empty string itemId` };
      return { ok: true, action: { type: v.type, itemId } };
    }
    case 'mark_all_read': {
      if (v.upTo !== undefined && typeof v.upTo !== 'string') return { ok: false, message: 'upTo must be a string' };
      return { ok: true, action: v.upTo === undefined ? { type: 'mark_all_read' } : { type: 'mark_all_read', upTo: v.upTo } };
    }
    case 'comment': {
      const itemId = needItem();
      if (!itemId) return { ok: false, message: 'comment needs a non-empty string itemId' };
      if (typeof v.body !== 'string' || v.body.trim().length === 0) return { ok: false, message: 'comment needs a non-empty body' };
      if (v.body.length > LIMITS.commentMaxChars) return { ok: false, message: `comment body is longer than ${LIMITS.commentMaxChars} characters` };
      if (v.author !== undefined && typeof v.author !== 'string') return { ok: false, message: 'author must be a string' };
      const action: Action = { type: 'comment', itemId, body: v.body };
      if (typeof v.author === 'string') action.author = v.author.slice(0, 100);
      return { ok: true, action };
    }
    case 'run_action': {
      const itemId = needItem();
      if (!itemId) return { ok: false, message: 'run_action needs a non-empty string itemId' };
      if (typeof v.index !== 'number' || !Number.isInteger(v.index) || v.index < 0 || v.index >= MAX_SENDER_ACTIONS) {
        return { ok: false, message: `index must be a whole number from 0 to ${MAX_SENDER_ACTIONS - 1}` };
      }
      if (v.confirmed !== undefined && (typeof v.confirmed !== 'string' || !/^[0-9a-f]{64}$/.test(v.confirmed))) {
        return { ok: false, message: 'confirmed must be a SHA-256 digest in hex' };
      }
      const action: Action = { type: 'run_action', itemId, index: v.index };
      if (v.confirmed !== undefined) action.confirmed = v.confirmed;
      return { ok: true, action };
    }
    default:
      return { ok: false, message: `unknown action type ${JSON.stringify(v.type)}` };
  }
}
