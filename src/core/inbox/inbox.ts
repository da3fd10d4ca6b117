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
  items: ServerItem[];
  /** The ciphertexts of the sealed items among `items`, so a key added after a restart still opens them. */
  sealed?: Array<{ key: string; envelope: SealedEnvelope }>;
}

/**
 * An item with the inbox's bookkeeping beside it, so the item itself holds only what is shown (its view is a plain
 * copy): `seq` orders items of equal time by arrival, `unread` says whether it is counted in the unread count.
 */
interface Entry {
  readonly item: ServerItem;
  readonly seq: number;
  unread: boolean;
}

export class Inbox {
  readonly #entries = new Map<string, Entry>();
  readonly #comments = new LiveComments();
  /** The optimistic overlay: the outbox's waiting entries (./pending-overlay.ts). */
  readonly #pending = new PendingOverlay();
  /** Display order and eviction order, kept per change (./inbox-order.ts): no sort per live event. */
  readonly #order = new InboxOrder<Entry>((e) => this.#isLive(e));
  /** How many entries are marked `unread` (server state and the pending overlay): the count costs nothing to read. */
  #unreadCount = 0;
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
    this.#sorted ??= this.#order.newest().map((e) => this.#view(e.item));
    return this.#sorted;
  }

  get(key: string): InboxItem | undefined {
    const e = this.#entries.get(key);
    return e ? this.#view(e.item) : undefined;
  }

  unreadCount(): number {
    return this.#unreadCount;
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
    const added: Entry[] = [];
    const updated = new Set<Entry>();
    const changes: InboxChange[] = [];
    for (const e of events) {
      switch (e.type) {
        case 'notification':
        case 'system': {
          const key = itemKey(sourceId, e.data.itemId);
          if (this.#entries.has(key)) break;
          const item = itemFromEvent(sourceId, e, key);
          if (item.sealed !== undefined) this.#sealed.keep(key, e);
          const entry = this.#insert(item);
          // Just inserted: shown unread unless a waiting mark-read covers it (#refreshUnread without the lookup).
          if (!this.#pending.isRead(item)) {
            entry.unread = true;
            this.#unreadCount++;
          }
          added.push(entry);
          break;
        }
        case 'new_comment': {
          const key = itemKey(sourceId, e.data.itemId);
          const fresh = this.#comments.add(key, { ...e.data.comment });
          const entry = this.#entries.get(key);
          if (fresh && entry) {
            entry.item.commentCount++;
            updated.add(entry);
          }
          if (fresh) changes.push({ kind: 'comment', itemKey: key, comment: { ...e.data.comment } });
          break;
        }
        case 'like_update': {
          const entry = this.#entries.get(itemKey(sourceId, e.data.itemId));
          if (entry) {
            entry.item.likes = e.data.likes;
            entry.item.liked = e.data.liked;
            updated.add(entry);
          }
          break;
        }
        case 'read_update': {
          for (const id of e.data.itemIds) {
            const entry = this.#entries.get(itemKey(sourceId, id));
            if (entry && !entry.item.read) {
              this.#markRead(entry);
              updated.add(entry);
            }
          }
          if (e.data.upTo !== undefined) {
            for (const entry of this.#entries.values()) {
              const item = entry.item;
              if (item.sourceId === sourceId && !item.read && coveredBy(item.eventId, e.data.upTo)) {
                this.#markRead(entry);
                updated.add(entry);
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
    const kept = removed.length > 0 ? added.filter((a) => this.#isLive(a)) : added;
    if (kept.length > 0) out.push({ kind: 'added', items: kept.map((a) => this.#view(a.item)) });
    if (updated.size > 0) out.push({ kind: 'updated', items: [...updated].filter((u) => this.#isLive(u)).map((u) => this.#view(u.item)) });
    if (removed.length > 0) out.push({ kind: 'removed', keys: removed });
    out.push(...changes);
    this.#emit(out);
  }

  /** A notice Herald raises itself about a source (./inbox-item.ts `noticeItem`): unread, local, never acted on. */
  addNotice(sourceId: string, itemId: string, notice: Pick<InboxItem, 'title' | 'body' | 'time' | 'notice'>): InboxItem {
    const existing = this.#entries.get(itemKey(sourceId, itemId));
    if (existing) return this.#view(existing.item);
    const entry = this.#insert(noticeItem(sourceId, itemId, notice));
    this.#refreshUnread(entry);
    const view = this.#view(entry.item);
    this.#emit([{ kind: 'added', items: [view] }]);
    return view;
  }

  /** Read, kept here only (Herald's notices; servers that take no actions). */
  markReadHere(key: string): void {
    const e = this.#entries.get(key);
    if (e && !e.item.read) this.#markReadHere([e]);
  }

  /** Everything of a source read, kept here only. */
  markAllReadHere(sourceId: string): void {
    this.#markReadHere(this.#serverUnreadOf(sourceId));
  }

  #markReadHere(entries: Entry[]): void {
    if (entries.length === 0) return;
    for (const e of entries) {
      this.#markRead(e);
      this.#refreshUnread(e);
    }
    this.#emit([{ kind: 'updated', items: entries.map((e) => this.#view(e.item)) }]);
  }

  /** The outbox's waiting entries changed: recompute the optimistic overlay. */
  setPending(entries: readonly OutboxEntry[]): void {
    const unreadOf = (sourceId: string) => this.#serverUnreadOf(sourceId).map((e) => e.item.key);
    const touched = new Set(this.#pending.affected(unreadOf));
    const waiting = this.#pending.set(entries);
    const commentChanges = this.#comments.syncPending(waiting);
    for (const k of this.#pending.affected(unreadOf)) touched.add(k);
    const hit = [...touched].map((k) => this.#entries.get(k)).filter((e): e is Entry => e !== undefined);
    for (const e of hit) this.#refreshUnread(e);
    const out: InboxChange[] = [];
    if (hit.length > 0) out.push({ kind: 'updated', items: hit.map((e) => this.#view(e.item)) });
    out.push(...commentChanges);
    this.#emit(out);
  }

  /** The server acknowledged an action: fold its answer into the server layer (before the overlay drops it). */
  acknowledge(entry: OutboxEntry, r: ActionResult): void {
    const a = entry.action;
    const touched: Entry[] = [];
    if (a.type === 'mark_all_read') {
      for (const e of this.#serverUnreadOf(entry.sourceId)) {
        if (!coveredBy(e.item.eventId, a.upTo)) continue;
        this.#markRead(e);
        touched.push(e);
      }
    } else {
      const found = this.#entries.get(itemKey(entry.sourceId, a.itemId));
      const item = found?.item;
      if (found && item) {
        if (a.type === 'mark_read' && !item.read) this.#markRead(found);
        if ((a.type === 'like' || a.type === 'unlike') && r.likes !== undefined) {
          item.likes = r.likes;
          item.liked = r.liked ?? a.type === 'like';
        }
        touched.push(found);
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
    for (const e of touched) this.#refreshUnread(e);
    if (touched.length > 0) this.#emit([{ kind: 'updated', items: touched.map((e) => this.#view(e.item)) }]);
  }

  /**
   * Tries every sealed item of `sourceId` again with `keys` (SourceConfig.e2eKeys): those that open become normal
   * items ('updated' change), the rest stay sealed. Resolves to how many opened.
   */
  async reopenSealed(sourceId: string, keys: readonly string[]): Promise<number> {
    const sealed: ServerItem[] = [];
    for (const e of this.#entries.values()) if (e.item.sourceId === sourceId && e.item.sealed !== undefined) sealed.push(e.item);
    // An item dropped meanwhile (a removed source, eviction) is left alone.
    const touched = await this.#sealed.reopen(sealed, keys, (s) => this.#entries.get(s.key)?.item === s);
    if (touched.length > 0) this.#emit([{ kind: 'updated', items: touched.map((s) => this.#view(s)) }]);
    return touched.filter((s) => s.sealed === undefined).length;
  }

  /** Items' keys for one source, e.g. to drop a removed source. */
  removeSource(sourceId: string): void {
    const keys: string[] = [];
    for (const [k, e] of this.#entries) if (e.item.sourceId === sourceId) keys.push(k);
    for (const k of keys) this.#drop(this.#entries.get(k)!);
    if (keys.length > 0) this.#emit([{ kind: 'removed', keys }]);
  }

  toSnapshot(limit = 2000): InboxSnapshot {
    const items = this.#order.newest(limit).map((e) => ({ ...e.item }));
    const sealed = this.#sealed.snapshot(items);
    return sealed.length > 0 ? { version: 1, items, sealed } : { version: 1, items };
  }

  restore(snapshot: InboxSnapshot | undefined): void {
    if (!snapshot || snapshot.version !== 1 || !Array.isArray(snapshot.items)) return;
    const envelopes = savedEnvelopes(snapshot.sealed);
    // Oldest first so newer items get higher sequence numbers.
    for (const saved of [...snapshot.items].reverse()) {
      const item = restoredItem(saved);
      if (item === null || this.#entries.has(item.key)) continue;
      const envelope = item.sealed === undefined ? undefined : envelopes.get(item.key);
      if (envelope) this.#sealed.restore(item.key, envelope);
      this.#refreshUnread(this.#insert(item));
    }
    this.#enforceLimit();
    this.#emit([{ kind: 'reset' }]);
  }

  #insert(item: ServerItem): Entry {
    const entry: Entry = { item, seq: ++this.#seq, unread: false };
    this.#entries.set(item.key, entry);
    this.#order.add(entry);
    return entry;
  }

  #drop(entry: Entry): void {
    const key = entry.item.key;
    this.#entries.delete(key);
    this.#sealed.forget(key);
    this.#comments.delete(key);
    if (entry.unread) {
      entry.unread = false;
      this.#unreadCount--;
    }
    this.#order.remove(entry);
  }

  /** Whether the entry is still in the inbox (not dropped, not replaced). */
  #isLive(entry: Entry): boolean {
    return this.#entries.get(entry.item.key) === entry;
  }

  #markRead(entry: Entry): void {
    entry.item.read = true;
    this.#order.markedRead(entry);
  }

  /** Call after anything that may change whether the item shows as read. */
  #refreshUnread(entry: Entry): void {
    const unread = this.#isLive(entry) && !this.#pending.isRead(entry.item);
    if (unread === entry.unread) return;
    entry.unread = unread;
    this.#unreadCount += unread ? 1 : -1;
  }

  /** A source's items the server still has unread (what a source-wide action touches). */
  #serverUnreadOf(sourceId: string): Entry[] {
    const out: Entry[] = [];
    for (const e of this.#entries.values()) if (e.item.sourceId === sourceId && !e.item.read) out.push(e);
    return out;
  }

  #view(s: ServerItem): InboxItem {
    return this.#pending.view(s);
  }

  /** Keep at most `limit` items: the oldest read ones go first, then the oldest. */
  #enforceLimit(): string[] {
    const removed: string[] = [];
    while (this.#entries.size > this.#limit) {
      const victim = this.#order.nextVictim();
      if (!victim) break;
      this.#drop(victim);
      removed.push(victim.item.key);
    }
    return removed;
  }

  #emit(changes: InboxChange[]): void {
    if (changes.length === 0) return;
    this.#sorted = null;
    this.#onDidChange.fire(changes);
  }
}
