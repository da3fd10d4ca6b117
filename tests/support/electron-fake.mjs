/**
 * The one stand-in for the 'electron' module: the surface Herald's shell uses (app, BrowserWindow, Tray, Menu,
 * Notification, ipcMain, safeStorage, protocol, shell, nativeImage, powerMonitor, net, globalShortcut, and the
 * preload's ipcRenderer/contextBridge), in plain ESM so that both kinds of tests load the same file:
 *   - unit tests: `vi.mock('electron', () => import('../support/electron-fake.mjs'))`, then assert on `calls(…)`,
 *     the `instances` of the classes, and drive it (`fake.invoke`, `tray.clickMenu`, `notification.emit('click')`);
 *   - the boot test: tests/boot/fake-electron.mjs re-exports this module as 'electron' for the built bundle and sends
 *     every record to a file as well (`fake.sink`).
 * Every call the app makes is one record `{ t: 'Class.method', at, …data }`; `resetElectron()` starts afresh.
 */
import { app, clipboard, contextBridge, dialog, globalShortcut, ipcMain, ipcRenderer, net, powerMonitor, protocol, safeStorage, shell } from './electron-fake/services.mjs';
import { BrowserWindow, Menu, nativeImage, Notification, Tray } from './electron-fake/ui.mjs';

export { calls, fake, record, resetElectron } from './electron-fake/state.mjs';
export * from './electron-fake/services.mjs';
export * from './electron-fake/ui.mjs';

export default { app, BrowserWindow, clipboard, contextBridge, dialog, globalShortcut, ipcMain, ipcRenderer, Menu, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, shell, Tray };
