/**
 * Item state (read, likes, comments) derived from the event log: every change to an item is an event, so folding
 * the retained events rebuilds the state after a restart and nothing else needs persisting.
 * An item lives as long as its own event is in history; everything about it comes later, so it is retained too.
 */
import { isItemEvent, type Comment, type HeraldEvent, type ItemDetail, type ItemEvent, type NotificationData, type SystemData } from '../shared/events';

interface ItemRecord {
  event: ItemEvent;
  comments: Comment[];
  likes: number;
  /** The single demo user's like (the reference server has one user). */
  liked: boolean;
  read: boolean;
}

/** `GET /items/:id`: the item and its detail (the shape the clients read, typed once in src/shared/events.ts). */
export interface ItemView extends ItemDetail {
  item: ItemEvent;
}

export class ItemStore {
  #items = new Map<string, ItemRecord>();

  has(itemId: string): boolean {
    return this.#items.has(itemId);
  }

  view(itemId: string): ItemView | undefined {
    const r = this.#items.get(itemId);
    if (!r) return undefined;
    return { item: r.event, comments: [...r.comments], likes: r.likes, liked: r.liked, read: r.read };
  }

  /** Item ids, newest first (the demo feed likes and comments on recent items). */
  recent(limit: number): string[] {
    return [...this.#items.keys()].slice(-limit).reverse();
  }

  /** Fold one accepted event into the state. */
  apply(event: HeraldEvent): void {
    switch (event.type) {
      case 'notification':
      case 'system': {
        const data: NotificationData | SystemData = event.data;
        this.#items.set(data.itemId, { event, comments: [], likes: 0, liked: false, read: false });
        return;
      }
      case 'new_comment': {
        this.#items.get(event.data.itemId)?.comments.push(event.data.comment);
        return;
      }
      case 'like_update': {
        const r = this.#items.get(event.data.itemId);
        if (r) {
          r.likes = event.data.likes;
          r.liked = event.data.liked;
        }
        return;
      }
      case 'read_update': {
        for (const id of event.data.itemIds) {
          const r = this.#items.get(id);
          if (r) r.read = true;
        }
        if (event.data.upTo !== undefined) {
          const upTo = Number(event.data.upTo);
          for (const r of this.#items.values()) if (Number(r.event.id) <= upTo) r.read = true;
        }
        return;
      }
    }
  }

  /** Forget every item (the shared log they came from was wiped). */
  clear(): void {
    this.#items.clear();
  }

  /** Forget an item whose event left history. */
  evict(event: HeraldEvent): void {
    if (isItemEvent(event) && this.#items.get(event.data.itemId)?.event === event) {
      this.#items.delete(event.data.itemId);
    }
  }
}
