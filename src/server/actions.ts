/**
 * POST /actions — user actions with idempotency keys (docs/PROTOCOL.md "POST /actions").
 * Each applied action becomes an event every client sees (like_update, new_comment, read_update), so the person
 * who acted and everyone else converge through the same stream.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Action } from '../shared/actions';
import { LIMITS, validateAction } from '../shared/actions';
import type { EventLog } from './event-log';
import { HttpError, readBody, sendError, sendJson } from './http-util';
import type { IdempotencyStore } from './idempotency';
import type { ItemStore } from './items';
import type { Emit } from './publish';
import { emitComment } from './publish';

/** Test hook: the next `count` requests fail with `status` and apply nothing. */
export interface ActionFault {
  status: number;
  count: number;
  retryAfter?: number;
  code?: string;
  message?: string;
}

export interface ActionLog {
  applied: Array<{ key: string; action: Action; seq: number }>;
  received: Record<string, number>;
}

export interface ActionsOptions {
  emit: Emit;
  items: ItemStore;
  log: EventLog;
  keys: IdempotencyStore;
  now?: () => number;
}

/** The one user of the reference server: comments without an author are theirs. */
export const DEMO_USER = 'You';

const KEY_RE = /^[\x21-\x7e][\x20-\x7e]{0,199}$/;

export class ActionService {
  readonly #opts: ActionsOptions;
  readonly #applied: ActionLog['applied'] = [];
  readonly #received = new Map<string, number>();
  #fault: ActionFault | null = null;
  #seq = 0;

  constructor(opts: ActionsOptions) {
    this.#opts = opts;
  }

  setFault(fault: ActionFault | null): void {
    this.#fault = fault && fault.count > 0 ? { ...fault } : null;
  }

  actionLog(): ActionLog {
    return { applied: this.#applied.map((a) => ({ ...a })), received: Object.fromEntries(this.#received) };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers['idempotency-key'];
    const key = typeof header === 'string' ? header : undefined;
    if (key === undefined || !KEY_RE.test(key)) {
      req.resume();
      const message = key === undefined ? 'the Idempotency-Key header is required' : 'Idempotency-Key must be 1-200 printable ASCII characters';
      sendError(res, 400, 'missing_idempotency_key', message);
      return;
    }
    const text = await readBody(req, LIMITS.requestMaxBytes);
    this.#received.set(key, (this.#received.get(key) ?? 0) + 1);

    const fault = this.#fault;
    if (fault) {
      fault.count -= 1;
      if (fault.count <= 0) this.#fault = null;
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      sendError(res, fault.status, fault.code ?? (fault.status >= 500 ? 'internal' : 'bad_request'), fault.message ?? `failing on purpose (test hook, status ${fault.status})`, headers);
      return;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (err) {
      throw new HttpError(400, 'bad_json', `request body is not valid JSON: ${(err as Error).message}`);
    }
    const hash = createHash('sha256').update(JSON.stringify(parsed)).digest('hex');
    const stored = this.#opts.keys.get(key);
    if (stored) {
      if (stored.hash !== hash) throw new HttpError(409, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request');
      sendJson(res, stored.status, stored.body, { 'idempotent-replayed': 'true' });
      return;
    }
    const checked = validateAction(parsed);
    if (!checked.ok) throw new HttpError(422, 'invalid_action', checked.message);
    const result = this.#apply(checked.action);
    const body = { ok: true, result };
    // Only successes are kept: a refused request applied nothing, so retrying it under the same key is harmless.
    this.#opts.keys.put({ key, hash, status: 200, body, at: (this.#opts.now ?? Date.now)() });
    this.#applied.push({ key, action: checked.action, seq: ++this.#seq });
    sendJson(res, 200, body);
  }

  #apply(action: Action): Record<string, unknown> {
    const { emit, items, log } = this.#opts;
    if (action.type === 'mark_all_read') {
      let upTo = log.head;
      if (action.upTo !== undefined) {
        if (!/^\d{1,15}$/.test(action.upTo)) throw new HttpError(422, 'invalid_action', 'upTo must be a decimal event id');
        // Nothing beyond the head exists yet: "read up to the future" would silently mark events not yet seen.
        upTo = Math.min(Number(action.upTo), log.head);
      }
      const event = emit('read_update', () => ({ itemIds: [], upTo: String(upTo) }));
      return { upTo: String(upTo), eventId: event.id };
    }
    const item = items.view(action.itemId);
    if (!item) throw new HttpError(422, 'unknown_item', `no item ${JSON.stringify(action.itemId)}`);
    switch (action.type) {
      case 'mark_read': {
        if (item.read) return { itemId: action.itemId, read: true, eventId: null };
        const event = emit('read_update', () => ({ itemIds: [action.itemId] }));
        return { itemId: action.itemId, read: true, eventId: event.id };
      }
      case 'like':
      case 'unlike': {
        const liked = action.type === 'like';
        // Liking twice is not two likes: the answer is the current state, and no event is produced.
        if (item.liked === liked) return { likes: item.likes, liked, eventId: null };
        const likes = Math.max(0, item.likes + (liked ? 1 : -1));
        const event = emit('like_update', () => ({ itemId: action.itemId, likes, liked }));
        return { likes, liked, eventId: event.id };
      }
      case 'comment': {
        const event = emitComment(emit, action.itemId, action.author?.trim() || DEMO_USER, action.body);
        return { comment: event.data.comment, eventId: event.id };
      }
      case 'run_action':
        // Sender action buttons are an ntfy feature: the reference server attaches none.
        throw new HttpError(422, 'invalid_action', 'this server attaches no actions to run');
    }
  }
}
