/**
 * POST /actions — user actions with idempotency keys (docs/PROTOCOL.md "POST /actions").
 * Each applied action becomes an event every client sees (like_update, new_comment, read_update), so the person
 * who acted and everyone else converge through the same stream.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Action } from '../shared/actions';
import { LIMITS, validateAction } from '../shared/actions';
import { HttpError, readBody, sendError, sendJson } from './http-util';
import type { StoredAnswer } from './idempotency';
import { emitComment } from './publish';
import type { ServerStore, WriteContext } from './store';

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
  store: ServerStore;
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
    // The key's answer is read, the action applied and its answer kept in one write: through whichever node (Redis
    // store), an action under one key is applied once.
    const outcome = await this.#opts.store.write(
      (tx): { replayed: StoredAnswer } | { applied: StoredAnswer; action: Action } => {
        const stored = tx.answerFor(key);
        if (stored) {
          if (stored.hash !== hash) throw new HttpError(409, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request');
          return { replayed: stored };
        }
        const checked = validateAction(parsed);
        if (!checked.ok) throw new HttpError(422, 'invalid_action', checked.message);
        const result = this.#apply(tx, checked.action);
        // Only successes are kept: a refused request applied nothing, so retrying it under the same key is harmless.
        const answer: StoredAnswer = { key, hash, status: 200, body: { ok: true, result }, at: (this.#opts.now ?? Date.now)() };
        tx.keepAnswer(answer);
        return { applied: answer, action: checked.action };
      },
      { idempotencyKey: key },
    );
    if ('replayed' in outcome) {
      sendJson(res, outcome.replayed.status, outcome.replayed.body, { 'idempotent-replayed': 'true' });
      return;
    }
    this.#applied.push({ key, action: outcome.action, seq: ++this.#seq });
    sendJson(res, 200, outcome.applied.body);
  }

  #apply(tx: WriteContext, action: Action): Record<string, unknown> {
    const { emit } = tx;
    const { items, log } = this.#opts.store;
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
