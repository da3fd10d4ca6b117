/**
 * The durable offline outbox (the browser prototype's 离线同步 "offline sync", done properly). Every user action
 * goes through it, online or not:
 * 1. `enqueue` validates the action, gives it an idempotency key (./new-entry.ts), and writes it to the store BEFORE
 *    returning.
 * 2. While its source is online (the supervisor's `open`), it is sent — in order per item, `mark_all_read` as a
 *    barrier (./lanes.ts), at most `concurrency` at a time.
 * 3. It leaves the store only after the server acknowledged it. A crash at any point means it is sent again with the
 *    same key, and the server (which keeps keys) applies it once.
 * Transient failures retry with backoff; permanent ones wait in a visible failed list for the user (./send-result.ts).
 * When the store is written: ./outbox-writer.ts. The layout and its migrations: ./outbox-schema.ts.
 */
import type { Action } from '../../shared/actions';
import type { Notice } from '../../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../../shared/outbox';
import { OnceTimer } from '../base/clock';
import { Emitter, type Disposable } from '../base/emitter';
import { pickSendable } from './lanes';
import { newEntry, OutboxError } from './new-entry';
import { freezeEntry, OutboxEntries } from './outbox-entries';
import { startHandover } from './outbox-handover';
import { keptAsideNotices, keptLetterNotices } from './kept-aside';
import { KnownSources } from './known-sources';
import { OutboxWriter } from './outbox-writer';
import { startSendAttempt, type SendAttempt } from './send-attempt';
import { resolveOutboxOptions, type OutboxOptions, type ResolvedOutboxOptions } from './outbox-options';
import { retryDelay, type SendOutcome } from './send-result';
import type { ActionResult } from '../source';

export { OutboxError } from './new-entry';
export { DEFAULT_CONCURRENCY, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_ENTRY_BYTES, type OutboxOptions } from './outbox-options';

export interface Acknowledgement {
  entry: OutboxEntry;
  /** What the server's answer changed (likes, the comment's server copy), for reconciliation. */
  result: ActionResult;
}

export class Outbox {
  /** The options with their defaults (./outbox-options.ts). */
  readonly #o: ResolvedOutboxOptions;
  readonly #writer: OutboxWriter;

  /** Enqueue order, frozen entries (./outbox-entries.ts). */
  readonly #entries = new OutboxEntries();
  readonly #online = new Set<string>();
  readonly #inFlight = new Map<string, SendAttempt>();
  readonly #notices: Notice[] = [];
  #done = 0;
  readonly #wakeTimer: OnceTimer;
  #wakeAt: number | null = null;
  #disposed = false;
  #flushWaiters: Array<() => void> = [];
  readonly #knownSources: KnownSources;
  #handover: Disposable | undefined;

  readonly #onDidChange: Emitter<OutboxProgress>;
  readonly #onDidAcknowledge: Emitter<Acknowledgement>;
  readonly #onDidFail: Emitter<OutboxEntry>;

  constructor(options: OutboxOptions) {
    this.#o = resolveOutboxOptions(options);
    this.#wakeTimer = new OnceTimer(this.#o.clock);
    this.#writer = new OutboxWriter({
      store: this.#o.store,
      clock: this.#o.clock,
      logger: this.#o.logger,
      delayMs: this.#o.persistDelayMs,
      entries: () => this.#entries.list(),
      count: () => this.#entries.length,
      entry: (key) => this.#entries.get(key),
    });
    this.#onDidChange = new Emitter(this.#o.logger);
    this.#onDidAcknowledge = new Emitter(this.#o.logger);
    this.#onDidFail = new Emitter(this.#o.logger);
    this.#load();
    this.#knownSources = new KnownSources(this.#o.store, this.#o.logger, () => this.#writer.readOnly);
    // Actions other processes queued (herald act) come in now and whenever a new one is handed over.
    if (this.#o.mailbox && !this.#writer.readOnly) {
      this.#handover = startHandover(this.#o.mailbox, this, this.#o.logger, (n) => this.#notices.push(n));
    }
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
    if (!this.#o.takesActions(sourceId, action)) throw new OutboxError('invalid_input', `source "${sourceId}" takes no ${action.type} actions`);
    const entry = newEntry(sourceId, action, {
      readOnly: this.#writer.readOnly,
      count: this.#entries.length,
      maxEntries: this.#o.maxEntries,
      maxEntryBytes: this.#o.maxEntryBytes,
      newKey: this.#o.newKey,
      exists: (k) => this.#entries.get(k) !== undefined,
      now: this.#o.clock.now(),
    });
    this.#add(entry);
    return entry;
  }

  /**
   * An entry another process queued with its own key (handed over through ./outbox-mailbox.ts): on disk when this
   * returns; false when that key is already here. Throws OutboxError when it cannot be saved.
   */
  adopt(entry: OutboxEntry): boolean {
    if (this.#writer.readOnly) throw new OutboxError('store_newer', 'the outbox file was written by a newer version of Herald: nothing is added to it');
    if (this.#disposed) throw new OutboxError('internal', 'the outbox is closed');
    if (this.#entries.get(entry.key) !== undefined) return false;
    this.#add(freezeEntry({ ...entry, state: { kind: 'pending', attempts: 0 } }));
    return true;
  }

  #add(entry: OutboxEntry): void {
    this.#startNewSyncIfDrained();
    this.#entries.push(entry);
    try {
      this.#writer.now(entry.key);
    } catch (err) {
      this.#entries.remove(entry.key);
      throw new OutboxError('internal', `the action could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.#changed();
  }

  /** A failed entry goes back in line (at its place in enqueue order); a pending one in backoff is tried now. */
  retry(key: string): void {
    const entry = this.#entries.get(key);
    if (this.#disposed || !entry || entry.state.kind === 'sending') return;
    if (entry.state.kind === 'failed') {
      this.#startNewSyncIfDrained();
      this.#entries.setState(key, { kind: 'pending', attempts: entry.state.attempts, lastError: entry.state.error });
    } else {
      const { nextAttemptAt: _drop, ...rest } = entry.state;
      this.#entries.setState(key, rest);
    }
    this.#writer.safely(key);
    this.#changed();
  }

  /** Drop an entry for good (failed, or still waiting). An entry being sent cannot be discarded: it may already be applied. */
  discard(key: string): void {
    const entry = this.#entries.get(key);
    if (this.#disposed || !entry) return;
    if (entry.state.kind === 'sending') {
      throw new OutboxError('invalid_input', 'this action is being sent right now and cannot be discarded');
    }
    this.#entries.remove(key);
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
    this.#knownSources.remember(sourceId);
    // The link is back: entries waiting out a network backoff go now. A server's Retry-After is still honoured.
    for (const e of this.#entries.values()) {
      if (e.sourceId !== sourceId || e.state.kind !== 'pending' || e.state.nextAttemptAt === undefined) continue;
      if (e.state.lastError?.code === 'rate_limited') continue;
      const { nextAttemptAt: _drop, ...rest } = e.state;
      this.#entries.setState(e.key, rest);
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
    return this.#entries.list();
  }

  progress(): OutboxProgress {
    return this.#entries.progress(this.#done);
  }

  /** Damaged outbox files kept aside beside the store, for as long as they exist (./kept-aside.ts). */
  keptAside(): string[] {
    return keptAsideNotices(this.#o.store).map((n) => n.path!);
  }

  /** Problems found when loading (entries set aside, a newer layout), for the app to show. */
  notices(): Notice[] {
    // A file set aside at this load is already told by its load notice; the others still exist from earlier runs.
    const told = new Set(this.#notices.map((n) => n.path));
    const kept = [...keptAsideNotices(this.#o.store), ...keptLetterNotices(this.#o.mailbox)];
    return [...this.#notices.map((n) => ({ ...n })), ...kept.filter((n) => !told.has(n.path))];
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#handover?.dispose();
    for (const attempt of this.#inFlight.values()) attempt.cancel();
    this.#inFlight.clear();
    this.#wakeTimer.dispose();
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
    const free = this.#o.concurrency - this.#inFlight.size;
    // Every source offline (a long offline session): nothing to send and no backoff to wake for, whatever the queue holds.
    const { ready, wakeAt } = this.#online.size === 0 ? { ready: [], wakeAt: null } : pickSendable(this.#entries.values(), {
      now: this.#o.clock.now(),
      isOnline: (id) => this.#online.has(id),
      limit: Math.max(0, free),
    });
    for (const entry of ready) this.#start(entry);
    this.#scheduleWake(wakeAt);
    if (ready.length > 0) this.#onDidChange.fire(this.progress());
    this.#checkIdle();
  }

  #start(entry: OutboxEntry): void {
    const sending = this.#entries.setState(entry.key, { kind: 'sending', attempts: entry.state.attempts + 1 });
    const attempt = startSendAttempt(this.#o.send, sending, { clock: this.#o.clock, timeoutMs: this.#o.sendTimeoutMs }, (outcome) => {
      try {
        this.#settle(entry.key, attempt, outcome);
      } catch (err) {
        this.#o.logger.error('settling a send failed', { key: entry.key, error: String(err) });
      }
    });
    this.#inFlight.set(entry.key, attempt);
  }

  #settle(key: string, attempt: SendAttempt, outcome: SendOutcome): void {
    // Disposed, or not the attempt that owns the entry now: nothing to do.
    if (this.#disposed || this.#inFlight.get(key) !== attempt) return;
    this.#inFlight.delete(key);
    const entry = this.#entries.get(key);
    if (!entry) return;
    const attempts = entry.state.attempts;
    switch (outcome.kind) {
      case 'ack': {
        this.#entries.remove(key);
        this.#done++;
        this.#o.logger.debug('acknowledged', { key, type: entry.action.type });
        // Before the change event: the inbox folds the server's answer in before its optimistic overlay drops the entry.
        this.#onDidAcknowledge.fire({ entry, result: outcome.result });
        // Written lazily, with the other removals of the next persistDelayMs (not one write and sync per acknowledgement):
        // killed before that, the entry is sent again after the restart with the same key, and the server answers it
        // from its key cache without applying it again (tests/core/outbox/outbox-lazy-ack.test.ts).
        this.#writer.later(key);
        break;
      }
      case 'retry': {
        const delay = retryDelay(attempts, this.#o.random, outcome.retryAfterMs, this.#o.retry);
        this.#o.logger.info('send failed; will retry', { key, attempts, delayMs: delay, error: outcome.error.message });
        this.#entries.setState(key, { kind: 'pending', attempts, nextAttemptAt: this.#o.clock.now() + delay, lastError: outcome.error });
        this.#writer.later(key);
        break;
      }
      case 'fail': {
        this.#o.logger.warn('action refused by the server', { key, type: entry.action.type, error: outcome.error.message });
        const failed = this.#entries.setState(key, { kind: 'failed', attempts, error: outcome.error, failedAt: this.#o.clock.now() });
        this.#writer.safely(key);
        this.#onDidFail.fire(failed);
        break;
      }
    }
    this.#changed();
  }

  #scheduleWake(at: number | null): void {
    if (at === this.#wakeAt) return;
    this.#wakeTimer.cancel();
    this.#wakeAt = at;
    if (at === null) return;
    this.#wakeTimer.schedule(at - this.#o.clock.now(), () => {
      this.#wakeAt = null;
      this.#pump();
    });
  }

  #isIdle(): boolean {
    if (this.#inFlight.size > 0) return false;
    if (this.#online.size === 0) return true;
    const { ready } = pickSendable(this.#entries.values(), { now: this.#o.clock.now(), isOnline: (id) => this.#online.has(id), limit: 1 });
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
    // The stored entries with the journal's changes since the last whole write folded in (./outbox-writer.ts).
    const { entries, notices } = this.#writer.load(this.#o.newKey);
    this.#entries.reset(entries);
    this.#notices.push(...notices);
  }

  /** "syncing done/total" counts from the first action after the outbox last drained. */
  #startNewSyncIfDrained(): void {
    if (!this.#entries.hasWaiting()) this.#done = 0;
  }

  #changed(): void {
    this.#onDidChange.fire(this.progress());
    this.#pump();
  }
}
