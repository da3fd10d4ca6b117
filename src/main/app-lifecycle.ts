/**
 * App lifecycle for a tray app: one instance (a second launch shows the first window), closing the window keeps
 * Herald in the tray, Quit really quits — after stopping the client and the embedded server, bounded in time —
 * and "start at login / start hidden" follow the settings.
 */
import { app } from 'electron';
import { silentLogger, type Logger } from '../core/base/log';
import type { Settings } from '../shared/settings';
import { APP_USER_MODEL_ID } from './app-id';
import { setLinuxAutostart } from './linux-autostart';

export { APP_USER_MODEL_ID };
export const HIDDEN_FLAG = '--hidden';
/** Quitting never waits longer than this for cleanup. */
const CLEANUP_TIMEOUT_MS = 3000;

/** Call first, before `whenReady`. False: another Herald runs (it is told to show itself) and this one quits. */
export function acquireSingleInstance(): boolean {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

/**
 * Whether this launch should keep the window hidden (`--hidden` from the login item, or the setting). macOS login
 * items can no longer ask to open hidden (gone from Electron with macOS 13's login item API): the setting decides.
 */
export function startsHidden(settings: Pick<Settings, 'startHidden'>, argv: readonly string[] = process.argv): boolean {
  return settings.startHidden || argv.includes(HIDDEN_FLAG);
}

export function applyLoginItem(settings: Pick<Settings, 'startAtLogin' | 'startHidden'>, log: Logger = silentLogger): void {
  try {
    if (process.platform === 'linux') {
      // In development the command needs the app path after the Electron binary.
      const command = app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
      setLinuxAutostart({ enabled: settings.startAtLogin, hidden: settings.startHidden, command });
      return;
    }
    app.setLoginItemSettings({
      openAtLogin: settings.startAtLogin,
      args: settings.startHidden ? [HIDDEN_FLAG] : [], // Windows
    });
  } catch (err) {
    log.warn('could not change the start-at-login setting', { error: String(err) });
  }
}

export interface LifecycleDeps {
  showWindow(): void;
  /** Stop the client, close the embedded server, flush stores. */
  cleanup(): Promise<void>;
  logger?: Logger;
}

export interface Lifecycle {
  isQuitting(): boolean;
  quit(): void;
}

export function registerLifecycle(deps: LifecycleDeps): Lifecycle {
  const log = deps.logger ?? silentLogger;
  let quitting = false;
  let cleaned = false;
  let cleaning = false;

  app.on('second-instance', () => deps.showWindow());
  // A tray app lives on with no window; without a listener Electron would quit here on Windows and Linux.
  app.on('window-all-closed', () => {});
  app.on('activate', () => deps.showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (cleaned) return;
    event.preventDefault();
    if (cleaning) return;
    cleaning = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn('cleanup took too long; quitting anyway');
        resolve();
      }, CLEANUP_TIMEOUT_MS);
    });
    void Promise.race([deps.cleanup().catch((err: unknown) => log.error('cleanup failed', { error: String(err) })), timeout]).finally(() => {
      clearTimeout(timer);
      cleaned = true;
      app.quit();
    });
  });

  return {
    isQuitting: () => quitting,
    quit: () => {
      quitting = true;
      app.quit();
    },
  };
}
