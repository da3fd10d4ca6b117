/**
 * The durable offline outbox (the source text's 离线同步, done properly). Every user action goes through it, online or
 * not:
 * 1. `enqueue` validates the action, gives it an idempotency key, and writes it to the store BEFORE returning.
 * 2. While its source is online (the supervisor's `open`), it is sent — in order per item, `mark_all_read` as a
 *    barrier (./lanes.ts), at most `concurrency` at a time.
 * 3. It leaves the store only after the server acknowledged it. A crash at any point means it is sent again with the
 *    same key, and the server (which keeps keys) applies it once.
 * Transient failures retry with backoff; permanent ones wait in a visible failed list for the user (./send-result.ts).
 * When the store is written: ./outbox-writer.ts. The layout and its migrations: ./outbox-schema.ts.
 */
import { validateAction, type Action } from '../../shared/actions';
import type { Notice } from '../../shared/ipc-contract';
import type { OutboxEntry, OutboxEntryState, OutboxProgress } from '../../shared/outbox';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { Emitter, type Disposable } from '../emitter';
import { silentLogger, type Logger } from '../log';
import type { ActionResponse } from '../source';
import type { KeyValueStore } from '../store';
import { pickSendable } from './lanes';
import { isKey, loadOutbox } from './outbox-schema';
import { OutboxWriter } from './outbox-writer';
import { startSendAttempt, type SendAttempt } from './send-attempt';
import { DEFAULT_RETRY_DELAY, retryDelay, type RetryDelayOptions, type SendOutcome } from './send-result';
import { CodedError } from '../coded-error';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_ENTRIES = 10_000;
export const DEFAULT_MAX_ENTRY_BYTES = 16 * 1024;

export interface OutboxOptions {
  /** The outbox's own store (a dedicated file in the app). */
  store: KeyValueStore;
  /** Send one entry (the client routes by `entry.sourceId` to that source's `sendAction`). May throw on network errors. */
  send: (entry: OutboxEntry, signal: AbortSignal) => Promise<ActionResponse>;
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
}

/** A refused enqueue (or a discard of an entry being sent), with a code from the shared catalogue. */
export class OutboxError extends CodedError {}

export interface Acknowledgement {
  entry: OutboxEntry;
  /** The server's `result` (e.g. `{ likes, liked }`, `{ comment }`), for reconciliation. */
  result: unknown;
}

export class Outbox {
  readonly #store: KeyValueStore;
  readonly #send: OutboxOptions['send'];
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #concurrency: number;
  readonly #maxEntries: number;
  readonly #maxEntryBytes: number;
  readonly #newKey: () => string;
  readonly #sendTimeoutMs: number;
  readonly #retry: RetryDelayOptions;
  readonly #writer: OutboxWriter;

  /** Enqueue order. Entry objects are frozen and replaced on every change, so `entries()` can hand them out. */
  #entries: OutboxEntry[] = [];
  /** The same entries by key. */
  readonly #byKey = new Map<string, OutboxEntry>();
  readonly #online = new Set<string>();
  readonly #inFlight = new Map<string, SendAttempt>();
  readonly #notices: Notice[] = [];
  #done = 0;
  #wakeTimer: TimerHandle | undefined;
  #wakeAt: number | null = null;
  #disposed = false;
  #flushWaiters: Array<() => void> = [];

  readonly #onDidChange: Emitter<OutboxProgress>;
  readonly #onDidAcknowledge: Emitter<Acknowledgement>;
  readonly #onDidFail: Emitter<OutboxEntry>;

  constructor(options: OutboxOptions) {
    this.#store = options.store;
    this.#send = options.send;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? silentLogger;
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    this.#maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MAX_ENTRIES));
    this.#maxEntryBytes = Math.max(256, Math.floor(options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES));
    this.#newKey = options.newKey ?? (() => crypto.randomUUID());
    this.#sendTimeoutMs = Math.max(1, options.sendTimeoutMs ?? 60_000);
    this.#retry = { ...DEFAULT_RETRY_DELAY, ...options.retry };
    this.#writer = new OutboxWriter({
      store: this.#store,
      clock: this.#clock,
      logger: this.#log,
      delayMs: Math.max(0, options.persistDelayMs ?? 250),
      entries: () => this.#entries,
      entry: (key) => this.#byKey.get(key),
    });
    this.#onDidChange = new Emitter(this.#log);
    this.#onDidAcknowledge = new Emitter(this.#log);
    this.#onDidFail = new Emitter(this.#log);
    this.#load();
  }

  /** Progress changed (any enqueue, send, acknowledgement, failure, retry or discard). */
  readonly onDidChange = (listener: (p: OutboxProgress) => void): Disposable => this.#onDidChange.event(listener);
  /** The server acknowledged an entry; fires before the `onDidChange` that removes it. */
  readonly onDidAcknowledge = (listener: (e: Acknowledgement) => void): Disposable => this.#onDidAcknowledge.event(listener);
  /** An entry moved to the failed list. */
  readonly onDidFail = (listener: (e: OutboxEntry) => void): Disposable => this.#onDidFail.event(listener);

  // —— user actions ——

  /** Queue an action. It is on disk when this returns. Throws OutboxError (`invalid_input`, `outbox_full`, `internal`). */
  enqueue(sourceId: string, action: Action): OutboxEntry {
    if (this.#disposed) throw new OutboxError('internal', 'the outbox is closed');
    if (typeof sourceId !== 'string' || sourceId.length === 0 || sourceId.length > 200) {
      throw new OutboxError('invalid_input', 'an action needs the id of the source it is for');
    }
    const checked = validateAction(action);
    if (!checked.ok) throw new OutboxError('invalid_input', `the action was refused: ${checked.message}`);
    if (this.#writer.readOnly) {
      throw new OutboxError('internal', 'the outbox file was written by a newer version of Herald; update Herald to queue new actions');
    }
    if (this.#entries.length >= this.#maxEntries) {
      throw new OutboxError(
        'outbox_full',
        `${this.#entries.length} actions are already waiting (the limit is ${this.#maxEntries}); reconnect, or discard failed ones, before adding more`,
      );
    }
    const key = this.#newKey();
    if (!isKey(key) || this.#byKey.has(key)) throw new OutboxError('internal', 'could not make a unique idempotency key');
    const entry = freezeEntry({ key, sourceId, action: checked.action, createdAt: this.#clock.now(), state: { kind: 'pending', attempts: 0 } });
    const bytes = Buffer.byteLength(JSON.stringify(entry), 'utf8');
    if (bytes > this.#maxEntryBytes) {
      throw new OutboxError('invalid_input', `the action is too large to queue (${bytes} bytes; the limit is ${this.#maxEntryBytes})`);
    }
    this.#startNewSyncIfDrained();
    this.#entries.push(entry);
    this.#byKey.set(key, entry);
    try {
      this.#writer.now(key);
    } catch (err) {
      this.#entries.splice(this.#find(key), 1);
      this.#byKey.delete(key);
      throw new OutboxError('internal', `the action could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.#changed();
    return entry;
  }

  /** A failed entry goes back in line (at its place in enqueue order); a pending one in backoff is tried now. */
  retry(key: string): void {
    const i = this.#find(key);
    const entry = this.#entries[i];
    if (this.#disposed || !entry || entry.state.kind === 'sending') return;
    if (entry.state.kind === 'failed') {
      this.#startNewSyncIfDrained();
      this.#replace(i, { kind: 'pending', attempts: entry.state.attempts, lastError: entry.state.error });
    } else {
      const { nextAttemptAt: _drop, ...rest } = entry.state;
      this.#replace(i, rest);
    }
    this.#writer.safely(key);
    this.#changed();
  }

  /** Drop an entry for good (failed, or still waiting). An entry being sent cannot be discarded: it may already be applied. */
  discard(key: string): void {
    const i = this.#find(key);
    const entry = this.#entries[i];
    if (this.#disposed || !entry) return;
    if (entry.state.kind === 'sending') {
      throw new OutboxError('invalid_input', 'this action is being sent right now and cannot be discarded');
    }
    this.#entries.splice(i, 1);
    this.#byKey.delete(key);
    this.#writer.safely(key);
    this.#changed();
  }

  // —— connection ——

  /** The supervisor's view of one source: `open` starts (or resumes) replay; anything else pauses it. */
  setOnline(sourceId: string, online: boolean): void {
    if (this.#disposed || online === this.#online.has(sourceId)) return;
    if (!online) {
      // Sends already in flight finish on their own (or time out): aborting them gains nothing.
      this.#online.delete(sourceId);
      return;
    }
    this.#online.add(sourceId);
    // The link is back: entries waiting out a network backoff go now. A server's Retry-After is still honoured.
    for (let i = 0; i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (e.sourceId !== sourceId || e.state.kind !== 'pending' || e.state.nextAttemptAt === undefined) continue;
      if (e.state.lastError?.code === 'rate_limited') continue;
      const { nextAttemptAt: _drop, ...rest } = e.state;
      this.#replace(i, rest);
    }
    this.#pump();
  }

  /** Resolves when nothing more can be sent right now: all acknowledged or failed, or waiting for a backoff or a link. */
  flush(): Promise<void> {
    this.#pump();
    if (this.#disposed || this.#isIdle()) {
      this.#writer.safely();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#flushWaiters.push(resolve));
  }

  // —— views ——

  /** Every entry (waiting, sending, failed) in enqueue order. The objects are frozen snapshots. */
  entries(): OutboxEntry[] {
    return this.#entries.slice();
  }

  progress(): OutboxProgress {
    let pending = 0;
    let sending = 0;
    let failed = 0;
    for (const e of this.#entries) {
      if (e.state.kind === 'pending') pending++;
      else if (e.state.kind === 'sending') sending++;
      else failed++;
    }
    return { pending, sending, failed, done: this.#done, total: this.#done + pending + sending };
  }

  /** Problems found when loading (entries set aside, a newer layout), for the app to show. */
  notices(): Notice[] {
    return this.#notices.map((n) => ({ ...n }));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const attempt of this.#inFlight.values()) attempt.cancel();
    this.#inFlight.clear();
    this.#clock.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    // Entries still marked 'sending' are written as 'pending': they go again next time, with the same key.
    this.#writer.close();
    for (const resolve of this.#flushWaiters.splice(0)) resolve();
    this.#onDidChange.dispose();
    this.#onDidAcknowledge.dispose();
    this.#onDidFail.dispose();
  }

  // —— sending ——

  #pump(): void {
    if (this.#disposed) return;
    const free = this.#concurrency - this.#inFlight.size;
    // Every source offline (a long offline session): nothing to send and no backoff to wake for, whatever the queue holds.
    const { ready, wakeAt } = this.#online.size === 0 ? { ready: [], wakeAt: null } : pickSendable(this.#entries, {
      now: this.#clock.now(),
      isOnline: (id) => this.#online.has(id),
      limit: Math.max(0, free),
    });
    for (const entry of ready) this.#start(entry);
    this.#scheduleWake(wakeAt);
    if (ready.length > 0) this.#onDidChange.fire(this.progress());
    this.#checkIdle();
  }

  #start(entry: OutboxEntry): void {
    const sending = this.#replace(this.#find(entry.key), { kind: 'sending', attempts: entry.state.attempts + 1 });
    const attempt = startSendAttempt(this.#send, sending, { clock: this.#clock, timeoutMs: this.#sendTimeoutMs }, (outcome) => {
      try {
        this.#settle(entry.key, attempt, outcome);
      } catch (err) {
        this.#log.error('settling a send failed', { key: entry.key, error: String(err) });
      }
    });
    this.#inFlight.set(entry.key, attempt);
  }

  #settle(key: string, attempt: SendAttempt, outcome: SendOutcome): void {
    // Disposed, or not the attempt that owns the entry now: nothing to do.
    if (this.#disposed || this.#inFlight.get(key) !== attempt) return;
    this.#inFlight.delete(key);
    const i = this.#find(key);
    const entry = this.#entries[i];
    if (!entry) return;
    const attempts = entry.state.attempts;
    switch (outcome.kind) {
      case 'ack': {
        this.#entries.splice(i, 1);
        this.#byKey.delete(key);
        this.#done++;
        this.#log.debug('acknowledged', { key, type: entry.action.type });
        // Before the change event: the inbox folds the server's answer in before its optimistic overlay drops the entry.
        this.#onDidAcknowledge.fire({ entry, result: outcome.result });
        this.#writer.later(key);
        break;
      }
      case 'retry': {
        const delay = retryDelay(attempts, this.#random, outcome.retryAfterMs, this.#retry);
        this.#log.info('send failed; will retry', { key, attempts, delayMs: delay, error: outcome.error.message });
        this.#replace(i, { kind: 'pending', attempts, nextAttemptAt: this.#clock.now() + delay, lastError: outcome.error });
        this.#writer.later(key);
        break;
      }
      case 'fail': {
        this.#log.warn('action refused by the server', { key, type: entry.action.type, error: outcome.error.message });
        const failed = this.#replace(i, { kind: 'failed', attempts, error: outcome.error, failedAt: this.#clock.now() });
        this.#writer.safely(key);
        this.#onDidFail.fire(failed);
        break;
      }
    }
    this.#changed();
  }

  #scheduleWake(at: number | null): void {
    if (at === this.#wakeAt) return;
    this.#clock.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    this.#wakeAt = at;
    if (at === null) return;
    this.#wakeTimer = this.#clock.setTimeout(() => {
      this.#wakeTimer = undefined;
      this.#wakeAt = null;
      this.#pump();
    }, Math.max(0, at - this.#clock.now()));
  }

  #isIdle(): boolean {
    if (this.#inFlight.size > 0) return false;
    if (this.#online.size === 0) return true;
    const { ready } = pickSendable(this.#entries, { now: this.#clock.now(), isOnline: (id) => this.#online.has(id), limit: 1 });
    return ready.length === 0;
  }

  #checkIdle(): void {
    if (this.#flushWaiters.length === 0 && !this.#writer.dirty) return;
    if (!this.#isIdle()) return;
    this.#writer.safely();
    for (const resolve of this.#flushWaiters.splice(0)) resolve();
  }

  // —— state ——

  #load(): void {
    try {
      const loaded = loadOutbox(this.#store, { now: this.#clock.now(), newKey: this.#newKey });
      this.#writer.readOnly = loaded.readOnly;
      for (const m of loaded.migrated) this.#log.info('outbox migrated', { migration: m });
      for (const p of loaded.problems) this.#notices.push({ code: 'store_corrupt', message: p });
      // Changes since the last whole write, from the journal, folded into the store at once (./outbox-writer.ts).
      const replayed = this.#writer.replayJournal(loaded.entries, this.#clock.now());
      this.#setEntries(replayed.entries);
      for (const n of replayed.notices) this.#notices.push({ code: 'store_corrupt', ...n });
    } catch (err) {
      // The store itself failed (unwritable file): start empty; enqueue will report the write error clearly.
      const message = `the outbox could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
      this.#log.error(message);
      this.#notices.push({ code: 'store_corrupt', message });
    }
  }

  #setEntries(entries: OutboxEntry[]): void {
    this.#entries = entries.map(freezeEntry);
    this.#byKey.clear();
    for (const e of this.#entries) this.#byKey.set(e.key, e);
  }

  /** "syncing done/total" counts from the first action after the outbox last drained. */
  #startNewSyncIfDrained(): void {
    if (!this.#entries.some((e) => e.state.kind !== 'failed')) this.#done = 0;
  }

  #changed(): void {
    this.#onDidChange.fire(this.progress());
    this.#pump();
  }

  #find(key: string): number {
    return this.#entries.findIndex((e) => e.key === key);
  }

  #replace(i: number, state: OutboxEntryState): OutboxEntry {
    const next = freezeEntry({ ...this.#entries[i]!, state });
    this.#entries[i] = next;
    this.#byKey.set(next.key, next);
    return next;
  }
}

function freezeEntry(entry: OutboxEntry): OutboxEntry {
  Object.freeze(entry.action);
  const s = entry.state;
  if (s.kind === 'failed') Object.freeze(s.error);
  if (s.kind === 'pending' && s.lastError) Object.freeze(s.lastError);
  Object.freeze(s);
  return Object.freeze(entry);
}
