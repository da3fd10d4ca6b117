/**
 * When Herald looks for a new version, and what it does with one — decided here, in plain TypeScript, against a
 * small updater interface (electron-updater's `autoUpdater` in the app, a fake in tests):
 * - off unless packaged (a source checkout updates with git, and has no release feed to ask);
 * - one check at start, then one every few hours; never two at once; a failed check (offline, no feed) is
 *   logged and simply waits for the next turn;
 * - a new version downloads in the background; once downloaded the state is "ready" and checks stop;
 * - Herald never restarts on its own: the user chooses "restart to install" (tray menu or window), or the update
 *   installs when they quit.
 */
import type { Clock, TimerHandle } from '../../core/base/clock';
import { Emitter, type Disposable } from '../../core/base/emitter';
import { silentLogger, type Logger } from '../../core/base/log';

/** The part of electron-updater's AppUpdater the policy uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  /** 'update-downloaded' gives `{ version }`, 'error' an Error (electron-updater's events). */
  on(event: 'update-downloaded' | 'error', listener: (...args: any[]) => void): unknown;
  removeListener(event: 'update-downloaded' | 'error', listener: (...args: any[]) => void): unknown;
}

export type UpdateState = { kind: 'off' } | { kind: 'idle'; lastCheckAt: number | null } | { kind: 'checking' } | { kind: 'ready'; version: string };

export interface UpdatePolicyDeps {
  /** Null when updates are off (not packaged). */
  updater: Updater | null;
  clock: Clock;
  /** Between checks (default 4 hours). */
  intervalMs?: number;
  logger?: Logger;
}

export interface UpdatePolicy extends Disposable {
  state(): UpdateState;
  readonly onDidChange: (listener: (state: UpdateState) => void) => Disposable;
  /** The user asked to restart into the downloaded version. A no-op unless one is ready. */
  installNow(): void;
}

export const DEFAULT_UPDATE_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** How often the wall clock is compared with the due time. */
const TICK_MS = 10 * 60 * 1000;

export function createUpdatePolicy(deps: UpdatePolicyDeps): UpdatePolicy {
  const { clock } = deps;
  const log = deps.logger ?? silentLogger;
  const changed = new Emitter<UpdateState>(log);
  if (!deps.updater) {
    return { state: () => ({ kind: 'off' }), onDidChange: changed.event, installNow: () => {}, dispose: () => changed.dispose() };
  }

  const updater: Updater = deps.updater;
  const intervalMs = deps.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
  let state: UpdateState = { kind: 'idle', lastCheckAt: null };
  let timer: TimerHandle | undefined;
  let disposed = false;
  const set = (next: UpdateState): void => {
    state = next;
    changed.fire(next);
  };

  // Download quietly; install only when the user says so or quits.
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;

  const onDownloaded = (info: { version: string }): void => {
    if (disposed) return;
    clock.clearTimeout(timer);
    log.info('an update is ready', { version: info.version });
    set({ kind: 'ready', version: String(info.version) });
  };
  const onError = (error: Error): void => log.warn('update check failed', { error: error?.message ?? String(error) });
  updater.on('update-downloaded', onDownloaded);
  updater.on('error', onError);

  // A long timer does not survive sleep (VS Code's lesson): look at the wall clock every few minutes instead, so
  // a laptop that slept through the due time checks soon after it wakes.
  let lastCheckAt = clock.now();
  const schedule = (): void => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(tick, Math.min(TICK_MS, intervalMs));
  };
  const tick = (): void => {
    if (clock.now() - lastCheckAt >= intervalMs) check();
    else schedule();
  };
  function check(): void {
    if (disposed || state.kind === 'ready' || state.kind === 'checking') return;
    set({ kind: 'checking' });
    const done = (): void => {
      if (disposed || state.kind === 'ready') return;
      lastCheckAt = clock.now();
      set({ kind: 'idle', lastCheckAt });
      schedule();
    };
    let checking: Promise<unknown>;
    try {
      checking = updater.checkForUpdates();
    } catch (err) {
      checking = Promise.reject(err);
    }
    checking.then(done, (err: unknown) => {
      onError(err instanceof Error ? err : new Error(String(err)));
      done();
    });
  }
  check();

  return {
    state: () => state,
    onDidChange: changed.event,
    installNow() {
      if (state.kind !== 'ready') return;
      log.info('restarting to install the update', { version: state.version });
      updater.quitAndInstall();
    },
    dispose() {
      disposed = true;
      clock.clearTimeout(timer);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
      changed.dispose();
    },
  };
}
