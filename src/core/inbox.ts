/**
 * The inbox: notifications and system messages with read state, likes and comment counts, merged across sources.
 *
 * Two layers, so optimistic UI never lies for long:
 * - the *server* layer, built only from delivered events and acknowledged action results;
 * - the *pending* overlay, recomputed from the outbox's waiting entries (a like shows at once, a mark-read hides
 *   the unread dot at once). When an entry is acknowledged its result is folded into the server layer before the
 *   overlay drops it, so nothing flickers; when it fails the overlay drops it and the item shows the truth again.
 */
import { actionTarget } from '../shared/actions';
import type { HeraldEvent } from '../shared/events';
import type { InboxChange, InboxComment, InboxItem } from '../shared/inbox';
import { itemKey } from '../shared/inbox';
import type { OutboxEntry } from '../shared/outbox';
import { Emitter } from './emitter';
import { InboxOrder } from './inbox-order';
import { silentLogger, type Logger } from './log';

/** An item as the server knows it (no optimistic overlay), plus its insertion order to break ties between equal times. */
type ServerItem = Omit<InboxItem, 'pending'> & { seq: number };

/** Live comments kept per item (the detail view asks the server for the rest). */
const LIVE_COMMENTS_PER_ITEM = 200;

export interface InboxSnapshot {
  version: 1;
  items: Omit<ServerItem, 'seq'>[];
}

export class Inbox {
  readonly #items = new Map<string, ServerItem>();
  readonly #comments = new Map<string, InboxComment[]>();
  /** Pending outbox entries by item key ('*' lanes are applied to every item of their source). */
  #pending: OutboxEntry[] = [];
  /** The same entries indexed by item key, and the source-wide ones (mark all read) by source. */
  #pendingByItem = new Map<string, OutboxEntry[]>();
  #pendingBySource = new Map<string, OutboxEntry[]>();
  /** Display order and eviction order, kept per change (./inbox-order.ts): no sort per live event. */
  readonly #order = new InboxOrder<ServerItem>((s) => this.#items.get(s.key) === s);
  /** Keys of the items shown unread (server state and the pending overlay), so the count costs nothing to read. */
  readonly #unread = new Set<string>();
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
    return [...(this.#comments.get(key) ?? [])];
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
          const item: ServerItem = {
            key,
            sourceId,
            itemId: e.data.itemId,
            eventId: e.id,
            kind: e.type,
            title: e.data.title,
            body: e.data.body,
            priority: e.data.priority,
            time: e.time,
            read: false,
            likes: 0,
            liked: false,
            commentCount: 0,
            seq: ++this.#seq,
          };
          if (e.type === 'system') item.level = e.data.level;
          else {
            if (e.data.url !== undefined) item.url = e.data.url;
            if (e.data.tags !== undefined) item.tags = e.data.tags;
            if (e.data.actions !== undefined) item.actions = e.data.actions;
            if (e.data.icon !== undefined) item.icon = e.data.icon;
            if (e.data.attachment !== undefined) item.attachment = e.data.attachment;
            if (e.data.markdown !== undefined) item.markdown = e.data.markdown;
            if (e.data.expires !== undefined) item.expires = e.data.expires;
          }
          this.#insert(item);
          added.push(item);
          break;
        }
        case 'new_comment': {
          const key = itemKey(sourceId, e.data.itemId);
          const fresh = this.#addComment(key, { ...e.data.comment });
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
              if (item.sourceId === sourceId && !item.read && compareIds(item.eventId, e.data.upTo) <= 0) {
                this.#markRead(item);
                updated.add(item);
              }
            }
          }
          break;
        }
      }
    }
    for (const a of added) this.#refreshUnread(a);
    for (const u of updated) this.#refreshUnread(u);
    const removed = this.#enforceLimit();
    for (const a of added) updated.delete(a);
    const out: InboxChange[] = [];
    if (added.length > 0) out.push({ kind: 'added', items: added.filter((a) => this.#items.has(a.key)).map((a) => this.#view(a)) });
    if (updated.size > 0) out.push({ kind: 'updated', items: [...updated].filter((u) => this.#items.has(u.key)).map((u) => this.#view(u)) });
    if (removed.length > 0) out.push({ kind: 'removed', keys: removed });
    out.push(...changes);
    this.#emit(out);
  }

  /**
   * A notice Herald raises itself about a source (messages may be missing). It sorts by its time like any item and
   * counts as unread; it is never the target of a server action.
   */
  addNotice(sourceId: string, itemId: string, notice: Pick<InboxItem, 'title' | 'body' | 'time' | 'notice'>): InboxItem {
    const key = itemKey(sourceId, itemId);
    const existing = this.#items.get(key);
    if (existing) return this.#view(existing);
    const item: ServerItem = {
      key,
      sourceId,
      itemId,
      // Older than any server id: "mark all read up to X" covers it.
      eventId: '0',
      kind: 'system',
      level: 'warning',
      priority: 3,
      read: false,
      likes: 0,
      liked: false,
      commentCount: 0,
      local: true,
      ...notice,
      seq: ++this.#seq,
    };
    this.#insert(item);
    this.#refreshUnread(item);
    this.#sorted = null;
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
    const touched: ServerItem[] = [];
    for (const s of this.#items.values()) if (s.sourceId === sourceId && !s.read) touched.push(s);
    this.#markReadHere(touched);
  }

  #markReadHere(items: ServerItem[]): void {
    if (items.length === 0) return;
    for (const s of items) {
      this.#markRead(s);
      this.#refreshUnread(s);
    }
    this.#sorted = null;
    this.#emit([{ kind: 'updated', items: items.map((s) => this.#view(s)) }]);
  }

  /** The outbox's waiting entries changed: recompute the optimistic overlay. */
  setPending(entries: readonly OutboxEntry[]): void {
    const before = new Set(this.#affected(this.#pending));
    const waiting = entries.filter((e) => e.state.kind !== 'failed');
    const commentChanges: InboxChange[] = [];
    // Pending comments: add new ones to the live list, drop the ones no longer waiting (acknowledged or failed).
    const waitingKeys = new Set(waiting.map((e) => e.key));
    for (const [key, list] of this.#comments) {
      const kept = list.filter((c) => !c.pending || (c.outboxKey !== undefined && waitingKeys.has(c.outboxKey)));
      if (kept.length !== list.length) this.#comments.set(key, kept);
    }
    for (const e of waiting) {
      if (e.action.type !== 'comment') continue;
      const key = itemKey(e.sourceId, e.action.itemId);
      const list = this.#comments.get(key) ?? [];
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
      this.#comments.set(key, list);
      commentChanges.push({ kind: 'comment', itemKey: key, comment });
    }
    this.#pending = waiting.slice();
    this.#pendingByItem.clear();
    this.#pendingBySource.clear();
    for (const e of this.#pending) {
      const target = actionTarget(e.action);
      const [map, key] = target === '*' ? [this.#pendingBySource, e.sourceId] : [this.#pendingByItem, itemKey(e.sourceId, target)];
      const list = map.get(key) ?? [];
      list.push(e);
      map.set(key, list);
    }
    const after = this.#affected(this.#pending);
    for (const k of after) before.add(k);
    const items = [...before].map((k) => this.#items.get(k)).filter((s): s is ServerItem => s !== undefined);
    for (const s of items) this.#refreshUnread(s);
    const out: InboxChange[] = [];
    if (items.length > 0) out.push({ kind: 'updated', items: items.map((s) => this.#view(s)) });
    out.push(...commentChanges);
    this.#emit(out);
  }

  /** The server acknowledged an action: fold its answer into the server layer (before the overlay drops it). */
  acknowledge(entry: OutboxEntry, result: unknown): void {
    const r = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
    const a = entry.action;
    const touched: ServerItem[] = [];
    if (a.type === 'mark_all_read') {
      for (const item of this.#items.values()) {
        if (item.sourceId === entry.sourceId && !item.read && (a.upTo === undefined || compareIds(item.eventId, a.upTo) <= 0)) {
          this.#markRead(item);
          touched.push(item);
        }
      }
    } else {
      const item = this.#items.get(itemKey(entry.sourceId, a.itemId));
      if (item) {
        if (a.type === 'mark_read' && !item.read) this.#markRead(item);
        if ((a.type === 'like' || a.type === 'unlike') && typeof r.likes === 'number') {
          item.likes = r.likes;
          item.liked = typeof r.liked === 'boolean' ? r.liked : a.type === 'like';
        }
        touched.push(item);
      }
      if (a.type === 'comment') {
        const c = r.comment as InboxComment | undefined;
        const key = itemKey(entry.sourceId, a.itemId);
        if (c && typeof c.id === 'string') {
          // The server's copy replaces the pending one; the live new_comment event for it is then a duplicate.
          const list = (this.#comments.get(key) ?? []).filter((x) => x.outboxKey !== entry.key);
          this.#comments.set(key, list);
          if (this.#addComment(key, { ...c })) {
            if (item) item.commentCount++;
            this.#emit([{ kind: 'comment', itemKey: key, comment: { ...c } }]);
          }
        }
      }
    }
    for (const s of touched) this.#refreshUnread(s);
    if (touched.length > 0) {
      this.#sorted = null;
      this.#emit([{ kind: 'updated', items: touched.map((s) => this.#view(s)) }]);
    }
  }

  /** Items' keys for one source, e.g. to drop a removed source. */
  removeSource(sourceId: string): void {
    const keys: string[] = [];
    for (const [k, s] of this.#items) if (s.sourceId === sourceId) keys.push(k);
    for (const k of keys) this.#drop(this.#items.get(k)!);
    if (keys.length > 0) this.#emit([{ kind: 'removed', keys }]);
  }

  toSnapshot(limit = 2000): InboxSnapshot {
    return { version: 1, items: this.#order.newest(limit).map(({ seq: _seq, ...rest }) => rest) };
  }

  restore(snapshot: InboxSnapshot | undefined): void {
    if (!snapshot || snapshot.version !== 1 || !Array.isArray(snapshot.items)) return;
    // Oldest first so newer items get higher sequence numbers.
    for (const it of [...snapshot.items].reverse()) {
      if (typeof it?.key !== 'string' || this.#items.has(it.key)) continue;
      const item: ServerItem = { ...it, seq: ++this.#seq };
      this.#insert(item);
      this.#refreshUnread(item);
    }
    this.#enforceLimit();
    this.#sorted = null;
    this.#emit([{ kind: 'reset' }]);
  }

  #insert(item: ServerItem): void {
    this.#items.set(item.key, item);
    this.#order.add(item);
  }

  #drop(item: ServerItem): void {
    this.#items.delete(item.key);
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
    if (this.#items.get(s.key) !== s || this.#isRead(s)) this.#unread.delete(s.key);
    else this.#unread.add(s.key);
  }

  #addComment(key: string, comment: InboxComment): boolean {
    const list = this.#comments.get(key) ?? [];
    if (list.some((c) => c.id === comment.id)) return false;
    list.push(comment);
    if (list.length > LIVE_COMMENTS_PER_ITEM) list.splice(0, list.length - LIVE_COMMENTS_PER_ITEM);
    this.#comments.set(key, list);
    return true;
  }

  #affected(entries: readonly OutboxEntry[]): string[] {
    const keys: string[] = [];
    for (const e of entries) {
      const target = actionTarget(e.action);
      if (target === '*') {
        for (const s of this.#items.values()) if (s.sourceId === e.sourceId && !s.read) keys.push(s.key);
      } else keys.push(itemKey(e.sourceId, target));
    }
    return keys;
  }

  #isRead(s: ServerItem): boolean {
    if (s.read) return true;
    for (const e of this.#pendingFor(s)) {
      if (e.action.type === 'mark_read') return true;
      if (e.action.type === 'mark_all_read' && (e.action.upTo === undefined || compareIds(s.eventId, e.action.upTo) <= 0)) return true;
    }
    return false;
  }

  /** Pending entries that touch this item, in queue order. */
  #pendingFor(s: ServerItem): OutboxEntry[] {
    const own = this.#pendingByItem.get(s.key);
    const all = this.#pendingBySource.get(s.sourceId);
    if (!own) return all ?? [];
    if (!all) return own;
    return [...own, ...all].sort((a, b) => a.createdAt - b.createdAt);
  }

  #view(s: ServerItem): InboxItem {
    const { seq: _seq, ...base } = s;
    const view: InboxItem = { ...base };
    let pendingRead = false;
    let pendingLike = false;
    let pendingComments = 0;
    for (const e of this.#pendingFor(s)) {
      const a = e.action;
      if (a.type === 'mark_all_read') {
        if (!s.read && (a.upTo === undefined || compareIds(s.eventId, a.upTo) <= 0)) pendingRead = true;
        continue;
      }
      if (a.type === 'mark_read' && !s.read) pendingRead = true;
      if (a.type === 'like' || a.type === 'unlike') {
        // The last like/unlike in the queue wins, counted from the server's state.
        const want = a.type === 'like';
        view.liked = want;
        view.likes = s.likes + (want === s.liked ? 0 : want ? 1 : -1);
        pendingLike = want !== s.liked;
      }
      if (a.type === 'comment') pendingComments++;
    }
    if (pendingRead) view.read = true;
    view.commentCount = s.commentCount + pendingComments;
    if (pendingRead || pendingLike || pendingComments > 0) {
      view.pending = {};
      if (pendingRead) view.pending.read = true;
      if (pendingLike) view.pending.like = true;
      if (pendingComments > 0) view.pending.comments = pendingComments;
    }
    return view;
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

/** Compare event ids: numerically when both are decimal (herald), else as strings (nchan `<sec>:<tag>`, ntfy). */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
