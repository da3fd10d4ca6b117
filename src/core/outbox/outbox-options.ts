/** The outbox's options, their defaults and their bounds (a caller's odd number is clamped, not trusted). */
import type { Action } from '../../shared/actions';
import type { OutboxEntry } from '../../shared/outbox';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import type { ActionResponse } from '../source';
import type { KeyValueStore } from '../store';
import type { OutboxMailbox } from './outbox-mailbox';
import { DEFAULT_RETRY_DELAY, type RetryDelayOptions } from './send-result';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_ENTRIES = 10_000;
export const DEFAULT_MAX_ENTRY_BYTES = 16 * 1024;

export interface OutboxOptions {
  /** The outbox's own store (a dedicated file in the app). */
  store: KeyValueStore;
  /** Send one entry (the client routes by `entry.sourceId` to that source's `actions`). May throw on network errors. */
  send: (entry: OutboxEntry, signal: AbortSignal) => Promise<ActionResponse>;
  /**
   * Whether the source can take this action at all (its `actions` capability, src/core/source.ts); false: enqueue
   * refuses it with `invalid_input`, so nothing is queued that could never be sent. Default: every action is taken.
   */
  takesActions?: (sourceId: string, action: Action) => boolean;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /** Entries in flight at once, across lanes. Default 4. */
  concurrency?: number;
  /** Most entries kept (waiting + failed). Default 10 000. */
  maxEntries?: number;
  /** Largest serialized entry, bytes. Default 16 KiB. */
  maxEntryBytes?: number;
  /** Idempotency keys. Default crypto.randomUUID(). */
  newKey?: () => string;
  /** A send that has not settled after this long counts as a timeout and is retried (same key). Default 60 s. */
  sendTimeoutMs?: number;
  /** Backoff for transient failures. */
  retry?: Partial<RetryDelayOptions>;
  /** How long acknowledged removals may wait to be written together, ms. Default 250. */
  persistDelayMs?: number;
  /** Where other processes hand over the actions they queue (./outbox-mailbox.ts); adopted at start and as they come. */
  mailbox?: OutboxMailbox;
}

export type ResolvedOutboxOptions = Required<Omit<OutboxOptions, 'retry' | 'mailbox'>> & { retry: RetryDelayOptions; mailbox: OutboxMailbox | null };

export function resolveOutboxOptions(options: OutboxOptions): ResolvedOutboxOptions {
  return {
    store: options.store,
    send: options.send,
    takesActions: options.takesActions ?? (() => true),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    logger: options.logger ?? silentLogger,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
    maxEntries: Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MAX_ENTRIES)),
    maxEntryBytes: Math.max(256, Math.floor(options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES)),
    newKey: options.newKey ?? (() => crypto.randomUUID()),
    sendTimeoutMs: Math.max(1, options.sendTimeoutMs ?? 60_000),
    retry: { ...DEFAULT_RETRY_DELAY, ...options.retry },
    persistDelayMs: Math.max(0, options.persistDelayMs ?? 250),
    mailbox: options.mailbox ?? null,
  };
}
