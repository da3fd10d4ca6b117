/**
 * The inbox: notifications and system messages with read state, likes and comment counts, merged across sources.
 *
 * Two layers, so optimistic UI never lies for long:
 * - the *server* layer, built only from delivered events and acknowledged action results;
 * - the *pending* overlay, recomputed from the outbox's waiting entries (a like shows at once, a mark-read hides
 *   the unread dot at once). When an entry is acknowledged its result is folded into the server layer before the
 *   overlay drops it, so nothing flickers; when it fails the overlay drops it and the item shows the truth again.
 */
import type { HeraldEvent } from '../../shared/events';
import type { InboxChange, InboxComment, InboxItem } from '../../shared/inbox';
import { itemKey } from '../../shared/inbox';
import type { OutboxEntry } from '../../shared/outbox';
import { Emitter } from '../base/emitter';
import { LiveComments } from './live-comments';
import { coveredBy, itemFromEvent, noticeItem, restoredItem, type ServerItem } from './inbox-item';
import { InboxOrder } from './inbox-order';
import { PendingOverlay } from './pending-overlay';
import { SealedItems, savedEnvelopes } from './inbox-sealed';
import type { SealedEnvelope } from '../e2e/sealed';
import { silentLogger, type Logger } from '../base/log';
import type { ActionResult } from '../source';

export { compareIds } from './inbox-item';

export interface InboxSnapshot {
  version: 1;
  items: Omit<ServerItem, 'seq'>[];
  /** The ciphertexts of the sealed items among `items`, so a key added after a restart still opens them. */
  sealed?: Array<{ key: string; envelope: SealedEnvelope }>;
}

export class Inbox {
  readonly #items = new Map<string, ServerItem>();
  readonly #comments = new LiveComments();
  /** The optimistic overlay: the outbox's waiting entries (./pending-overlay.ts). */
  readonly #pending = new PendingOverlay();
  /** Display order and eviction order, kept per change (./inbox-order.ts): no sort per live event. */
  readonly #order = new InboxOrder<ServerItem>((s) => this.#items.get(s.key) === s);
  /** Keys of the items shown unread (server state and the pending overlay), so the count costs nothing to read. */
  readonly #unread = new Set<string>();
  /** Ciphertexts of the items not opened yet (./inbox-sealed.ts). */
  readonly #sealed = new SealedItems();
  #sorted: InboxItem[] | null = null;
  #seq = 0;
  readonly #limit: number;
  readonly #onDidChange: Emitter<InboxChange[]>;

  constructor(options: { limit?: number; logger?: Logger } = {}) {
    this.#limit = options.limit ?? 100_000;
    this.#onDidChange = new Emitter<InboxChange[]>(options.logger ?? silentLogger);
  }

  readonly onDidChange = (listener: (changes: InboxChange[]) => void) => this.#onDidChange.event(listener);

  /** Newest first. */
  items(): InboxItem[] {
    this.#sorted ??= this.#order.newest().map((s) => this.#view(s));
    return this.#sorted;
  }

  get(key: string): InboxItem | undefined {
    const s = this.#items.get(key);
    return s ? this.#view(s) : undefined;
  }

  unreadCount(): number {
    return this.#unread.size;
  }

  /** Comments seen live (and pending ones), oldest first. */
  liveComments(key: string): InboxComment[] {
    return this.#comments.list(key);
  }

  /** Live comments of the item dropped as older than the newest kept (src/shared/kept-comments.ts). */
  liveCommentsOmitted(key: string): number {
    return this.#comments.omitted(key);
  }

  /** Apply delivered events (already de-duplicated by the supervisor). */
  apply(sourceId: string, events: readonly HeraldEvent[]): void {
    const added: ServerItem[] = [];
    const updated = new Set<ServerItem>();
    const changes: InboxChange[] = [];
    for (const e of events) {
      switch (e.type) {
        case 'notification':
        case 'system': {
          const key = itemKey(sourceId, e.data.itemId);
          if (this.#items.has(key)) break;
          const item = itemFromEvent(sourceId, e, ++this.#seq, key);
          if (item.sealed !== undefined) this.#sealed.keep(key, e);
          this.#insert(item);
          // Just inserted: shown unread unless read or a waiting mark-read covers it (#refreshUnread without the lookup).
          if (!this.#pending.isRead(item)) this.#unread.add(key);
          added.push(item);
          break;
        }
        case 'new_comment': {
          const key = itemKey(sourceId, e.data.itemId);
          const fresh = this.#comments.add(key, { ...e.data.comment });
          const item = this.#items.get(key);
          if (fresh && item) {
            item.commentCount++;
            updated.add(item);
          }
          if (fresh) changes.push({ kind: 'comment', itemKey: key, comment: { ...e.data.comment } });
          break;
        }
        case 'like_update': {
          const item = this.#items.get(itemKey(sourceId, e.data.itemId));
          if (item) {
            item.likes = e.data.likes;
            item.liked = e.data.liked;
            updated.add(item);
          }
          break;
        }
        case 'read_update': {
          for (const id of e.data.itemIds) {
            const item = this.#items.get(itemKey(sourceId, id));
            if (item && !item.read) {
              this.#markRead(item);
              updated.add(item);
            }
          }
          if (e.data.upTo !== undefined) {
            for (const item of this.#items.values()) {
              if (item.sourceId === sourceId && !item.read && coveredBy(item.eventId, e.data.upTo)) {
                this.#markRead(item);
                updated.add(item);
              }
            }
          }
          break;
        }
      }
    }
    for (const u of updated) this.#refreshUnread(u);
    const removed = this.#enforceLimit();
    for (const a of added) updated.delete(a);
    const out: InboxChange[] = [];
    // Only the cap can have dropped an item just added (a burst over the limit): look them up only then.
    const kept = removed.length > 0 ? added.filter((a) => this.#items.has(a.key)) : added;
    if (kept.length > 0) out.push({ kind: 'added', items: kept.map((a) => this.#view(a)) });
    if (updated.size > 0) out.push({ kind: 'updated', items: [...updated].filter((u) => this.#items.has(u.key)).map((u) => this.#view(u)) });
    if (removed.length > 0) out.push({ kind: 'removed', keys: removed });
    out.push(...changes);
    this.#emit(out);
  }

  /** A notice Herald raises itself about a source (./inbox-item.ts `noticeItem`): unread, local, never acted on. */
  addNotice(sourceId: string, itemId: string, notice: Pick<InboxItem, 'title' | 'body' | 'time' | 'notice'>): InboxItem {
    const existing = this.#items.get(itemKey(sourceId, itemId));
    if (existing) return this.#view(existing);
    const item = noticeItem(sourceId, itemId, notice, ++this.#seq);
    this.#insert(item);
    this.#refreshUnread(item);
    const view = this.#view(item);
    this.#emit([{ kind: 'added', items: [view] }]);
    return view;
  }

  /** Read, kept here only (Herald's notices; servers that take no actions). */
  markReadHere(key: string): void {
    const s = this.#items.get(key);
    if (s && !s.read) this.#markReadHere([s]);
  }

  /** Everything of a source read, kept here only. */
  markAllReadHere(sourceId: string): void {
    this.#markReadHere(this.#serverUnreadOf(sourceId));
  }

  #markReadHere(items: ServerItem[]): void {
    if (items.length === 0) return;
    for (const s of items) {
      this.#markRead(s);
      this.#refreshUnread(s);
    }
    this.#emit([{ kind: 'updated', items: items.map((s) => this.#view(s)) }]);
  }

  /** The outbox's waiting entries changed: recompute the optimistic overlay. */
  setPending(entries: readonly OutboxEntry[]): void {
    const unreadOf = (sourceId: string) => this.#serverUnreadOf(sourceId).map((s) => s.key);
    const touched = new Set(this.#pending.affected(unreadOf));
    const waiting = this.#pending.set(entries);
    const commentChanges = this.#comments.syncPending(waiting);
    for (const k of this.#pending.affected(unreadOf)) touched.add(k);
    const items = [...touched].map((k) => this.#items.get(k)).filter((s): s is ServerItem => s !== undefined);
    for (const s of items) this.#refreshUnread(s);
    const out: InboxChange[] = [];
    if (items.length > 0) out.push({ kind: 'updated', items: items.map((s) => this.#view(s)) });
    out.push(...commentChanges);
    this.#emit(out);
  }

  /** The server acknowledged an action: fold its answer into the server layer (before the overlay drops it). */
  acknowledge(entry: OutboxEntry, r: ActionResult): void {
    const a = entry.action;
    const touched: ServerItem[] = [];
    if (a.type === 'mark_all_read') {
      for (const item of this.#serverUnreadOf(entry.sourceId)) {
        if (!coveredBy(item.eventId, a.upTo)) continue;
        this.#markRead(item);
        touched.push(item);
      }
    } else {
      const item = this.#items.get(itemKey(entry.sourceId, a.itemId));
      if (item) {
        if (a.type === 'mark_read' && !item.read) this.#markRead(item);
        if ((a.type === 'like' || a.type === 'unlike') && r.likes !== undefined) {
          item.likes = r.likes;
          item.liked = r.liked ?? a.type === 'like';
        }
        touched.push(item);
      }
      if (a.type === 'comment') {
        const c = r.comment;
        const key = itemKey(entry.sourceId, a.itemId);
        if (c) {
          // The server's copy replaces the pending one; the live new_comment event for it is then a duplicate.
          if (this.#comments.confirm(key, entry.key, { ...c })) {
            if (item) item.commentCount++;
            this.#emit([{ kind: 'comment', itemKey: key, comment: { ...c } }]);
          }
        }
      }
    }
    for (const s of touched) this.#refreshUnread(s);
    if (touched.length > 0) this.#emit([{ kind: 'updated', items: touched.map((s) => this.#view(s)) }]);
  }

  /**
   * Tries every sealed item of `sourceId` again with `keys` (SourceConfig.e2eKeys): those that open become normal
   * items ('updated' change), the rest stay sealed. Resolves to how many opened.
   */
  async reopenSealed(sourceId: string, keys: readonly string[]): Promise<number> {
    const sealed = [...this.#items.values()].filter((s) => s.sourceId === sourceId && s.sealed !== undefined);
    // An item dropped meanwhile (a removed source, eviction) is left alone.
    const touched = await this.#sealed.reopen(sealed, keys, (s) => this.#items.get(s.key) === s);
    if (touched.length > 0) this.#emit([{ kind: 'updated', items: touched.map((s) => this.#view(s)) }]);
    return touched.filter((s) => s.sealed === undefined).length;
  }

  /** Items' keys for one source, e.g. to drop a removed source. */
  removeSource(sourceId: string): void {
    const keys: string[] = [];
    for (const [k, s] of this.#items) if (s.sourceId === sourceId) keys.push(k);
    for (const k of keys) this.#drop(this.#items.get(k)!);
    if (keys.length > 0) this.#emit([{ kind: 'removed', keys }]);
  }

  toSnapshot(limit = 2000): InboxSnapshot {
    const items = this.#order.newest(limit).map(({ seq: _seq, ...rest }) => rest);
    const sealed = this.#sealed.snapshot(items);
    return sealed.length > 0 ? { version: 1, items, sealed } : { version: 1, items };
  }

  restore(snapshot: InboxSnapshot | undefined): void {
    if (!snapshot || snapshot.version !== 1 || !Array.isArray(snapshot.items)) return;
    const envelopes = savedEnvelopes(snapshot.sealed);
    // Oldest first so newer items get higher sequence numbers.
    for (const saved of [...snapshot.items].reverse()) {
      const it = restoredItem(saved);
      if (it === null || this.#items.has(it.key)) continue;
      const item: ServerItem = { ...it, seq: ++this.#seq };
      const envelope = item.sealed === undefined ? undefined : envelopes.get(item.key);
      if (envelope) this.#sealed.restore(item.key, envelope);
      this.#insert(item);
      this.#refreshUnread(item);
    }
    this.#enforceLimit();
    this.#emit([{ kind: 'reset' }]);
  }

  #insert(item: ServerItem): void {
    this.#items.set(item.key, item);
    this.#order.add(item);
  }

  #drop(item: ServerItem): void {
    this.#items.delete(item.key);
    this.#sealed.forget(item.key);
    this.#comments.delete(item.key);
    this.#unread.delete(item.key);
    this.#order.remove(item);
  }

  #markRead(item: ServerItem): void {
    item.read = true;
    this.#order.markedRead(item);
  }

  /** Call after anything that may change whether the item shows as read. */
  #refreshUnread(s: ServerItem): void {
    if (this.#items.get(s.key) !== s || this.#pending.isRead(s)) this.#unread.delete(s.key);
    else this.#unread.add(s.key);
  }

  /** A source's items the server still has unread (what a source-wide action touches). */
  #serverUnreadOf(sourceId: string): ServerItem[] {
    const out: ServerItem[] = [];
    for (const s of this.#items.values()) if (s.sourceId === sourceId && !s.read) out.push(s);
    return out;
  }

  #view(s: ServerItem): InboxItem {
    return this.#pending.view(s);
  }

  /** Keep at most `limit` items: the oldest read ones go first, then the oldest. */
  #enforceLimit(): string[] {
    const removed: string[] = [];
    while (this.#items.size > this.#limit) {
      const victim = this.#order.nextVictim();
      if (!victim) break;
      this.#drop(victim);
      removed.push(victim.key);
    }
    return removed;
  }

  #emit(changes: InboxChange[]): void {
    if (changes.length === 0) return;
    this.#sorted = null;
    this.#onDidChange.fire(changes);
  }
}
