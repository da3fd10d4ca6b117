/**
 * "Pause notifications" from the tray or the renderer. Kept in memory on purpose: a restart un-pauses, so a
 * forgotten pause cannot silence Herald for days.
 */
import { Emitter, type Disposable } from '../core/base/emitter';
import type { Logger } from '../core/base/log';

export interface PausedState {
  get(): boolean;
  set(paused: boolean): void;
  onDidChange(listener: (paused: boolean) => void): Disposable;
}

export function createPausedState(logger: Logger, initial = false): PausedState {
  let paused = initial;
  const changed = new Emitter<boolean>(logger);
  return {
    get: () => paused,
    set(next) {
      if (next === paused) return;
      paused = next;
      changed.fire(paused);
    },
    onDidChange: changed.event,
  };
}
