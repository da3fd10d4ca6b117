/**
 * What the supervisor hands on, and the only writer of a source's cursor: events de-duplicated (across reconnects,
 * transport switches, catch-ups and the first load), in order, stamped with their source; the resume cursor saved
 * after each delivered batch; history (catch-ups, and the first load of a source never read before) paged through
 * the source and delivered marked `catchUp`; and loss reports, dated from the newest event known. Connection
 * control lives in supervisor.ts.
 */
import { isItemEvent, type HeraldEvent } from '../../shared/events';
import { SeenIds } from './seen-ids';
import { Emitter, type Disposable } from '../base/emitter';
import type { Logger } from '../base/log';
import type { CatchUpProgress, LossInfo, Source } from '../source';

/**
 * What a store gives back for a source's cursor: the cursor, null (never read), or something that cannot be one —
 * a value of the wrong type, or no value because the file that kept it was damaged and set aside. `unusable` says
 * why, for the log.
 */
export type SavedCursor = string | null | { unusable: string };

export interface CursorStore {
  load(): SavedCursor;
  save(cursor: string | null): void;
}

export interface ReceivedEvents {
  events: HeraldEvent[];
  catchUp: boolean;
}

export class EventHandoff {
  readonly #sourceId: string;
  readonly #store: CursorStore;
  readonly #log: Logger;
  readonly #seen: SeenIds;
  readonly #onEvents: Emitter<ReceivedEvents>;
  readonly #onCatchUp: Emitter<{ count: number }>;
  readonly #onLoss: Emitter<LossInfo>;
  #cursor: string | null = null;

  constructor(options: { sourceId: string; store: CursorStore; logger: Logger; dedupCapacity: number }) {
    this.#sourceId = options.sourceId;
    this.#store = options.store;
    this.#log = options.logger;
    this.#seen = new SeenIds(options.dedupCapacity);
    this.#onEvents = new Emitter(options.logger);
    this.#onCatchUp = new Emitter(options.logger);
    this.#onLoss = new Emitter(options.logger);
  }

  readonly onDidReceiveEvents = (listener: (e: ReceivedEvents) => void): Disposable => this.#onEvents.event(listener);
  readonly onDidCatchUp = (listener: (e: { count: number }) => void): Disposable => this.#onCatchUp.event(listener);
  readonly onDidDetectLoss = (listener: (e: LossInfo) => void): Disposable => this.#onLoss.event(listener);

  #unsaved: { cursor: string | null } | null = null;
  #flushQueued = false;

  get cursor(): string | null {
    return this.#cursor;
  }

  /** Time of the newest event handed on since start (what a loss notice says "since"). */
  get lastEventTime(): string | null {
    return this.#lastEventTime;
  }

  #lastEventTime: string | null = null;

  /** After a start over, until a new cursor is saved: what the server still holds should be read again. */
  get reloadWanted(): boolean {
    return this.#reloadWanted;
  }

  #reloadWanted = false;
  /** The server refused our cursor once this run: a second refusal is an ordinary failure. */
  #refusedOnce = false;

  /**
   * Read the saved cursor. Something there that is not a cursor (a number, a damaged file) is not a first run: the
   * position was lost — a start over (noticed at `now`), never a silent start "from now", never a crash.
   */
  load(now: string): void {
    this.#cursor = null;
    this.#refusedOnce = false;
    let saved: unknown;
    try {
      saved = this.#store.load();
    } catch (err) {
      saved = { unusable: `could not read it: ${String(err)}` };
    }
    if (typeof saved === 'string' && saved.length > 0) this.#cursor = saved;
    else if (saved !== null && saved !== undefined && saved !== '') {
      const why = typeof saved === 'object' && typeof (saved as { unusable?: unknown }).unusable === 'string';
      this.#startOver(why ? (saved as { unusable: string }).unusable : `not a cursor (${typeof saved})`, now);
    }
  }

  /**
   * [PROTOCOL] The server answered 400 to a request that carried our cursor: it cannot use it, and asking again
   * would be refused forever. Start over, once per run (true); a second refusal is an ordinary failure (false).
   */
  cursorRefused(detail: string, now: string): boolean {
    if (this.#cursor === null || this.#refusedOnce) return false;
    this.#refusedOnce = true;
    this.#startOver(`the server refused it: ${detail}`, now);
    return true;
  }

  /**
   * Forget the cursor, say that events may be missing (up to `now`), and want the server's history read again from
   * its start, so what it still holds is handed on again.
   */
  #startOver(why: string, now: string): void {
    this.#log.info('the saved position cannot be used; starting over', { why });
    this.reportLoss({ reason: 'cursor_unusable', to: now });
    this.reset();
    this.#reloadWanted = true;
  }

  /** Hand on the new events of a batch; returns how many were new. */
  deliver(events: HeraldEvent[], catchUp: boolean, cursor: string | null): number {
    // The events are the delivery's from here on: stamped in place (a copy per event cost more than the inbox's
    // whole work for it; scripts/bench/profile-pipeline.ts).
    const fresh = this.#seen.filter(events);
    for (const e of fresh) e.source = this.#sourceId;
    const newest = events.at(-1)?.time;
    if (newest !== undefined && (this.#lastEventTime === null || newest > this.#lastEventTime)) this.#lastEventTime = newest;
    if (fresh.length > 0) this.#onEvents.fire({ events: fresh, catchUp });
    // Saved after the listeners ran: a crash in between replays (and de-dup absorbs) rather than loses.
    this.#save(cursor ?? events.at(-1)?.id ?? null);
    return fresh.length;
  }

  /** The server lost its data and restarted its ids: our cursor and remembered ids mean nothing there any more. */
  reset(): void {
    this.#cursor = null;
    this.#persist(null);
    this.#seen.clear();
  }

  /**
   * Page the source's history after `after`, deliver it as catch-up, save where it ended, and tell listeners when
   * anything was recovered (`count`: the notifications and system messages among it). `cancelled()` is checked
   * between pages: a closed attempt delivers nothing more.
   */
  async catchUp(source: Source, after: string | null, signal: AbortSignal, cancelled: () => boolean): Promise<void> {
    const onLoss = (info: LossInfo): void => {
      if (!cancelled()) this.reportLoss(info);
    };
    const { delivered, count } = await this.#readHistory(cancelled, (onBatch) => source.catchUp(after, onBatch, signal, onLoss));
    if (!cancelled() && delivered > 0) this.#onCatchUp.fire({ count });
  }

  /**
   * A source never read before (no cursor): its newest `limit` events, delivered as catch-up (listed, not
   * toasted), and the cursor where they end. `onProgress` hears how far it got.
   */
  async firstLoad(source: Source, limit: number, signal: AbortSignal, cancelled: () => boolean, onProgress: (p: CatchUpProgress) => void): Promise<void> {
    const load = source.loadRecent?.bind(source);
    if (!load) return;
    await this.#readHistory(cancelled, (onBatch) => load(limit, onBatch, signal), onProgress);
  }

  /** Events may have been missed for good: tell listeners, with the newest event time known as "since". */
  reportLoss(info: LossInfo): void {
    const from = info.from ?? this.#lastEventTime ?? undefined;
    const full: LossInfo = from !== undefined ? { ...info, from } : info;
    // Info, not warn: the listeners tell the user (the app's notice, the CLI's warning line); a warning here too
    // printed every loss twice on the command line.
    this.#log.info('events may have been missed', { ...full });
    this.#onLoss.fire(full);
  }

  async #readHistory(
    cancelled: () => boolean,
    read: (onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void) => Promise<string | null>,
    onProgress?: (p: CatchUpProgress) => void,
  ): Promise<{ delivered: number; count: number }> {
    let delivered = 0;
    let count = 0;
    const cursor = await read((events, progress) => {
      if (cancelled()) return;
      this.#log.debug('reading history', { done: progress.done, total: progress.total });
      delivered += this.deliver(events, true, null);
      count += events.filter(isItemEvent).length;
      onProgress?.(progress);
    });
    if (!cancelled() && cursor !== null) this.#save(cursor);
    return { delivered, count };
  }

  #save(cursor: string | null): void {
    if (cursor === null || cursor === '' || cursor === this.#cursor) return;
    this.#cursor = cursor;
    this.#reloadWanted = false;
    this.#persist(cursor);
  }

  /**
   * Writes are coalesced per microtask: an SSE chunk carrying a burst of a thousand events is dispatched in one
   * task, and the app's store rewrites its file on every save — one write for the burst, not a thousand, with no
   * wider crash window (the write still happens before any further I/O).
   */
  #persist(cursor: string | null): void {
    this.#unsaved = { cursor };
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      const pending = this.#unsaved;
      this.#unsaved = null;
      if (!pending) return;
      try {
        this.#store.save(pending.cursor);
      } catch (err) {
        this.#log.error('could not save the cursor', { error: String(err) });
      }
    });
  }
}
