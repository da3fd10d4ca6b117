/** Small statistics and timing helpers for the bench: medians of rounds, percentiles of samples, bounded waits. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Run `herald` and `baseline` alternately for `rounds` rounds (baseline first in odd rounds, Herald first in even
 * ones, so a warm-up or a neighbour's load does not favour one side) and return both lists of results.
 */
export async function alternate<T>(rounds: number, herald: () => Promise<T>, baseline: () => Promise<T>): Promise<{ herald: T[]; baseline: T[] }> {
  const out = { herald: [] as T[], baseline: [] as T[] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.baseline.push(await baseline());
      out.herald.push(await herald());
    } else {
      out.herald.push(await herald());
      out.baseline.push(await baseline());
    }
  }
  return out;
}

/** Wait until `cond()` holds, checking every few ms; throw after `timeoutMs` (every wait in the bench is bounded). */
export async function until(cond: () => boolean, timeoutMs: number, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Monotonic nanoseconds, comparable across processes on one machine (CLOCK_MONOTONIC). */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function msSince(ns: bigint): number {
  return Number(process.hrtime.bigint() - ns) / 1e6;
}
