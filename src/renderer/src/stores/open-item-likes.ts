/**
 * The open item's likes as last shown, so that a like from someone else (more likes, the reader's own unchanged) can
 * be told from the reader's own and announced. Plain state: nothing on screen depends on it.
 */
import type { InboxItem } from '../../../shared/inbox';

type Seen = Pick<InboxItem, 'key' | 'likes' | 'liked'>;

export class OpenItemLikes {
  #seen: Seen | null = null;

  /** An item was opened (undefined: not loaded yet; its first update only sets the mark). */
  open(item: Seen | undefined): void {
    this.#seen = item ? { key: item.key, likes: item.likes, liked: item.liked } : null;
  }

  close(): void {
    this.#seen = null;
  }

  /** The open item changed: true when someone else liked it since it was last seen. */
  likedByOthers(item: Seen): boolean {
    const seen = this.#seen;
    this.#seen = { key: item.key, likes: item.likes, liked: item.liked };
    return seen !== null && seen.key === item.key && item.likes > seen.likes && item.liked === seen.liked;
  }
}
