/**
 * electron-updater's `autoUpdater`, only in an installed Herald: a source checkout updates with git and has no
 * release feed (app-update.yml, written by electron-builder from electron-builder.yml's `publish`). Loaded lazily
 * so a checkout never even imports it.
 */
import { app } from 'electron';
import type { Logger } from '../../core/base/log';
import type { Updater } from './update-policy';

export async function loadUpdater(log: Logger): Promise<Updater | null> {
  if (!app.isPackaged) return null;
  try {
    const { default: electronUpdater } = await import('electron-updater');
    const { autoUpdater } = electronUpdater;
    autoUpdater.logger = {
      debug: (m: unknown) => log.debug(String(m)),
      info: (m: unknown) => log.info(String(m)),
      warn: (m: unknown) => log.warn(String(m)),
      error: (m: unknown) => log.error(String(m)),
    };
    // AppUpdater's typed emitter is wider than the two events the policy listens to.
    return autoUpdater as unknown as Updater;
  } catch (err) {
    log.warn('updates are unavailable', { error: String(err) });
    return null;
  }
}
