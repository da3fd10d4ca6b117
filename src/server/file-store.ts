/**
 * The embedded store: the event log in memory (and in `events.jsonl` with a data directory), item state folded from
 * it, and idempotency keys (`keys.jsonl`). One process owns it, so a write is simply done at once.
 */
import type { HeraldEvent } from '../shared/events';
import type { Logger } from '../core/base/log';
import { EventLog } from './event-log';
import { IdempotencyStore } from './idempotency';
import { ItemStore } from './items';
import type { Emit } from './publish';
import type { ServerStore, WriteContext } from './store';

export interface FileStoreOptions {
  bufferSize: number;
  historyLimit: number;
  dataDir?: string;
  logger: Logger;
  now?: () => number;
}

export class FileStore implements ServerStore {
  readonly log: EventLog;
  readonly items = new ItemStore();
  readonly #keys: IdempotencyStore;
  readonly #listeners: Array<(event: HeraldEvent) => void> = [];
  readonly #tx: WriteContext;

  constructor(opts: FileStoreOptions) {
    const dir = opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {};
    this.log = new EventLog({
      bufferSize: opts.bufferSize,
      historyLimit: opts.historyLimit,
      ...dir,
      logger: opts.logger,
      onEvict: (e) => this.items.evict(e),
      ...(opts.now ? { now: opts.now } : {}),
    });
    for (const e of this.log.retained()) this.items.apply(e);
    this.#keys = new IdempotencyStore({ ...dir, logger: opts.logger });
    // The one door every event goes through: persist, fold into item state, then deliver to everyone.
    const emit: Emit = (type, data) => {
      const event = this.log.append(type, data);
      this.items.apply(event);
      for (const l of this.#listeners) l(event);
      return event;
    };
    this.#tx = { emit, answerFor: (key) => this.#keys.get(key), keepAnswer: (a) => this.#keys.put(a) };
  }

  write<T>(fn: (tx: WriteContext) => T): T {
    return fn(this.#tx);
  }

  refresh(): null {
    return null;
  }

  onEvent(listener: (event: HeraldEvent) => void): void {
    this.#listeners.push(listener);
  }

  onReset(): void {
    // A file store's identity changes only between runs.
  }

  get available(): boolean {
    return true;
  }

  onUnavailable(): void {
    // The file store is this process's own: never out of reach.
  }

  async close(): Promise<void> {
    this.log.close();
    this.#keys.close();
  }
}
