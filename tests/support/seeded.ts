/** Deterministic "random" numbers for tests that play random faults: a seeded linear congruential generator. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
