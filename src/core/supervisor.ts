/**
 * The supervisor: control for one source (reconnecting-websocket's split — a transport is mechanism, backoff.ts is
 * policy, this is control). It owns: exactly one connection attempt at a time; retries with full-jitter backoff
 * (reset after stable uptime, floored by the server's retry hint); the fallback chain sse → longpoll → poll when a
 * transport keeps failing, and climbing back later; the heartbeat watchdog on streaming links; the resume cursor;
 * de-duplication; catch-up from history (after a gap, a long disconnect, sleep, or a restart with a saved cursor);
 * suspend/resume, offline/online and hidden (only polling pauses). Time comes only from the injected Clock.
 *
 * States are published only on real changes. Every sink call is checked against the current attempt, so a late
 * report from a transport already closed can never move the state.
 */
import type { ConnectionState, ErrorInfo, TransportKind, TransportPreference } from '../shared/connection-state';
import type { HeraldEvent } from '../shared/events';
import { DEFAULT_AWAY_MAX_DELAY_MS, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, nextDelay } from './backoff';
import { systemClock, type Clock, type TimerHandle } from './clock';
import { Delivery, type CursorStore, type ReceivedEvents } from './delivery';
import { Emitter, type Disposable } from './emitter';
import { Watchdog } from './heartbeat';
import { nextMove } from './transport-ladder';
import { silentLogger, type Logger } from './log';
import type { GapInfo, LossInfo, Source, Transport, TransportSink } from './source';
import { isAbortError, toSourceError } from './transports/http';

export type { CursorStore, ReceivedEvents };

export interface SupervisorOptions {
  source: Source;
  preference: TransportPreference;
  cursor: CursorStore;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /** Backoff 1 s .. 60 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Backoff cap while connections are refused (the server is restarting): 4 s. */
  awayMaxDelayMs?: number;
  /** Reset the attempt counter once a link has stayed up this long (30 s). */
  stableAfterMs?: number;
  /** Consecutive failures of a transport before stepping down the chain (3). */
  fallbackAfterFailures?: number;
  /** While on a fallback, try the better transport again after this long (5 min); step down at once if it fails. */
  climbBackAfterMs?: number;
  /** Catch up from history before going live when the link was down (or asleep) longer than this (60 s). */
  catchUpAfterMs?: number;
  /** How many delivered ids to remember for de-duplication (5 000). */
  dedupCapacity?: number;
}

const MAX_HELD_EVENTS = 20_000;

/** One connection attempt: from "connecting" to its failure or close. */
interface Attempt {
  readonly kind: TransportKind;
  /** Set on a climb-back try: the level to return to at once if it fails. */
  readonly probeFrom: number | null;
  readonly abort: AbortController;
  transport: Transport | null;
  watchdog: Watchdog | null;
  openedAt: number | null;
  /** Something arrived after open: the transport works here. */
  healthy: boolean;
  /** A history catch-up runs: live batches wait in `held`. */
  catchingUp: boolean;
  held: { events: HeraldEvent[]; cursor: string | null }[];
  heldCount: number;
  done: boolean;
}

export class Supervisor {
  readonly #source: Source;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #awayMaxDelayMs: number;
  readonly #stableAfterMs: number;
  readonly #fallbackAfter: number;
  readonly #climbBackAfterMs: number;
  readonly #catchUpAfterMs: number;
  readonly #delivery: Delivery;
  readonly #onState: Emitter<ConnectionState>;
  readonly #onLoss: Emitter<LossInfo>;

  #preference: TransportPreference;
  #chain: readonly TransportKind[] = [];
  #level = 0;
  #state: ConnectionState = { kind: 'stopped' };
  #started = false;
  #suspended = false;
  #online = true;
  #visible = true;
  #failed: ErrorInfo | null = null;
  #current: Attempt | null = null;
  /** Consecutive failed attempts: drives the backoff delay. */
  #attempt = 0;
  /** Consecutive failures of the current transport that say "this transport does not work here": drives fallback. */
  #failures = 0;
  #retryHint: number | undefined;
  #retryTimer: TimerHandle | undefined;
  #climbTimer: TimerHandle | undefined;
  /** When the last healthy link was last heard from; null: not since start (a saved cursor may be far behind). */
  #lastLiveAt: number | null = null;
  #malformed = 0;

  constructor(options: SupervisorOptions) {
    this.#source = options.source;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? silentLogger;
    this.#baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.#awayMaxDelayMs = Math.min(this.#maxDelayMs, options.awayMaxDelayMs ?? DEFAULT_AWAY_MAX_DELAY_MS);
    this.#stableAfterMs = options.stableAfterMs ?? 30_000;
    this.#fallbackAfter = Math.max(1, options.fallbackAfterFailures ?? 3);
    this.#climbBackAfterMs = options.climbBackAfterMs ?? 5 * 60_000;
    this.#catchUpAfterMs = options.catchUpAfterMs ?? 60_000;
    this.#delivery = new Delivery({
      sourceId: options.source.id,
      store: options.cursor,
      logger: this.#log,
      dedupCapacity: options.dedupCapacity ?? 5000,
    });
    this.#onState = new Emitter(this.#log);
    this.#onLoss = new Emitter(this.#log);
    this.#preference = options.preference;
    this.#chain = this.#chainFor(options.preference);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The transport of the attempt in progress (connecting or open), else null. */
  get transport(): TransportKind | null {
    return this.#current?.kind ?? null;
  }

  get malformedCount(): number {
    return this.#malformed;
  }

  get cursor(): string | null {
    return this.#delivery.cursor;
  }

  readonly onDidChangeState = (listener: (s: ConnectionState) => void): Disposable => this.#onState.event(listener);
  /** Delivered events, already de-duplicated, in order. */
  readonly onDidReceiveEvents = (listener: (e: ReceivedEvents) => void): Disposable => this.#delivery.onDidReceiveEvents(listener);
  /** After a history catch-up that recovered events; `count` is the notifications and system messages among them. */
  readonly onDidCatchUp = (listener: (e: { count: number }) => void): Disposable => this.#delivery.onDidCatchUp(listener);
  /** Events may have been missed for good (reported by the source, or a server change history cannot bridge). */
  readonly onDidDetectLoss = (listener: (e: LossInfo) => void): Disposable => this.#onLoss.event(listener);

  // —— commands ——

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#delivery.load();
    this.#lastLiveAt = null;
    this.#failed = null;
    this.#level = 0;
    this.#attempt = 0;
    this.#failures = 0;
    this.#connectOrPark();
  }

  stop(): void {
    this.#started = false;
    this.#suspended = false;
    this.#halt();
    this.#setState({ kind: 'stopped' });
  }

  /** The machine is going to sleep: close the link and every timer (they would not survive sleep anyway). */
  suspend(): void {
    if (!this.#started) return;
    this.#suspended = true;
    this.#halt();
    this.#setState({ kind: 'paused', reason: 'suspend' });
  }

  /**
   * The machine woke (or the shell saw timer drift: it slept without telling us): reconnect at once, no backoff
   * wait — the old link may be a dead socket. A long sleep catches up from history first.
   */
  resume(): void {
    if (!this.#started) return;
    this.#suspended = false;
    this.#attempt = 0;
    this.#connectOrPark();
  }

  setOnline(online: boolean): void {
    if (this.#online === online) return;
    this.#online = online;
    if (!this.#started || this.#suspended || this.#failed) return;
    if (!online) {
      this.#halt();
      this.#setState({ kind: 'offline' });
    } else {
      this.#attempt = 0;
      this.#connectOrPark();
    }
  }

  /** Only interval polling pauses while hidden (no timers at all); streams and long-polls cost nothing idle. */
  setVisible(visible: boolean): void {
    if (this.#visible === visible) return;
    this.#visible = visible;
    if (!this.#runnable()) return;
    if (!visible && this.#chain[this.#level] === 'poll') {
      this.#halt();
      this.#setState({ kind: 'paused', reason: 'hidden' });
    } else if (visible && this.#state.kind === 'paused' && this.#state.reason === 'hidden') {
      this.#connectOrPark();
    }
  }

  /** The user's "reconnect": also leaves `failed` and ignores a stale "offline" from the OS. */
  reconnectNow(): void {
    if (!this.#started || this.#suspended) return;
    this.#failed = null;
    this.#online = true;
    this.#attempt = 0;
    this.#failures = 0;
    this.#connectOrPark();
  }

  setPreference(preference: TransportPreference): void {
    if (preference === this.#preference) return;
    this.#preference = preference;
    this.#chain = this.#chainFor(preference);
    this.#level = 0;
    this.#failures = 0;
    this.#attempt = 0;
    this.#failed = null;
    if (this.#started && !this.#suspended && this.#online) this.#connectOrPark();
  }

  // —— connecting ——

  #chainFor(preference: TransportPreference): readonly TransportKind[] {
    if (preference === 'auto') return this.#source.transports;
    return this.#source.transports.includes(preference) ? [preference] : [];
  }

  #runnable(): boolean {
    return this.#started && !this.#suspended && this.#online && this.#failed === null;
  }

  /** Start an attempt now, or publish why not. */
  #connectOrPark(): void {
    this.#halt();
    if (!this.#started) return this.#setState({ kind: 'stopped' });
    if (this.#suspended) return this.#setState({ kind: 'paused', reason: 'suspend' });
    if (this.#failed) return this.#setState({ kind: 'failed', error: this.#failed });
    if (!this.#online) return this.#setState({ kind: 'offline' });
    const kind = this.#chain[this.#level];
    if (kind === undefined) {
      const wanted = this.#preference === 'auto' ? 'any transport' : `the ${this.#preference} transport`;
      return this.#fail({ code: 'invalid_input', message: `${this.#source.label} does not support ${wanted}` });
    }
    if (kind === 'poll' && !this.#visible) return this.#setState({ kind: 'paused', reason: 'hidden' });
    this.#begin(kind, null);
  }

  #begin(kind: TransportKind, probeFrom: number | null): void {
    const a: Attempt = {
      kind,
      probeFrom,
      abort: new AbortController(),
      transport: null,
      watchdog: null,
      openedAt: null,
      healthy: false,
      catchingUp: false,
      held: [],
      heldCount: 0,
      done: false,
    };
    this.#current = a;
    this.#setState({ kind: 'connecting', transport: kind, attempt: this.#attempt });
    if (this.#current !== a) return;
    // A restart with a saved cursor, a long outage, a long sleep: what was missed comes from history first, marked
    // catch-up (one summary, not a toast each), and the live link starts from where history ended.
    const longGone = this.#lastLiveAt === null || this.#clock.now() - this.#lastLiveAt > this.#catchUpAfterMs;
    const cursor = this.#delivery.cursor;
    if (cursor !== null && longGone) {
      a.catchingUp = true;
      void this.#catchUp(a, cursor).then(
        () => {
          if (a.done) return;
          a.catchingUp = false;
          this.#openTransport(a);
        },
        (err: unknown) => {
          if (a.done || isAbortError(err)) return;
          const e = toSourceError(err);
          if (e.info.code === 'auth' || e.info.code === 'forbidden') return this.#onClosed(a, e.info, false);
          // History is a courtesy here: the live link still resumes from the cursor (and reports a gap if needed).
          this.#log.warn('catch-up before connecting failed; going live anyway', { code: e.info.code, message: e.info.message });
          a.catchingUp = false;
          this.#openTransport(a);
        },
      );
      return;
    }
    this.#openTransport(a);
  }

  #openTransport(a: Attempt): void {
    if (a.kind === 'sse') {
      // Armed before the first byte: a link that opens and then says nothing (a buffering proxy) is dead too.
      a.watchdog = new Watchdog({
        clock: this.#clock,
        silenceTimeoutMs: () => this.#source.silenceTimeoutMs,
        onDead: (ms) => this.#onClosed(a, { code: 'stalled', message: `no data for ${ms} ms` }, true),
      });
    }
    let transport: Transport;
    try {
      transport = this.#source.connect(a.kind, this.#delivery.cursor, this.#sinkFor(a));
    } catch (err) {
      this.#onClosed(a, { code: 'internal', message: `could not open ${a.kind}: ${String(err)}` }, true);
      return;
    }
    if (a.done) transport.close();
    else a.transport = transport;
  }

  #sinkFor(a: Attempt): TransportSink {
    const live = (): boolean => !a.done && this.#current === a;
    return {
      open: () => {
        if (!live()) return;
        a.openedAt = this.#clock.now();
        this.#setState({ kind: 'open', transport: a.kind, since: a.openedAt });
      },
      activity: () => {
        if (live()) this.#activity(a);
      },
      events: (events, cursor) => {
        if (!live()) return;
        this.#activity(a);
        if (!a.catchingUp) return void this.#delivery.deliver(events, false, cursor);
        a.held.push({ events, cursor });
        a.heldCount += events.length;
        // Memory stays bounded even if history is slow and the live feed is a flood: drop the link; the cursor was
        // not moved past anything held, so the next link replays it.
        if (a.heldCount > MAX_HELD_EVENTS) this.#onClosed(a, { code: 'internal', message: 'too many live events during catch-up' }, true);
      },
      gap: (info) => {
        if (live()) this.#onGap(a, info);
      },
      retryHint: (ms) => {
        if (live() && Number.isFinite(ms) && ms >= 0) this.#retryHint = ms;
      },
      malformed: (reason) => {
        if (!live()) return;
        this.#malformed++;
        this.#log.warn('skipped a malformed event', { reason });
      },
      lost: (info) => {
        if (live()) this.#reportLoss(info);
      },
      closed: (error, retry) => {
        if (live()) this.#onClosed(a, error, retry);
      },
    };
  }

  #activity(a: Attempt): void {
    a.watchdog?.touch();
    const now = this.#clock.now();
    this.#lastLiveAt = now;
    if (a.healthy || a.openedAt === null) return;
    // A stream proves itself by living through two silence windows (the first may be no more than the bytes a
    // buffering proxy lets through): a proxy that passes the headers and first bytes and then holds the rest must
    // count as a failure of this transport, so `auto` steps down, not as a working link.
    if (a.watchdog && now - a.openedAt < 2 * this.#source.silenceTimeoutMs) return;
    a.healthy = true;
    this.#failures = 0;
    if (a.probeFrom !== null) this.#log.info('climbed back', { transport: a.kind });
    this.#scheduleClimb();
  }

  // —— failing ——

  #onClosed(a: Attempt, error: ErrorInfo, retry: boolean): void {
    if (a.done || this.#current !== a) return;
    const now = this.#clock.now();
    const uptime = a.openedAt === null ? 0 : now - a.openedAt;
    this.#teardown(a);
    this.#log.info('link closed', { transport: a.kind, code: error.code, message: error.message, uptime });

    const move = nextMove(
      { error, retry, healthy: a.healthy, probeFrom: a.probeFrom },
      { level: this.#level, rungs: this.#chain.length, transportFailures: this.#failures, fallbackAfter: this.#fallbackAfter },
    );
    switch (move.kind) {
      case 'fail':
        return this.#fail(error);
      case 'return':
        // (The climb timer restarts once that link is healthy again.)
        this.#level = move.level;
        return this.#connectOrPark();
      case 'step-down':
        return this.#stepDown(error);
      case 'retry':
        this.#failures = move.transportFailures;
    }
    if (uptime >= this.#stableAfterMs) this.#attempt = 0;

    // Policy (backoff.ts): full jitter everywhere; a short cap while the port refuses (a restart: back within
    // seconds, at no cost to the server); the long cap for everything else (a struggling server is left alone);
    // the server's `retry:` as a floor and its Retry-After as a hard "not before".
    const delay = nextDelay(this.#attempt, this.#random, {
      baseMs: this.#baseDelayMs,
      capMs: error.refused ? this.#awayMaxDelayMs : this.#maxDelayMs,
      ...(this.#retryHint !== undefined ? { hintMs: this.#retryHint } : {}),
      ...(error.retryAfterMs !== undefined ? { notBeforeMs: error.retryAfterMs } : {}),
    });
    // Refusals do not push the step past the short cap: the first real failure after a restart starts low.
    this.#attempt = error.refused ? Math.min(this.#attempt + 1, this.#stepsTo(this.#awayMaxDelayMs)) : this.#attempt + 1;
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#connectOrPark();
    }, delay);
    this.#setState({ kind: 'backoff', transport: a.kind, attempt: this.#attempt, retryAt: now + delay, error });
  }

  /** The backoff step whose ceiling first reaches `ms`. */
  #stepsTo(ms: number): number {
    return Math.max(0, Math.ceil(Math.log2(Math.max(1, ms / Math.max(1, this.#baseDelayMs)))));
  }

  #stepDown(error: ErrorInfo): void {
    const from = this.#chain[this.#level];
    this.#level++;
    this.#failures = 0;
    this.#log.warn('falling back', { from, to: this.#chain[this.#level], code: error.code, message: error.message });
    this.#connectOrPark();
  }

  #fail(error: ErrorInfo): void {
    this.#failed = error;
    this.#halt();
    this.#setState({ kind: 'failed', error });
  }

  /** While on a fallback and healthy, try one step better after a while. */
  #scheduleClimb(): void {
    this.#clock.clearTimeout(this.#climbTimer);
    this.#climbTimer = undefined;
    if (this.#preference !== 'auto' || this.#level === 0) return;
    this.#climbTimer = this.#clock.setTimeout(() => {
      this.#climbTimer = undefined;
      const a = this.#current;
      // Only from a working link, and never in the middle of a catch-up: otherwise wait another period.
      if (!a || !a.healthy || a.catchingUp || !this.#runnable()) return this.#scheduleClimb();
      const from = this.#level;
      this.#level--;
      const kind = this.#chain[this.#level];
      if (kind === undefined) return;
      this.#halt();
      this.#log.info('trying to climb back', { from: this.#chain[from], to: kind });
      this.#begin(kind, from);
    }, this.#climbBackAfterMs);
  }

  // —— delivering ——

  #onGap(a: Attempt, info: GapInfo): void {
    if (a.catchingUp) return;
    let after = info.after ?? this.#delivery.cursor;
    if (info.reset) {
      this.#log.warn('server reset its history; reloading', { after: info.after });
      // What the old server still had after our cursor is beyond reach: say so (once per reset).
      this.#reportLoss({ reason: 'server_changed', to: new Date(this.#clock.now()).toISOString() });
      this.#delivery.reset();
      after = null;
    }
    a.catchingUp = true;
    void this.#catchUp(a, after).then(
      () => {
        if (a.done) return;
        a.catchingUp = false;
        for (const batch of a.held.splice(0)) this.#delivery.deliver(batch.events, false, batch.cursor);
      },
      (err: unknown) => {
        if (a.done || isAbortError(err)) return;
        const e = toSourceError(err);
        this.#onClosed(a, e.info, e.info.code === 'auth' || e.info.code === 'forbidden' ? false : true);
      },
    );
  }

  async #catchUp(a: Attempt, after: string | null): Promise<void> {
    await this.#delivery.catchUp(this.#source, after, a.abort.signal, () => a.done, (info) => this.#reportLoss(info));
    if (!a.done) this.#lastLiveAt = this.#clock.now();
  }

  #reportLoss(info: LossInfo): void {
    const from = info.from ?? this.#delivery.lastEventTime ?? undefined;
    const full: LossInfo = from !== undefined ? { ...info, from } : info;
    this.#log.warn('events may have been missed', { ...full });
    this.#onLoss.fire(full);
  }

  // —— housekeeping ——

  /** Close the current attempt and clear every timer. */
  #halt(): void {
    if (this.#current) this.#teardown(this.#current);
    this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#clock.clearTimeout(this.#climbTimer);
    this.#climbTimer = undefined;
  }

  #teardown(a: Attempt): void {
    if (a.done) return;
    a.done = true;
    if (this.#current === a) this.#current = null;
    // Whatever was held back for a catch-up that will not finish: the cursor was not moved past it, so the next
    // link replays it.
    a.held.length = 0;
    a.watchdog?.dispose();
    a.abort.abort();
    try {
      a.transport?.close();
    } catch (err) {
      this.#log.error('transport close threw', { error: String(err) });
    }
  }

  #setState(next: ConnectionState): void {
    if (sameState(this.#state, next)) return;
    this.#state = next;
    this.#onState.fire(next);
  }
}

function sameState(a: ConnectionState, b: ConnectionState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
