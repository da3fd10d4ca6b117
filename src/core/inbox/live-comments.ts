/**
 * The comments the inbox keeps per item: those seen live (bounded; the detail view asks the server for the rest)
 * and the user's own still waiting in the outbox, shown at once as `pending` until the server's copy replaces them.
 */
import type { InboxChange, InboxComment } from '../../shared/inbox';
import { itemKey } from '../../shared/inbox';
import type { OutboxEntry } from '../../shared/outbox';
import { keepNewest } from '../../shared/kept-comments';

export class LiveComments {
  readonly #byItem = new Map<string, InboxComment[]>();
  /** Per item, live comments dropped as older than the newest COMMENTS_KEPT_PER_ITEM (src/shared/stream-limits.ts). */
  readonly #omitted = new Map<string, number>();

  /** Oldest first; a copy. */
  list(key: string): InboxComment[] {
    return [...(this.#byItem.get(key) ?? [])];
  }

  /** How many live comments of the item were dropped, the oldest first, to keep the newest. */
  omitted(key: string): number {
    return this.#omitted.get(key) ?? 0;
  }

  /** Add a comment unless one with its id is already here; true when it was new. The oldest go past the limit. */
  add(key: string, comment: InboxComment): boolean {
    const list = this.#byItem.get(key) ?? [];
    if (list.some((c) => c.id === comment.id)) return false;
    list.push(comment);
    const { kept, omitted } = keepNewest(list);
    if (omitted > 0) this.#omitted.set(key, this.omitted(key) + omitted);
    this.#byItem.set(key, kept);
    return true;
  }

  /** The server confirmed a pending comment: its copy replaces ours. True when the server's copy is new here. */
  confirm(key: string, outboxKey: string, comment: InboxComment): boolean {
    this.#byItem.set(key, (this.#byItem.get(key) ?? []).filter((x) => x.outboxKey !== outboxKey));
    return this.add(key, comment);
  }

  /**
   * The outbox's waiting entries changed: add their comments as pending, drop pending ones no longer waiting
   * (acknowledged or failed). Returns the comments added.
   */
  syncPending(waiting: readonly OutboxEntry[]): InboxChange[] {
    const waitingKeys = new Set(waiting.map((e) => e.key));
    for (const [key, list] of this.#byItem) {
      const kept = list.filter((c) => !c.pending || (c.outboxKey !== undefined && waitingKeys.has(c.outboxKey)));
      if (kept.length !== list.length) this.#byItem.set(key, kept);
    }
    const changes: InboxChange[] = [];
    for (const e of waiting) {
      if (e.action.type !== 'comment') continue;
      const key = itemKey(e.sourceId, e.action.itemId);
      const list = this.#byItem.get(key) ?? [];
      if (list.some((c) => c.outboxKey === e.key)) continue;
      const comment: InboxComment = {
        id: `pending:${e.key}`,
        itemId: e.action.itemId,
        author: e.action.author ?? '',
        body: e.action.body,
        time: new Date(e.createdAt).toISOString(),
        pending: true,
        outboxKey: e.key,
      };
      list.push(comment);
      this.#byItem.set(key, list);
      changes.push({ kind: 'comment', itemKey: key, comment });
    }
    return changes;
  }

  delete(key: string): void {
    this.#byItem.delete(key);
    this.#omitted.delete(key);
  }
}
