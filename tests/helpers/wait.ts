/**
 * Wait for a condition with a deadline, for integration tests over real sockets: poll `fn` until it returns a truthy
 * value (or a promise of one) and return that value; throw a descriptive error when the deadline passes.
 * This is synchronisation on an observable outcome, not a sleep standing in for one.
 */
export interface WaitForOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Time between checks (default 10 ms). */
  intervalMs?: number;
  /** Says what we were waiting for, in the error. */
  message?: string;
}

export async function waitFor<T>(
  fn: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  { timeoutMs = 5000, intervalMs = 10, message }: WaitForOptions = {},
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const value = await fn();
      if (value !== undefined && value !== false && value !== null) return value;
      lastError = undefined;
    } catch (err) {
      // A check that throws (e.g. an expect) counts as "not yet"; its error is reported if we time out.
      lastError = err;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const what = message ?? 'condition';
      const why = lastError === undefined ? '' : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`waitFor: ${what} not met after ${elapsed} ms (${attempts} checks)${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, timeoutMs - elapsed)));
  }
}
