/**
 * The supervisor: control for one source (reconnecting-websocket's split — a transport is mechanism, backoff.ts is
 * policy, this is control). It runs exactly one attempt at a time (attempt.ts: catch-up, transport, watchdog),
 * retries after a wait (reconnect-timing.ts), walks the transport ladder sse → longpoll → poll and climbs back
 * (transport-ladder.ts), and follows suspend/resume, offline/online and hidden (only polling pauses). Handing events on
 * (de-duplication, the resume cursor, history) is event-handoff.ts. Time comes only from the injected Clock.
 *
 * States are published only on real changes. Only the current attempt is heard, so a late report from a transport
 * already closed can never move the state.
 */
import type { ConnectionState, ErrorInfo, TransportKind, TransportPreference } from '../../shared/connection-state';
import { Attempt, type AttemptHost, type AttemptStart } from './attempt';
import { systemClock, type Clock } from '../base/clock';
import { EventHandoff, type CursorStore, type ReceivedEvents } from './event-handoff';
import { Emitter, type Disposable } from '../base/emitter';
import { silentLogger, type Logger } from '../base/log';
import { ReconnectTiming, type ReconnectTimingOptions } from './reconnect-timing';
import type { CatchUpProgress, LinkOutcome, LossInfo, Source } from '../source';
import { TransportLadder } from './transport-ladder';

export type { CursorStore, ReceivedEvents };

/** With the timing knobs of reconnect-timing.ts. */
export interface SupervisorOptions extends ReconnectTimingOptions {
  source: Source;
  preference: TransportPreference;
  cursor: CursorStore;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /** Consecutive failures of a transport before stepping down the chain (3). */
  fallbackAfterFailures?: number;
  /** How many delivered ids to remember for de-duplication (5 000). */
  dedupCapacity?: number;
  /** With no cursor yet, load this many of the source's newest events before going live (0: live from "now"). */
  firstLoad?: number;
}

/** stopped: not started (or stopped); running: connecting, open, or waiting to; suspended: the machine sleeps. */
type Mode = 'stopped' | 'running' | 'suspended';

export class Supervisor {
  readonly #source: Source;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #timing: ReconnectTiming;
  readonly #handoff: EventHandoff;
  readonly #onState: Emitter<ConnectionState>;
  readonly #onLoading: Emitter<CatchUpProgress | null>;
  readonly #firstLoadSize: number;
  readonly #host: AttemptHost;
  readonly #ladder: TransportLadder;
  #state: ConnectionState = { kind: 'stopped' };
  #mode: Mode = 'stopped';
  #online = true;
  #visible = true;
  #failed: ErrorInfo | null = null;
  #attempt: Attempt | null = null;
  #malformed = 0;

  constructor(options: SupervisorOptions) {
    this.#source = options.source;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#ladder = new TransportLadder(options.source.transports, options.preference, options.fallbackAfterFailures ?? 3);
    this.#timing = new ReconnectTiming({ ...options, clock: this.#clock, random: options.random ?? Math.random });
    this.#handoff = new EventHandoff({
      sourceId: options.source.id,
      store: options.cursor,
      logger: this.#log,
      dedupCapacity: options.dedupCapacity ?? 5000,
    });
    this.#onState = new Emitter(this.#log);
    this.#onLoading = new Emitter(this.#log);
    this.#firstLoadSize = options.source.loadRecent ? Math.max(0, options.firstLoad ?? 0) : 0;
    this.#host = this.#hostFor();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The transport of the attempt in progress (connecting or open), else null. */
  get transport(): TransportKind | null {
    return this.#attempt?.kind ?? null;
  }

  get malformedCount(): number {
    return this.#malformed;
  }

  /** A first load in progress ("loading 120/500"), else null. */
  get loading(): CatchUpProgress | null {
    return this.#attempt?.loading ?? null;
  }

  readonly onDidChangeState = (listener: (s: ConnectionState) => void): Disposable => this.#onState.event(listener);
  /** Delivered events, already de-duplicated, in order. */
  readonly onDidReceiveEvents = (listener: (e: ReceivedEvents) => void): Disposable => this.#handoff.onDidReceiveEvents(listener);
  /** After a history catch-up that recovered events; `count` is the notifications and system messages among them. */
  readonly onDidCatchUp = (listener: (e: { count: number }) => void): Disposable => this.#handoff.onDidCatchUp(listener);
  /** Events may have been missed for good (reported by the source, or a server change history cannot bridge). */
  readonly onDidDetectLoss = (listener: (e: LossInfo) => void): Disposable => this.#handoff.onDidDetectLoss(listener);
  readonly onDidChangeLoading = (listener: (p: CatchUpProgress | null) => void): Disposable => this.#onLoading.event(listener);

  // —— commands ——

  start(): void {
    if (this.#mode !== 'stopped') return;
    this.#mode = 'running';
    this.#handoff.load(new Date(this.#clock.now()).toISOString());
    this.#timing.forget();
    this.#failed = null;
    this.#ladder.reset();
    this.#timing.resetBackoff();
    this.#connectOrPark();
  }

  stop(): void {
    this.#mode = 'stopped';
    this.#connectOrPark();
  }

  /** The machine is going to sleep: close the link and every timer (they would not survive sleep anyway). */
  suspend(): void {
    if (this.#mode === 'stopped') return;
    this.#mode = 'suspended';
    this.#connectOrPark();
  }

  /**
   * The machine woke (or the shell saw timer drift: it slept without telling us): reconnect at once, no backoff
   * wait — the old link may be a dead socket. A long sleep catches up from history first.
   */
  resume(): void {
    if (this.#mode === 'stopped') return;
    this.#mode = 'running';
    this.#timing.resetBackoff();
    this.#connectOrPark();
  }

  setOnline(online: boolean): void {
    if (this.#online === online) return;
    this.#online = online;
    if (this.#mode !== 'running' || this.#failed) return;
    if (online) this.#timing.resetBackoff();
    this.#connectOrPark();
  }

  /** Only interval polling pauses while hidden (no timers at all); streams and long-polls cost nothing idle. */
  setVisible(visible: boolean): void {
    if (this.#visible === visible) return;
    this.#visible = visible;
    if (!this.#runnable()) return;
    const hiddenPause = this.#state.kind === 'paused' && this.#state.reason === 'hidden';
    if (visible ? hiddenPause : this.#ladder.current === 'poll') this.#connectOrPark();
  }

  /** The user's "reconnect": also leaves `failed` and ignores a stale "offline" from the OS. */
  reconnectNow(): void {
    if (this.#mode !== 'running') return;
    this.#failed = null;
    this.#online = true;
    this.#timing.resetBackoff();
    this.#ladder.forgiveFailures();
    this.#connectOrPark();
  }

  setPreference(preference: TransportPreference): void {
    if (!this.#ladder.setPreference(preference)) return;
    this.#timing.resetBackoff();
    this.#failed = null;
    if (this.#mode === 'running' && this.#online) this.#connectOrPark();
  }

  // —— connecting ——

  #runnable(): boolean {
    return this.#mode === 'running' && this.#online && this.#failed === null;
  }

  /** Close what runs; start an attempt now, or publish why not (stopped, paused, failed, offline). */
  #connectOrPark(): void {
    this.#halt();
    if (this.#mode === 'stopped') return this.#setState({ kind: 'stopped' });
    if (this.#mode === 'suspended') return this.#setState({ kind: 'paused', reason: 'suspend' });
    if (this.#failed) return this.#setState({ kind: 'failed', error: this.#failed });
    if (!this.#online) return this.#setState({ kind: 'offline' });
    const kind = this.#ladder.current;
    if (kind === undefined) return this.#fail({ code: 'invalid_input', message: `${this.#source.label} does not support ${this.#ladder.wanted}` });
    if (kind === 'poll' && !this.#visible) return this.#setState({ kind: 'paused', reason: 'hidden' });
    this.#begin(kind, null);
  }

  #begin(kind: TransportKind, probeFrom: number | null): void {
    const a = new Attempt(kind, probeFrom, this.#host);
    this.#attempt = a;
    this.#setState({ kind: 'connecting', transport: kind, attempt: this.#timing.backoffStep });
    if (this.#attempt !== a) return;
    // Never read (no cursor): load the newest first. A restart, a long outage, a long sleep: catch up first.
    // After a start over (the cursor could not be used), history from its start: what the server holds is printed.
    const firstLoad: AttemptStart = this.#firstLoadSize > 0 ? { kind: 'first-load', limit: this.#firstLoadSize } : { kind: 'live' };
    const fresh = this.#handoff.reloadWanted ? { kind: 'catch-up' as const } : firstLoad;
    a.start(this.#handoff.cursor === null ? fresh : this.#timing.longGone ? { kind: 'catch-up' } : { kind: 'live' });
  }

  /** How attempts reach the supervisor: only the current one is heard (a closed attempt says nothing). */
  #hostFor(): AttemptHost {
    const current = (a: Attempt): boolean => this.#attempt === a && !a.closed;
    return {
      source: this.#source,
      clock: this.#clock,
      handoff: this.#handoff,
      log: this.#log,
      opened: (a) => {
        if (current(a)) this.#setState({ kind: 'open', transport: a.kind, since: a.openedAt! });
      },
      heard: (a, proved) => {
        if (!current(a)) return;
        this.#timing.heard();
        if (!proved) return;
        this.#ladder.forgiveFailures();
        if (a.probeFrom !== null) this.#log.info('climbed back', { transport: a.kind });
        this.#scheduleClimb();
      },
      loading: (a) => {
        if (current(a)) this.#onLoading.fire(a.loading);
      },
      retryHint: (ms) => this.#timing.setHint(ms),
      malformed: (reason) => {
        this.#malformed++;
        this.#log.warn('skipped a malformed event', { reason });
      },
      failed: (a, error, outcome) => this.#onClosed(a, error, outcome),
    };
  }

  // —— failing ——

  #onClosed(a: Attempt, error: ErrorInfo, outcome: LinkOutcome): void {
    if (a.closed || this.#attempt !== a) return;
    const now = this.#clock.now();
    const uptime = a.openedAt === null ? 0 : now - a.openedAt;
    const healthy = a.healthy;
    this.#halt();
    this.#log.info('link closed', { transport: a.kind, code: error.code, message: error.message, uptime });
    // Our cursor refused (400): started over, reconnect at once to read history from its start.
    if (error.status === 400 && this.#handoff.cursorRefused(error.message, new Date(now).toISOString())) return this.#connectOrPark();

    const move = this.#ladder.onClosed({ error, outcome, healthy, probeFrom: a.probeFrom });
    if (move.kind === 'fail') return this.#fail(error);
    if (move.kind === 'step-down') {
      this.#log.warn('falling back', { from: a.kind, to: this.#ladder.current, code: error.code, message: error.message });
    }
    // Back to the rung that worked after a failed climb (its climb timer restarts once it is healthy again), or down.
    if (move.kind !== 'retry') return this.#connectOrPark();
    const retryAt = this.#timing.retryLater(error, uptime, () => this.#connectOrPark());
    this.#setState({ kind: 'backoff', transport: a.kind, attempt: this.#timing.backoffStep, retryAt, error });
  }

  #fail(error: ErrorInfo): void {
    this.#failed = error;
    this.#connectOrPark();
  }

  /** While on a fallback and healthy, try one step better after a while. */
  #scheduleClimb(): void {
    if (!this.#ladder.belowBest) return this.#timing.cancelClimb();
    this.#timing.climbLater(() => {
      const a = this.#attempt;
      // Only from a working link, and never in the middle of a catch-up: otherwise wait another period.
      if (!a || !a.healthy || a.catchingUp || !this.#runnable()) return this.#scheduleClimb();
      const from = this.#ladder.level;
      const kind = this.#ladder.climb();
      if (kind === undefined) return;
      this.#halt();
      this.#log.info('trying to climb back', { from: a.kind, to: kind });
      this.#begin(kind, from);
    });
  }

  // —— housekeeping ——

  /** Close the current attempt and clear every timer. */
  #halt(): void {
    const a = this.#attempt;
    this.#attempt = null;
    this.#timing.cancel();
    if (!a) return;
    const wasLoading = a.loading !== null;
    a.close();
    if (wasLoading) this.#onLoading.fire(null);
  }

  #setState(next: ConnectionState): void {
    if (JSON.stringify(this.#state) === JSON.stringify(next)) return;
    this.#state = next;
    this.#onState.fire(next);
  }
}
