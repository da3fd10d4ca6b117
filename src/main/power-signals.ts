/**
 * Signals the OS gives unreliably, rebuilt from time itself (no Electron here):
 * - a wake detector: a 10 s tick that notices wall time jumping by more than 30 s — the machine slept even if no
 *   `suspend`/`resume` event arrived (common on some Linux desktops) — so the client restarts its timers
 *   instead of trusting ones that slept (VS Code's lesson);
 * - an online poller: `net.isOnline()` asked every few seconds, reporting only changes.
 */
import { OnceTimer, type Clock } from '../core/base/clock';
import type { Disposable } from '../core/base/emitter';

export interface WakeDetector extends Disposable {
  /** A real resume event arrived: start measuring afresh so the same sleep is not reported twice. */
  reset(): void;
}

export function createWakeDetector(opts: { clock: Clock; onWake(sleptMs: number): void; intervalMs?: number; jumpMs?: number }): WakeDetector {
  const { clock } = opts;
  const interval = opts.intervalMs ?? 10_000;
  const jump = opts.jumpMs ?? 30_000;
  let last = clock.now();
  const timer = new OnceTimer(clock);

  const tick = (): void => {
    const now = clock.now();
    const gap = now - last - interval;
    last = now;
    if (gap > jump) opts.onWake(gap);
    timer.schedule(interval, tick);
  };
  timer.schedule(interval, tick);

  return {
    reset() {
      last = clock.now();
      timer.schedule(interval, tick);
    },
    dispose() {
      timer.dispose();
    },
  };
}

export function createOnlinePoller(opts: { clock: Clock; isOnline(): boolean; onChange(online: boolean): void; intervalMs?: number }): Disposable {
  const { clock } = opts;
  const interval = opts.intervalMs ?? 5_000;
  let known: boolean | undefined;
  const timer = new OnceTimer(clock);

  const check = (): void => {
    let online: boolean;
    try {
      online = opts.isOnline();
    } catch {
      // If the OS cannot tell, assume online and let the transports find out.
      online = true;
    }
    if (online !== known) {
      known = online;
      opts.onChange(online);
    }
    timer.schedule(interval, check);
  };
  check();

  return {
    dispose() {
      timer.dispose();
    },
  };
}
