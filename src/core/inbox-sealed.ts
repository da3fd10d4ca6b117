/**
 * The inbox's sealed items: the ciphertext of each item Herald could not open, kept in the core (never in the item
 * the displays get), so a key added later opens what is already in the inbox.
 */
import type { HeraldEvent } from '../shared/events';
import { openEnvelope, type Opened } from './e2e/open';
import { envelopeOf, type SealedEnvelope } from './e2e/sealed';
import { itemFromEvent, type ServerItem } from './inbox-item';

/** The fields an opened notification brings; everything else (read, likes, comments, order) stays the item's. */
const SHOWN = ['title', 'body', 'priority', 'url', 'tags', 'actions', 'icon', 'attachment', 'markdown', 'expires', 'sealed'] as const;

export class SealedItems {
  readonly #envelopes = new Map<string, SealedEnvelope>();

  /** Keeps the envelope of a sealed event that made the item `key`. */
  keep(key: string, event: HeraldEvent): void {
    const envelope = envelopeOf(event);
    if (envelope !== undefined) this.#envelopes.set(key, envelope);
  }

  /** The envelope of item `key` (for the inbox cache), and one read back from it. */
  envelope(key: string): SealedEnvelope | undefined {
    return this.#envelopes.get(key);
  }

  restore(key: string, envelope: SealedEnvelope): void {
    this.#envelopes.set(key, envelope);
  }

  forget(key: string): void {
    this.#envelopes.delete(key);
  }

  /** Tries each sealed item of the source with `keys`, all at once; the answers in the order of the items. */
  async tryOpen(items: readonly ServerItem[], keys: readonly string[]): Promise<Array<[ServerItem, Opened]>> {
    const tries = items.flatMap((item) => {
      const envelope = this.#envelopes.get(item.key);
      return envelope === undefined ? [] : [openEnvelope(envelope, keys).then((r): [ServerItem, Opened] => [item, r])];
    });
    return Promise.all(tries);
  }
}

/** Turns a sealed item into the opened notification, in place (the inbox's order keeps the same object). */
export function applyOpened(item: ServerItem, event: Extract<HeraldEvent, { type: 'notification' }>): void {
  const fresh = itemFromEvent(item.sourceId, event, item.seq, item.key);
  const target = item as unknown as Record<string, unknown>;
  for (const field of SHOWN) {
    if (fresh[field] === undefined) delete target[field];
    else target[field] = fresh[field];
  }
}
