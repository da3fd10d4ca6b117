/**
 * The open item's comments: loaded once from main (the server's list merged with live and pending ones), then kept
 * live from inbox `comment` changes. A pending comment is replaced by the server's copy when it is confirmed.
 * Offline, main answers with what it knows, marked `stale`; the list refreshes by itself when the link is back.
 * At most the newest COMMENTS_KEPT_PER_ITEM are held (a publisher can send any number); `omitted` counts the earlier
 * ones left out, by main or here, so the window can say so.
 */
import type { ErrorInfo } from '../../../shared/connection-state';
import type { InboxComment, InboxItem } from '../../../shared/inbox';
import type { HeraldBridge } from '../../../shared/ipc-contract';
import { keepNewest } from '../../../shared/kept-comments';
import { toErrorInfo, unwrap } from '../lib/bridge';

export type CommentsStatus =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  /** Shown, but possibly out of date: the server could not be asked (why, as a code). */
  | { kind: 'stale'; error: ErrorInfo }
  | { kind: 'error'; error: ErrorInfo };

export class DetailStore {
  readonly #bridge: HeraldBridge;
  #key = $state<string | null>(null);
  #comments = $state.raw<readonly InboxComment[]>([]);
  #status = $state.raw<CommentsStatus>({ kind: 'idle' });
  #omitted = $state(0);
  /** Comments that arrived while this item was open: only these fade in (the first load appears at once). */
  readonly #live = new Set<string>();
  /** Each open() gets a token so a slow load for a previous item cannot overwrite the current one. */
  #loadToken = 0;

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
  }

  get key(): string | null {
    return this.#key;
  }
  get comments(): readonly InboxComment[] {
    return this.#comments;
  }
  get status(): CommentsStatus {
    return this.#status;
  }
  /** Earlier comments of the open item that are not shown. */
  get omitted(): number {
    return this.#omitted;
  }
  isLive(commentId: string): boolean {
    return this.#live.has(commentId);
  }

  async open(key: string): Promise<void> {
    if (this.#key === key && this.#status.kind !== 'error' && this.#status.kind !== 'stale') return;
    this.#key = key;
    this.#comments = [];
    this.#omitted = 0;
    this.#live.clear();
    await this.reload();
  }

  close(): void {
    this.#key = null;
    this.#comments = [];
    this.#omitted = 0;
    this.#status = { kind: 'idle' };
    this.#live.clear();
    this.#loadToken++;
  }

  async reload(): Promise<void> {
    const key = this.#key;
    if (key === null) return;
    const token = ++this.#loadToken;
    this.#status = { kind: 'loading' };
    const before = new Set(this.#comments.map((c) => c.id));
    try {
      const view = unwrap(await this.#bridge.getComments(key));
      if (token !== this.#loadToken) return;
      const loaded = view.comments;
      // The loaded list replaces what we showed; comments that arrived during the load are kept (the loaded copy
      // wins for the same id).
      const ids = new Set(loaded.map((c) => c.id));
      const { kept, omitted } = keepNewest([...loaded, ...this.#comments.filter((c) => !before.has(c.id) && !ids.has(c.id))]);
      this.#comments = kept;
      this.#omitted = (view.omittedComments ?? 0) + omitted;
      this.#status = view.stale ? { kind: 'stale', error: view.stale } : { kind: 'ready' };
    } catch (err) {
      if (token !== this.#loadToken) return;
      this.#status = { kind: 'error', error: toErrorInfo(err) };
    }
  }

  /** The link is back: a list that could not be loaded, or may be out of date, is asked for again. */
  refresh(): void {
    if (this.#status.kind === 'stale' || this.#status.kind === 'error') void this.reload();
  }

  /** A `comment` inbox change. True when it is news to the reader: a comment on the open item that is not theirs. */
  addComment(itemKey: string, comment: InboxComment): boolean {
    if (itemKey !== this.#key) return false;
    const list = this.#comments;
    if (list.some((c) => c.id === comment.id)) return false;
    if (!comment.pending) {
      // The server's copy of one of ours takes the place of the first pending comment with the same text, in place
      // and without a second fade-in.
      const mine = list.findIndex((c) => c.pending && c.body === comment.body);
      if (mine >= 0) {
        this.#comments = list.map((c, i) => (i === mine ? comment : c));
        return false;
      }
    }
    this.#live.add(comment.id);
    const { kept, omitted } = keepNewest([...list, comment]);
    this.#comments = kept;
    this.#omitted += omitted;
    return !comment.pending;
  }

  /**
   * The item changed. If it now waits on fewer comments than we show as pending, some failed or were discarded
   * (the core drops them silently): reload the list so the window tells the truth.
   */
  reconcile(item: InboxItem | undefined): void {
    if (!item || item.key !== this.#key || this.#status.kind !== 'ready') return;
    const shown = this.#comments.filter((c) => c.pending).length;
    if (shown > (item.pending?.comments ?? 0)) void this.reload();
  }
}
