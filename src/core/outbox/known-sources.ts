/**
 * The sources the owner of an outbox has been connected to, kept in the outbox's store: an action queued for any
 * other source id (`herald act --server http://localhost:P` while `subscribe` uses http://127.0.0.1:P) would wait
 * forever, so `herald act` and `herald outbox` say so (issue 26, point 7).
 */
import type { Logger } from '../base/log';
import type { KeyValueStore } from '../store';
import { OUTBOX_KEYS } from './outbox-schema';

export function readKnownSources(store: KeyValueStore): Set<string> {
  const raw = store.get<unknown>(OUTBOX_KEYS.connectedSources);
  return new Set(Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []);
}

export class KnownSources {
  readonly #store: KeyValueStore;
  readonly #logger: Logger;
  readonly #readOnly: () => boolean;
  readonly #ids: Set<string>;

  constructor(store: KeyValueStore, logger: Logger, readOnly: () => boolean) {
    this.#store = store;
    this.#logger = logger;
    this.#readOnly = readOnly;
    this.#ids = readKnownSources(store);
  }

  /** Written once per new source id: a connection is not a hot path. */
  remember(id: string): void {
    if (this.#ids.has(id) || this.#readOnly()) return;
    this.#ids.add(id);
    try {
      this.#store.set(OUTBOX_KEYS.connectedSources, [...this.#ids]);
    } catch (err) {
      this.#logger.warn('could not note a connected source', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
