/**
 * What the rules said about each unread item's badge, kept between recounts. The tray counts again on every change
 * of the list (at most every 100 ms in a burst) and every minute; asking the rules about every unread item each time
 * would fold and match all their text again — thousands of items in a publisher's flood. An answer is reused while
 * the item reads the same (the fields rules look at) and the rules, profiles and source kinds are the same; only the
 * unread items of the last count are kept, so memory follows the list.
 */
import type { InboxItem } from '../shared/inbox';

interface Answer {
  item: InboxItem;
  counts: boolean;
}

/** The fields of an item that rules and the profile row read (src/core/rules/evaluate.ts `ruleItemOfInboxItem`). */
function readsTheSame(a: InboxItem, b: InboxItem): boolean {
  const hasActions = (i: InboxItem) => Array.isArray(i.actions) && i.actions.length > 0;
  const tagsA = a.tags ?? [];
  const tagsB = b.tags ?? [];
  return (
    a.sourceId === b.sourceId &&
    a.kind === b.kind &&
    a.eventId === b.eventId &&
    a.title === b.title &&
    a.body === b.body &&
    a.priority === b.priority &&
    a.sealed === b.sealed &&
    hasActions(a) === hasActions(b) &&
    tagsA.length === tagsB.length &&
    tagsA.every((t, i) => t === tagsB[i])
  );
}

export class RulesBadgeMemo {
  #settings = '';
  #answers = new Map<string, Answer>();
  #next = new Map<string, Answer>();

  /** Starts a count under these settings (anything the answers depend on, as one string): changed, all are asked again. */
  begin(settings: string): void {
    if (settings !== this.#settings) this.#answers = new Map();
    this.#settings = settings;
    this.#next = new Map();
  }

  /** The rules' answer for an unread item, asked only when not known for the item as it reads now. */
  counts(item: InboxItem, ask: () => boolean): boolean {
    const known = this.#answers.get(item.key);
    const answer = known !== undefined && readsTheSame(known.item, item) ? known : { item, counts: ask() };
    this.#next.set(item.key, answer);
    return answer.counts;
  }

  /** Ends a count: only the items it saw are kept. */
  end(): void {
    this.#answers = this.#next;
    this.#next = new Map();
  }
}
