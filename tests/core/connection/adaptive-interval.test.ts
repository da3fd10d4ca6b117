import { AdaptiveInterval } from '../../../src/core/connection/adaptive-interval';

describe('AdaptiveInterval (the SmartPolling rules of the browser prototype)', () => {
  it('starts at 3 s', () => {
    expect(new AdaptiveInterval().current).toBe(3000);
  });

  it('halves on new data, never below 2 s', () => {
    const a = new AdaptiveInterval();
    for (let i = 0; i < 3; i++) a.onIdle();
    expect(a.onData()).toBeCloseTo(2592);
    expect(a.onData()).toBe(2000);
    expect(a.onData()).toBe(2000);
  });

  it('stretches by 1.2 when idle, never above 60 s', () => {
    const a = new AdaptiveInterval();
    expect(a.onIdle()).toBeCloseTo(3600);
    expect(a.onIdle()).toBeCloseTo(4320);
    for (let i = 0; i < 50; i++) a.onIdle();
    expect(a.current).toBe(60_000);
  });

  it('doubles on error, never above 60 s', () => {
    const a = new AdaptiveInterval();
    expect(a.onError()).toBe(6000);
    expect(a.onError()).toBe(12_000);
    expect(a.onError()).toBe(24_000);
    expect(a.onError()).toBe(48_000);
    expect(a.onError()).toBe(60_000);
  });

  it('recovers quickly once data flows again and reset() returns to the start', () => {
    const a = new AdaptiveInterval();
    for (let i = 0; i < 10; i++) a.onError();
    expect(a.onData()).toBe(30_000);
    a.reset();
    expect(a.current).toBe(3000);
  });
});
