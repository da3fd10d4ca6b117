/**
 * Heartbeat watchdog: an open streaming link that stays silent longer than the server's keepalive (plus margin) is
 * presumed dead — a half-open TCP socket, a sleeping NAT, a proxy that buffers. TCP alone can take many minutes to
 * notice; this notices in one keepalive period or two.
 *
 * `touch()` runs on every chunk, so it only records the time; the single timer re-arms itself for the remainder
 * when it fires early. Time comes from the injected Clock.
 */
import { OnceTimer, type Clock } from './clock';
import type { Disposable } from './emitter';

export interface WatchdogOptions {
  clock: Clock;
  /** Longest allowed silence, ms. A function is read each time the timer is armed (the keepalive may be learned later). */
  silenceTimeoutMs: number | (() => number);
  /** Called once, with how long the link was silent. The watchdog is disposed before the call. */
  onDead: (silentForMs: number) => void;
}

export class Watchdog implements Disposable {
  readonly #clock: Clock;
  readonly #timeout: () => number;
  readonly #onDead: (silentForMs: number) => void;
  readonly #timer: OnceTimer;
  #last: number;
  #dueAt = Infinity;
  #disposed = false;

  constructor(options: WatchdogOptions) {
    this.#clock = options.clock;
    const t = options.silenceTimeoutMs;
    this.#timeout = typeof t === 'function' ? t : () => t;
    this.#onDead = options.onDead;
    this.#timer = new OnceTimer(this.#clock);
    this.#last = this.#clock.now();
    this.#arm(this.#timeout());
  }

  /** Bytes arrived: the link is alive. */
  touch(): void {
    if (this.#disposed) return;
    this.#last = this.#clock.now();
    // The limit can shrink once the server says its real keepalive (hello): a timer armed for the default 35 s
    // would otherwise let a silent link pass for that long.
    const due = this.#last + this.#timeout();
    if (due < this.#dueAt) this.#arm(due - this.#last);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    this.#disposed = true;
    this.#timer.dispose();
  }

  #arm(ms: number): void {
    // (The timer clamps what setTimeout cannot wait; the check re-arms for the rest.)
    const delay = Math.min(2_147_483_647, Math.max(1, ms));
    this.#dueAt = this.#clock.now() + delay;
    this.#timer.schedule(delay, () => this.#check());
  }

  #check(): void {
    if (this.#disposed) return;
    const silent = this.#clock.now() - this.#last;
    const limit = this.#timeout();
    if (silent < limit) {
      this.#arm(limit - silent);
      return;
    }
    this.dispose();
    this.#onDead(silent);
  }
}
