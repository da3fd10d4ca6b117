/**
 * A supervisor's sense of time (backoff.ts is the policy; this is its state and its timers): the backoff step and
 * the wait before the next try, the climb-back timer, and when a link was last heard from (a long silence means
 * catching up from history before going live). Both timers are OnceTimers over the injected Clock.
 *
 * Waits: full jitter everywhere; a short cap while the port refuses (a restart: back within seconds, at no cost to
 * the server); the long cap for everything else (a struggling server is left alone); the server's `retry:` as a
 * floor and its Retry-After as a hard "not before".
 */
import type { ErrorInfo } from '../../shared/connection-state';
import { DEFAULT_AWAY_MAX_DELAY_MS, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, nextDelay } from './backoff';
import { OnceTimer, type Clock } from '../base/clock';

export interface ReconnectTimingOptions {
  /** Backoff 1 s .. 60 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Backoff cap while connections are refused (the server is restarting): 4 s. */
  awayMaxDelayMs?: number;
  /** Reset the backoff step once a link has stayed up this long (30 s). */
  stableAfterMs?: number;
  /** While on a fallback, try the better transport again after this long (5 min); step down at once if it fails. */
  climbBackAfterMs?: number;
  /** Catch up from history before going live when the link was down (or asleep) longer than this (60 s). */
  catchUpAfterMs?: number;
}

export class ReconnectTiming {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #awayMaxMs: number;
  readonly #stableAfterMs: number;
  readonly #climbBackAfterMs: number;
  readonly #catchUpAfterMs: number;
  readonly #retryTimer: OnceTimer;
  readonly #climbTimer: OnceTimer;
  /** Consecutive failed attempts (0: the next failure is the first). */
  #backoffStep = 0;
  #hintMs: number | undefined;
  /** When a link was last heard from; null: not since start (a saved cursor may be far behind). */
  #lastHeardAt: number | null = null;

  constructor(options: ReconnectTimingOptions & { clock: Clock; random: () => number }) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#baseMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.#maxMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.#awayMaxMs = Math.min(this.#maxMs, options.awayMaxDelayMs ?? DEFAULT_AWAY_MAX_DELAY_MS);
    this.#stableAfterMs = options.stableAfterMs ?? 30_000;
    this.#climbBackAfterMs = options.climbBackAfterMs ?? 5 * 60_000;
    this.#catchUpAfterMs = options.catchUpAfterMs ?? 60_000;
    this.#retryTimer = new OnceTimer(this.#clock);
    this.#climbTimer = new OnceTimer(this.#clock);
  }

  get backoffStep(): number {
    return this.#backoffStep;
  }

  /** Start over: the next wait is the shortest. */
  resetBackoff(): void {
    this.#backoffStep = 0;
  }

  /** The server's reconnect hint (SSE `retry:`), kept for every later wait. */
  setHint(ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.#hintMs = ms;
  }

  /** A link was heard from (or history read to its end) now. */
  heard(): void {
    this.#lastHeardAt = this.#clock.now();
  }

  /** Started afresh: whatever the cursor says, it may be far behind. */
  forget(): void {
    this.#lastHeardAt = null;
  }

  /** Down (or asleep) long enough that history should fill the hole before going live. */
  get longGone(): boolean {
    return this.#lastHeardAt === null || this.#clock.now() - this.#lastHeardAt > this.#catchUpAfterMs;
  }

  /**
   * After a link that closed with `error` having been up `uptimeMs`: run `fn` after the policy's wait, move the
   * backoff step on, and return when `fn` will run.
   */
  retryLater(error: ErrorInfo, uptimeMs: number, fn: () => void): number {
    if (uptimeMs >= this.#stableAfterMs) this.#backoffStep = 0;
    const delay = nextDelay(this.#backoffStep, this.#random, {
      baseMs: this.#baseMs,
      capMs: error.refused ? this.#awayMaxMs : this.#maxMs,
      ...(this.#hintMs !== undefined ? { hintMs: this.#hintMs } : {}),
      ...(error.retryAfterMs !== undefined ? { notBeforeMs: error.retryAfterMs } : {}),
    });
    // Refusals do not push the step past the short cap: the first real failure after a restart starts low.
    this.#backoffStep = error.refused ? Math.min(this.#backoffStep + 1, this.#stepsTo(this.#awayMaxMs)) : this.#backoffStep + 1;
    this.#retryTimer.schedule(delay, fn);
    return this.#clock.now() + delay;
  }

  /** Run `fn` once the climb-back period has passed (instead of any climb pending). */
  climbLater(fn: () => void): void {
    this.#climbTimer.schedule(this.#climbBackAfterMs, fn);
  }

  cancelClimb(): void {
    this.#climbTimer.cancel();
  }

  /** No retry, no climb pending. */
  cancel(): void {
    this.#retryTimer.cancel();
    this.#climbTimer.cancel();
  }

  /** The step whose ceiling first reaches `ms`. */
  #stepsTo(ms: number): number {
    return Math.max(0, Math.ceil(Math.log2(Math.max(1, ms / Math.max(1, this.#baseMs)))));
  }
}
