/**
 * Time, injected. The waits a test has to drive — backoff, heartbeat and silence checks, poll intervals, debounces —
 * go through a Clock, so tests move time instead of sleeping. Three waits use real time on purpose, as safety nets
 * no test needs to step through: request deadlines (`AbortSignal.timeout` in egress.ts and client.ts), the outbox
 * mailbox's fallback poll beside its file watcher (outbox-mailbox.ts), and the client's keep-alive interval.
 * Timers do not survive sleep reliably (VS Code's lesson): on resume the supervisor restarts rather than trusting
 * a pending timer.
 */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Timers must never keep a CLI or a test process alive on their own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => {
    if (h !== undefined) clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

/** setTimeout treats anything past 2^31-1 ms as 1 ms. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * One run-once timer over a Clock: the only way the core keeps a pending timeout (VS Code's `TimeoutTimer`).
 * Scheduling again replaces what was pending; after `dispose()` nothing runs and nothing can be scheduled.
 */
export class OnceTimer {
  readonly #clock: Clock;
  #handle: TimerHandle | undefined;
  #disposed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Run `fn` once after `ms` (clamped to what setTimeout can wait), instead of whatever was pending. */
  schedule(ms: number, fn: () => void): void {
    this.cancel();
    if (this.#disposed) return;
    const handle = this.#clock.setTimeout(() => {
      if (this.#handle !== handle) return;
      this.#handle = undefined;
      fn();
    }, Math.min(MAX_TIMEOUT_MS, Math.max(0, ms)));
    this.#handle = handle;
  }

  /** Run `fn` once after `ms` unless a run is already pending: that one stands (coalescing a burst into one run). */
  ensure(ms: number, fn: () => void): void {
    if (this.#handle === undefined) this.schedule(ms, fn);
  }

  cancel(): void {
    if (this.#handle === undefined) return;
    this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  dispose(): void {
    this.#disposed = true;
    this.cancel();
  }
}
