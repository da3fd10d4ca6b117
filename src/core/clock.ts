/**
 * Time, injected. Everything that waits goes through a Clock so tests drive time instead of sleeping.
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
