import { nextDelay } from '../../../src/core/connection/backoff';

describe('nextDelay (full jitter)', () => {
  it('draws from [0, base * 2^attempt]: random 0 gives 0, random ~1 gives the ceiling', () => {
    expect(nextDelay(0, () => 0, { baseMs: 1000 })).toBe(0);
    expect(nextDelay(0, () => 0.999999, { baseMs: 1000 })).toBe(1000);
    expect(nextDelay(3, () => 0.999999, { baseMs: 1000 })).toBe(8000);
    expect(nextDelay(3, () => 0.5, { baseMs: 1000 })).toBe(4000);
  });

  it('grows the ceiling exponentially per attempt', () => {
    const top = (a: number) => nextDelay(a, () => 0.999999, { baseMs: 100, capMs: 1e9 });
    expect([0, 1, 2, 3, 4].map(top)).toEqual([100, 200, 400, 800, 1600]);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    for (const attempt of [6, 10, 100, 5000]) {
      const d = nextDelay(attempt, () => 0.999999, { baseMs: 1000, capMs: 60_000 });
      expect(d).toBeLessThanOrEqual(60_000);
      expect(Number.isFinite(d)).toBe(true);
    }
    expect(nextDelay(20, () => 0.999999)).toBe(60_000);
  });

  it('stays within [0, ceiling] for any random draw', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(60_000, 1000 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const d = nextDelay(attempt, random);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('is never below the server retry hint, but still capped', () => {
    expect(nextDelay(0, () => 0, { baseMs: 1000, hintMs: 3000 })).toBe(3000);
    expect(nextDelay(5, () => 0.999999, { baseMs: 1000, hintMs: 3000 })).toBe(32_000);
    expect(nextDelay(0, () => 0, { capMs: 10_000, hintMs: 120_000 })).toBe(10_000);
  });

  it('ignores nonsense hints and random values outside [0, 1)', () => {
    expect(nextDelay(0, () => 0, { hintMs: Number.NaN })).toBe(0);
    expect(nextDelay(0, () => 0, { hintMs: -5 })).toBe(0);
    expect(nextDelay(1, () => 7, { baseMs: 100 })).toBe(200);
    expect(nextDelay(1, () => -1, { baseMs: 100 })).toBe(0);
  });
});
