/**
 * The inbox's sealed items: the ciphertext of each item Herald could not open, kept in the core (never in the item
 * the displays get), so a key added later opens what is already in the inbox.
 */
import type { HeraldEvent } from '../../shared/events';
import { KeyRing, openEnvelope, type Opened } from '../e2e/open';
import { envelopeOf, sealedEnvelopeFrom, type SealedEnvelope } from '../e2e/sealed';
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

  /** The envelopes of the sealed items among `items`, for the inbox cache. */
  snapshot(items: ReadonlyArray<{ key: string; sealed?: unknown }>): Array<{ key: string; envelope: SealedEnvelope }> {
    return items.flatMap((i) => {
      const envelope = i.sealed === undefined ? undefined : this.#envelopes.get(i.key);
      return envelope === undefined ? [] : [{ key: i.key, envelope }];
    });
  }

  /** Keeps an envelope read back from the inbox cache. */
  restore(key: string, envelope: SealedEnvelope): void {
    this.#envelopes.set(key, envelope);
  }

  forget(key: string): void {
    this.#envelopes.delete(key);
  }

  /**
   * Tries each sealed item with `keys`, all at once: an item that opens gets the opened fields (in place: the inbox's
   * order keeps the same object), one that does not gets the new state. Returns the items that changed; an item no
   * longer `current` (dropped, or opened by another call meanwhile) is left alone.
   */
  async reopen(items: readonly ServerItem[], keys: readonly string[], current: (item: ServerItem) => boolean): Promise<ServerItem[]> {
    // One ring for all the items: each key is made usable once, not once per item.
    const ring = new KeyRing(keys);
    const tries = items.flatMap((item) => {
      const envelope = this.#envelopes.get(item.key);
      return envelope === undefined ? [] : [openEnvelope(envelope, ring).then((r): [ServerItem, Opened] => [item, r])];
    });
    const touched: ServerItem[] = [];
    for (const [item, r] of await Promise.all(tries)) {
      if (!current(item) || item.sealed === undefined) continue;
      if (r.ok && r.event.type === 'notification') {
        applyOpened(item, r.event);
        this.#envelopes.delete(item.key);
        touched.push(item);
      } else if (!r.ok && r.state !== item.sealed) {
        item.sealed = r.state;
        touched.push(item);
      }
    }
    return touched;
  }
}

/** The envelopes an inbox cache holds, each checked (the file may be damaged or edited), by item key. */
export function savedEnvelopes(saved: unknown): Map<string, SealedEnvelope> {
  const out = new Map<string, SealedEnvelope>();
  if (!Array.isArray(saved)) return out;
  for (const s of saved) {
    if (typeof s !== 'object' || s === null || typeof (s as { key?: unknown }).key !== 'string') continue;
    const envelope = sealedEnvelopeFrom((s as { envelope?: unknown }).envelope);
    if (envelope) out.set((s as { key: string }).key, envelope);
  }
  return out;
}

/** Turns a sealed item into the opened notification, in place. */
function applyOpened(item: ServerItem, event: Extract<HeraldEvent, { type: 'notification' }>): void {
  const fresh = itemFromEvent(item.sourceId, event, item.key);
  const target = item as unknown as Record<string, unknown>;
  for (const field of SHOWN) {
    if (fresh[field] === undefined) delete target[field];
    else target[field] = fresh[field];
  }
}
