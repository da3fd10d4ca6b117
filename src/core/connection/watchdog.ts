/**
 * Heartbeat watchdog: an open streaming link that stays silent longer than the server's keepalive (plus margin) is
 * presumed dead — a half-open TCP socket, a sleeping NAT, a proxy that buffers. TCP alone can take many minutes to
 * notice; this notices in one keepalive period or two.
 *
 * Life is complete frames (events, comments, keepalives), never bare bytes: a stream that dribbles a byte at a time
 * without finishing a frame is as dead as a silent one (the SSE transport reports frames, not chunks).
 *
 * `touch()` runs on every frame, so it only records the time; the single timer re-arms itself for the remainder
 * when it fires early. Time comes from the injected Clock.
 *
 * A buffering proxy (one that flushes every 16 KiB, say) lets a stream live on in bursts: nothing for a long while,
 * then many frames at once. The server keeps a stream busy at least once a keepalive period, so a read that brings
 * several frames after a silence longer than three quarters of the silence window (about one and a half keepalive
 * periods) means they were held on the way: `onHeldBack`, at the first such burst, instead of stall after stall.
 */
import { OnceTimer, type Clock } from '../base/clock';
import type { Disposable } from '../base/emitter';

export interface WatchdogOptions {
  clock: Clock;
  /** Longest allowed silence, ms. A function is read each time the timer is armed (the keepalive may be learned later). */
  silenceTimeoutMs: number | (() => number);
  /**
   * Called once, with how long the link was silent and whether any frame ever arrived. The watchdog is disposed
   * before the call.
   */
  onDead: (silentForMs: number, heardAny: boolean) => void;
  /** Called once, when frames arrive in a late burst (see above). The watchdog is disposed before the call. */
  onHeldBack?: (silentForMs: number, frames: number) => void;
}

/**
 * A silence shorter than this is never taken for a held-back stream, whatever the keepalive: a busy machine can pause
 * a process for a second (a test server's keepalive is a fraction of one).
 */
export const MIN_HELD_BACK_SILENCE_MS = 2000;

export class Watchdog implements Disposable {
  readonly #clock: Clock;
  readonly #timeout: () => number;
  readonly #onDead: (silentForMs: number, heardAny: boolean) => void;
  readonly #onHeldBack: ((silentForMs: number, frames: number) => void) | undefined;
  readonly #timer: OnceTimer;
  #last: number;
  /** When the last read with frames arrived (or the watchdog started). */
  #lastRead: number;
  #heardAny = false;
  #dueAt = Infinity;
  #disposed = false;

  constructor(options: WatchdogOptions) {
    this.#clock = options.clock;
    const t = options.silenceTimeoutMs;
    this.#timeout = typeof t === 'function' ? t : () => t;
    this.#onDead = options.onDead;
    this.#onHeldBack = options.onHeldBack;
    this.#timer = new OnceTimer(this.#clock);
    this.#last = this.#clock.now();
    this.#lastRead = this.#last;
    this.#arm(this.#timeout());
  }

  /** A complete frame arrived: the link is alive. */
  touch(): void {
    if (this.#disposed) return;
    this.#heardAny = true;
    this.#last = this.#clock.now();
    // The limit can shrink once the server says its real keepalive (hello): a timer armed for the default 35 s
    // would otherwise let a silent link pass for that long.
    const due = this.#last + this.#timeout();
    if (due < this.#dueAt) this.#arm(due - this.#last);
  }

  /**
   * One read of the stream carried `frames` complete frames (after they were handled, so a keepalive period they
   * taught is known). Several after a long silence: held back on the way.
   */
  framesArrived(frames: number): void {
    if (this.#disposed) return;
    this.touch();
    const now = this.#clock.now();
    const silent = now - this.#lastRead;
    this.#lastRead = now;
    if (frames < 2 || this.#onHeldBack === undefined) return;
    if (silent <= Math.max(MIN_HELD_BACK_SILENCE_MS, (this.#timeout() * 3) / 4)) return;
    this.dispose();
    this.#onHeldBack(silent, frames);
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
    this.#onDead(silent, this.#heardAny);
  }
}
