/**
 * Reconnect delay policy — pure, so the supervisor (control) and tests share one rule.
 * Exponential growth with FULL jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the delay is drawn
 * uniformly from [0, min(cap, base * 2^attempt)], which spreads a crowd of clients that lost the same server instead
 * of having them all knock again at the same instant. The server's `retry:` hint is a floor: it knows its own load.
 */
export interface BackoffOptions {
  /** First step's ceiling, ms. */
  baseMs?: number;
  /** Never wait longer than this, ms. */
  capMs?: number;
  /** The server's reconnect hint (SSE `retry:`), ms: the delay is never below it (but still capped). */
  hintMs?: number;
  /** The server's Retry-After for this failure, ms: the delay is never below it, even past the cap. */
  notBeforeMs?: number;
}

export const DEFAULT_BASE_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 60_000;
/**
 * The cap while the server refuses connections (nothing listens: it is restarting). A refused connect costs the
 * server nothing, and the user wants to be back within seconds of the server: full jitter over [0, 4 s].
 */
export const DEFAULT_AWAY_MAX_DELAY_MS = 4000;
/**
 * Longest Retry-After we obey, for reconnecting and for sending actions alike (a broken header must not park a
 * client for days). 15 minutes: longer, and a user who looks sees an app that has stopped trying, while one request
 * a quarter of an hour costs a loaded server nothing.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * Delay before retry number `attempt` (0 = the first retry after a failure).
 * `random` returns a number in [0, 1) (Math.random, or a fixed value in tests).
 */
export function nextDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = Math.max(0, options.baseMs ?? DEFAULT_BASE_DELAY_MS);
  const cap = Math.max(0, options.capMs ?? DEFAULT_MAX_DELAY_MS);
  // 2^attempt overflows to Infinity past ~1024; clamp the exponent so the arithmetic stays finite.
  const exp = Math.min(Math.max(0, Math.floor(attempt)), 52);
  const ceiling = Math.min(cap, base * 2 ** exp);
  const r = Math.min(Math.max(random(), 0), 1);
  let delay = r * ceiling;
  if (options.hintMs !== undefined && Number.isFinite(options.hintMs) && options.hintMs > 0) delay = Math.max(delay, options.hintMs);
  delay = Math.min(delay, cap);
  if (options.notBeforeMs !== undefined && Number.isFinite(options.notBeforeMs) && options.notBeforeMs > 0) {
    delay = Math.max(delay, Math.min(options.notBeforeMs, MAX_RETRY_AFTER_MS));
  }
  return Math.round(delay);
}
