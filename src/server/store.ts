/**
 * What the server keeps, behind one interface: the event log, the item state folded from it, and the idempotency
 * keys of actions. Two stores implement it: the file store (memory, or a data directory; one process) and the Redis
 * store (several nodes sharing one Redis). Endpoints read a local, synchronous view (`log`, `items`) and change
 * anything only through `write`, which is atomic on either store.
 */
import type { HeraldEvent } from '../shared/events';
import type { EventLog } from './event-log';
import type { StoredAnswer } from './idempotency';
import type { ItemStore } from './items';
import type { Emit } from './publish';

/** What a write may do: emit events, and read or keep an action's answer under its idempotency key. */
export interface WriteContext {
  emit: Emit;
  answerFor(key: string): StoredAnswer | undefined;
  keepAnswer(answer: StoredAnswer): void;
}

export interface ServerStore {
  /** The log as this process sees it (on Redis, a copy that follows the shared stream). */
  readonly log: EventLog;
  readonly items: ItemStore;
  /**
   * Run `fn` once, atomically: what it reads is current and what it emits is accepted together with the answer it
   * keeps, or not at all. The file store runs it at once (and returns its value, not a promise); the Redis store in
   * a transaction that is run again when another node wrote first. `idempotencyKey` names the key `fn` will read.
   */
  write<T>(fn: (tx: WriteContext) => T, options?: { idempotencyKey?: string }): T | Promise<T>;
  /** Bring the local view up to the shared log's head; null when the view is the log itself (file store). */
  refresh(): Promise<void> | null;
  /** Every accepted event, in id order, once: for delivery to this process's subscribers. */
  onEvent(listener: (event: HeraldEvent) => void): void;
  /** The shared log was wiped and now has a new identity: open streams must end so their clients see it. */
  onReset(listener: () => void): void;
  /** False while what is shared has been out of reach for a while (Redis); always true for the file store. */
  readonly available: boolean;
  /** It has been out of reach for a while (once per outage): open streams must end, so clients go where it is not. */
  onUnavailable(listener: () => void): void;
  close(): Promise<void>;
}
