/**
 * One connection attempt of a supervisor, from "connecting" to its failure or close: the history catch-up before
 * going live, the transport and its watchdog, the sink the transport reports to, and catch-ups on a gap (live
 * batches held back meanwhile). What a report means for the next attempt (backoff, fallback, failing) is the
 * supervisor's: the attempt tells its host.
 *
 * Its phase is one union, not a set of flags. Once closed, nothing it hears reaches the host.
 */
import type { ErrorInfo, TransportKind } from '../../shared/connection-state';
import type { HeraldEvent } from '../../shared/events';
import type { Clock } from '../base/clock';
import type { EventHandoff } from './event-handoff';
import { Watchdog } from './watchdog';
import type { Logger } from '../base/log';
import type { CatchUpProgress, GapInfo, LinkOutcome, Source, Transport, TransportSink } from '../source';
import { isRefusedCredential } from '../../shared/connection-state';
import { isAbortError, toSourceError } from '../transports/http';

/**
 * connecting: no `open` yet (a catch-up before going live runs here); open: the link is up but has not proved
 * itself; healthy: something arrived after open (streams: through two silence windows); closed: over for good.
 */
export type AttemptPhase = 'connecting' | 'open' | 'healthy' | 'closed';

/**
 * How an attempt begins: live at once; after catching up from the cursor (a restart, a long outage, a long sleep);
 * or, for a source never read before (no cursor), after loading its newest `limit` events.
 */
export type AttemptStart = { kind: 'live' } | { kind: 'catch-up' } | { kind: 'first-load'; limit: number };

/** What an attempt needs, and whom it tells. */
export interface AttemptHost {
  readonly source: Source;
  readonly clock: Clock;
  readonly handoff: EventHandoff;
  readonly log: Logger;
  opened(a: Attempt): void;
  /** Something arrived (or history was read to its end); `proved`: this made the link healthy. */
  heard(a: Attempt, proved: boolean): void;
  /** A first load's progress moved (see `loading`). */
  loading(a: Attempt): void;
  retryHint(ms: number): void;
  malformed(reason: string): void;
  /** The attempt is over; 'fail': retrying will not help. */
  failed(a: Attempt, error: ErrorInfo, outcome: LinkOutcome): void;
}

const MAX_HELD_EVENTS = 20_000;

export class Attempt {
  readonly #host: AttemptHost;
  readonly #abort = new AbortController();
  #phase: AttemptPhase = 'connecting';
  #openedAt: number | null = null;
  #transport: Transport | null = null;
  #watchdog: Watchdog | null = null;
  /** Live batches waiting for a catch-up to end; null: no catch-up runs. */
  #held: { events: HeraldEvent[]; cursor: string | null }[] | null = null;
  #heldCount = 0;
  #loading: CatchUpProgress | null = null;

  constructor(
    readonly kind: TransportKind,
    /** Set on a climb-back try: the rung to return to at once if it fails. */
    readonly probeFrom: number | null,
    host: AttemptHost,
  ) {
    this.#host = host;
  }

  get phase(): AttemptPhase {
    return this.#phase;
  }

  get closed(): boolean {
    return this.#phase === 'closed';
  }

  get healthy(): boolean {
    return this.#phase === 'healthy';
  }

  get openedAt(): number | null {
    return this.#openedAt;
  }

  /** A first load in progress ("loading 120/500"), else null. */
  get loading(): CatchUpProgress | null {
    return this.#loading;
  }

  get catchingUp(): boolean {
    return this.#held !== null;
  }

  /**
   * Go live, after reading history first if asked: marked catch-up (one summary, not a toast each), and the live
   * link starts from where history ended. History is a courtesy here: if it fails the link still goes live from
   * the cursor (and reports a gap if needed), and a first load is tried again by the next attempt.
   */
  start(how: AttemptStart): void {
    if (how.kind === 'live') return this.#openTransport();
    const { handoff, source } = this.#host;
    const goLive = (): void => this.#openTransport();
    if (how.kind === 'catch-up') return this.#readHistory(this.#catchUp(handoff.cursor), goLive, 'going live anyway');
    const progress = (p: CatchUpProgress | null): void => {
      if (this.closed) return;
      this.#loading = p && { ...p };
      this.#host.loading(this);
    };
    progress({ done: 0 });
    const load = handoff.firstLoad(source, how.limit, this.#abort.signal, () => this.closed, progress);
    const done = load.finally(() => progress(null));
    this.#readHistory(done, goLive, 'starting live');
  }

  /**
   * Close the link and everything it holds. Whatever was held back for a catch-up that will not finish is dropped:
   * the cursor was not moved past it, so the next link replays it.
   */
  close(): void {
    if (this.closed) return;
    this.#phase = 'closed';
    this.#held = null;
    this.#loading = null;
    this.#watchdog?.dispose();
    this.#abort.abort();
    try {
      this.#transport?.close();
    } catch (err) {
      this.#host.log.error('transport close threw', { error: String(err) });
    }
  }

  #openTransport(): void {
    const { source, clock } = this.#host;
    if (this.kind === 'sse') {
      // Armed before the first byte: a link that opens and then says nothing (a buffering proxy) is dead too.
      this.#watchdog = new Watchdog({
        clock,
        silenceTimeoutMs: () => source.silenceTimeoutMs,
        onDead: (ms, heardAny) => this.#fail(stallError(ms, !heardAny && this.#openedAt !== null), 'retry'),
        onHeldBack: (ms, frames) =>
          this.#fail({ code: 'stalled', message: `${frames} frames arrived at once after ${ms} ms of silence: held back on the way`, buffered: true }, 'retry'),
      });
    }
    let transport: Transport;
    try {
      transport = source.connect(this.kind, this.#host.handoff.cursor, this.#sink());
    } catch (err) {
      return this.#fail({ code: 'internal', message: `could not open ${this.kind}: ${String(err)}` }, 'retry');
    }
    if (this.closed) transport.close();
    else this.#transport = transport;
  }

  #sink(): TransportSink {
    const host = this.#host;
    const live = (): boolean => !this.closed;
    return {
      open: () => {
        if (!live()) return;
        this.#openedAt = host.clock.now();
        if (this.#phase === 'connecting') this.#phase = 'open';
        host.opened(this);
      },
      activity: (frames) => {
        if (!live()) return;
        this.#heard();
        if (frames !== undefined && live()) this.#watchdog?.framesArrived(frames);
      },
      events: (events, cursor) => {
        if (!live()) return;
        this.#heard();
        if (!live()) return;
        if (this.#held === null) return void host.handoff.deliver(events, false, cursor);
        this.#held.push({ events, cursor });
        this.#heldCount += events.length;
        // Memory stays bounded even if history is slow and the live feed is a flood: drop the link; the cursor was
        // not moved past anything held, so the next link replays it.
        if (this.#heldCount > MAX_HELD_EVENTS) this.#fail({ code: 'internal', message: 'too many live events during catch-up' }, 'retry');
      },
      gap: (info) => {
        if (live()) this.#onGap(info);
      },
      retryHint: (ms) => {
        if (live()) host.retryHint(ms);
      },
      malformed: (reason) => {
        if (live()) host.malformed(reason);
      },
      lost: (info) => {
        if (live()) host.handoff.reportLoss(info);
      },
      closed: (error, outcome) => {
        if (live()) this.#fail(error, outcome);
      },
    };
  }

  /**
   * Bytes arrived. Anything after open proves the link, except on a watched stream, which must live through two
   * silence windows (the first may be no more than the bytes a buffering proxy lets through: a proxy that passes the
   * headers and first bytes and then holds the rest must count as a failure of this transport, so `auto` steps
   * down, not as a working link).
   */
  #heard(): void {
    this.#watchdog?.touch();
    const now = this.#host.clock.now();
    const proves =
      this.#phase === 'open' &&
      this.#openedAt !== null &&
      (this.#watchdog === null || now - this.#openedAt >= 2 * this.#host.source.silenceTimeoutMs);
    if (proves) this.#phase = 'healthy';
    this.#host.heard(this, proves);
  }

  #onGap(info: GapInfo): void {
    if (this.catchingUp) return;
    const { handoff, log, clock } = this.#host;
    let after = info.after ?? handoff.cursor;
    if (info.reset) {
      log.warn('server reset its history; reloading', { after: info.after });
      // What the old server still had after our cursor is beyond reach: say so (once per reset).
      handoff.reportLoss({ reason: 'server_changed', to: new Date(clock.now()).toISOString() });
      handoff.reset();
      after = null;
    }
    this.#readHistory(this.#catchUp(after), () => {}, null);
  }

  #catchUp(after: string | null): Promise<void> {
    return this.#host.handoff.catchUp(this.#host.source, after, this.#abort.signal, () => this.closed);
  }

  /**
   * When history has been read (live batches wait meanwhile), deliver those, then `then()`. A failure closes the
   * link, unless `orElse` says why going on is fine (refused credentials close it always).
   */
  #readHistory(reading: Promise<void>, then: () => void, orElse: string | null): void {
    const { handoff, log } = this.#host;
    this.#held ??= [];
    reading.then(
      () => {
        if (this.closed) return;
        this.#host.heard(this, false);
        const held = this.#held ?? [];
        this.#held = null;
        this.#heldCount = 0;
        for (const batch of held) handoff.deliver(batch.events, false, batch.cursor);
        if (!this.closed) then();
      },
      (err: unknown) => {
        if (this.closed || isAbortError(err)) return;
        const e = toSourceError(err);
        const refused = isRefusedCredential(e.info);
        // A 400 refuses the request itself (our cursor): going live with the same cursor would be refused too.
        if (orElse === null || refused || e.info.status === 400) return this.#fail(e.info, refused ? 'fail' : 'retry');
        log.warn(`reading history before connecting failed; ${orElse}`, { code: e.info.code, message: e.info.message });
        this.#held = null;
        this.#heldCount = 0;
        then();
      },
    );
  }

  #fail(error: ErrorInfo, outcome: LinkOutcome): void {
    if (!this.closed) this.#host.failed(this, error, outcome);
  }
}

/**
 * A watched stream went silent. Opened (the server answered) but not one frame since: something between holds it
 * back (watchdog.ts), and `auto` steps down at once.
 */
function stallError(silentMs: number, heldBack: boolean): ErrorInfo {
  if (!heldBack) return { code: 'stalled', message: `no data for ${silentMs} ms` };
  return { code: 'stalled', message: `the stream opened but nothing came in ${silentMs} ms: held back on the way`, buffered: true };
}
