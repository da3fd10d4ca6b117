/**
 * The comments of an item as the window shows them: the server's list merged with live and pending ones. When the
 * server cannot be asked (offline, down), the answer is what Herald last loaded plus what arrived or was written
 * since, marked possibly stale, instead of an error that hides comments the reader already saw.
 */
import type { ErrorInfo } from '../../shared/connection-state';
import type { CommentsView, InboxComment } from '../../shared/inbox';
import { keepNewest } from '../../shared/kept-comments';
import { toSourceError } from '../transports/http';

/** Items whose last server list is kept (the most recently opened ones). */
const MAX_ITEMS = 200;

/** One item's comments as the server answered: its newest ones, and how many older it had that were left out. */
export interface ServerComments {
  comments: InboxComment[];
  omittedComments?: number;
}

/** Confirmed comments first, oldest first; pending ones last. */
export function mergeComments(server: readonly InboxComment[], live: readonly InboxComment[]): InboxComment[] {
  const seen = new Set(server.map((c) => c.id));
  const merged: InboxComment[] = [...server, ...live.filter((c) => !seen.has(c.id))];
  merged.sort((a, b) => (a.pending === b.pending ? (a.time < b.time ? -1 : a.time > b.time ? 1 : 0) : a.pending ? 1 : -1));
  return merged;
}

/**
 * What the window gets: the merged list, held to the newest COMMENTS_KEPT_PER_ITEM (pending ones sort last, so the
 * user's own are never the ones dropped), with everything left out counted — by the server's answer, or here.
 */
export function commentsView(server: ServerComments, live: readonly InboxComment[], stale?: ErrorInfo): CommentsView {
  const { kept, omitted } = keepNewest(mergeComments(server.comments, live));
  const total = (server.omittedComments ?? 0) + omitted;
  return { comments: kept, ...(total > 0 ? { omittedComments: total } : {}), ...(stale ? { stale } : {}) };
}

export class CommentsCache {
  readonly #loaded = new Map<string, ServerComments>();

  /**
   * `fetch` asks the server; `live` reads the inbox's live and pending comments (read after the fetch: an
   * acknowledgement that arrived meanwhile has replaced its pending copy).
   */
  async view(key: string, fetch: () => Promise<ServerComments>, live: () => InboxComment[]): Promise<CommentsView> {
    let server: ServerComments;
    try {
      server = await fetch();
    } catch (err) {
      const stale: ErrorInfo = toSourceError(err).info;
      return commentsView(this.#loaded.get(key) ?? { comments: [] }, live(), stale);
    }
    this.#loaded.delete(key);
    this.#loaded.set(key, server);
    if (this.#loaded.size > MAX_ITEMS) this.#loaded.delete(this.#loaded.keys().next().value!);
    return commentsView(server, live());
  }

  forget(keyPrefix: string): void {
    for (const key of [...this.#loaded.keys()]) if (key.startsWith(keyPrefix)) this.#loaded.delete(key);
  }
}
