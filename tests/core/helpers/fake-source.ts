/** A scriptable Source and Transport for supervisor tests: the test plays the server through the sink. */
import type { ErrorInfo, TransportKind } from '../../../src/shared/connection-state';
import type { HeraldEvent } from '../../../src/shared/events';
import type { CatchUpProgress, LinkOutcome, Source, Transport, TransportSink } from '../../../src/core/source';

export class FakeTransport implements Transport {
  closed = false;
  constructor(
    readonly kind: TransportKind,
    readonly cursor: string | null,
    readonly sink: TransportSink,
  ) {}
  close(): void {
    this.closed = true;
  }
  open(): this {
    this.sink.open();
    return this;
  }
  /** open + a first byte (a healthy link). */
  up(): this {
    this.sink.open();
    this.sink.activity();
    return this;
  }
  send(...ids: string[]): void {
    const events = ids.map((id) => note(id));
    this.sink.events(events, ids.at(-1) ?? null);
  }
  fail(code: ErrorInfo['code'] = 'network', outcome: LinkOutcome = 'retry'): void {
    this.sink.closed({ code, message: `fake ${code}` }, outcome);
  }
}

export function note(id: string): HeraldEvent {
  return { id, type: 'notification', time: '2026-11-24T08:00:00.000Z', data: { itemId: id, title: `t${id}`, body: 'b', priority: 3 } };
}

export interface PendingCatchUp {
  after: string | null;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class FakeSource implements Source {
  readonly id = 'fake';
  readonly kind = 'herald' as const;
  readonly label = 'Fake';
  transports: readonly TransportKind[] = ['sse', 'longpoll', 'poll'];
  /** Long by default so tests that move time far are not about the watchdog; watchdog tests set it. */
  silenceTimeoutMs = 10_000_000;
  readonly connects: FakeTransport[] = [];
  /** Events history serves, ids numeric. */
  history: HeraldEvent[] = [];
  readonly catchUps: (string | null)[] = [];
  /** When set, catch-ups wait until the test resolves them. */
  manualCatchUp = false;
  readonly pending: PendingCatchUp[] = [];

  get last(): FakeTransport {
    const t = this.connects.at(-1);
    if (!t) throw new Error('no transport was opened');
    return t;
  }

  get openTransports(): FakeTransport[] {
    return this.connects.filter((t) => !t.closed);
  }

  connect(kind: TransportKind, cursor: string | null, sink: TransportSink): Transport {
    const t = new FakeTransport(kind, cursor, sink);
    this.connects.push(t);
    return t;
  }

  async catchUp(after: string | null, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void): Promise<string | null> {
    this.catchUps.push(after);
    if (this.manualCatchUp) {
      await new Promise<void>((resolve, reject) => this.pending.push({ after, resolve, reject }));
    }
    const from = Number(after ?? '0');
    const events = this.history.filter((e) => Number(e.id) > from);
    if (events.length > 0) onBatch(events, { done: events.length });
    return events.at(-1)?.id ?? after;
  }

  /** loadRecent: the newest `limit` of `history`, in two batches; `recentFails` rejects the next call. */
  readonly recentLoads: number[] = [];
  recentFails: unknown = null;
  async loadRecent(limit: number, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void): Promise<string | null> {
    this.recentLoads.push(limit);
    if (this.recentFails !== null) {
      const err = this.recentFails;
      this.recentFails = null;
      throw err;
    }
    if (this.manualCatchUp) await new Promise<void>((resolve, reject) => this.pending.push({ after: null, resolve, reject }));
    const events = this.history.slice(-limit);
    const half = Math.ceil(events.length / 2);
    if (half > 0) onBatch(events.slice(0, half), { done: half, total: events.length });
    if (events.length > half) onBatch(events.slice(half), { done: events.length, total: events.length });
    return this.history.at(-1)?.id ?? null;
  }
}

/** Let promise chains (catch-ups) run; no time passes on the ManualClock. */
export async function settle(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
