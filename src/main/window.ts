/**
 * The one app window, locked down: isolated, sandboxed preload, no Node, web security on; it may not navigate,
 * open windows (http(s) links go to the OS browser instead) or get any permission (camera, notifications…).
 * Closing it hides it to the tray unless the app is quitting.
 */
import { BrowserWindow, shell, type NativeImage, type WebContents } from 'electron';
import { silentLogger, type Logger } from '../core/log';
import { isExternalUrlAllowed } from './external-url';

export interface WindowDeps {
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  /** Absolute path of out/renderer/index.html. */
  rendererFile: string;
  /** ELECTRON_RENDERER_URL during `electron-vite dev`. */
  devServerUrl?: string;
  /** The window icon (Linux, Windows); macOS takes the app bundle's. */
  icon?: NativeImage;
  /** False when started hidden (login item, `--hidden`, the startHidden setting). */
  showOnReady: boolean;
  isQuitting(): boolean;
  onVisibilityChange(visible: boolean): void;
  logger?: Logger;
}

export interface MainWindow {
  readonly window: BrowserWindow;
  webContents(): WebContents | null;
  /** Show, restore and focus (tray click, second launch, notification click). */
  show(): void;
}

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
} as const;

/** The same rules for any webContents, so a future second window cannot forget them. */
export function hardenWebContents(contents: WebContents, log: Logger = silentLogger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn('blocked a navigation away from the app', { url: String(url).slice(0, 200) });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log.warn('blocked a redirect', { url: String(url).slice(0, 200) });
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) void shell.openExternal(url).catch((err: unknown) => log.warn('could not open a link', { error: String(err) }));
    else log.warn('blocked window.open', { url: String(url).slice(0, 200) });
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, permission, callback) => {
    log.info('denied a permission request', { permission });
    callback(false);
  });
  contents.session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(deps: WindowDeps): MainWindow {
  const log = deps.logger ?? silentLogger;
  const win = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 420,
    minHeight: 360,
    show: false,
    title: 'Herald',
    backgroundColor: '#ffffff',
    ...(deps.icon ? { icon: deps.icon } : {}),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: deps.preloadPath },
  });
  hardenWebContents(win.webContents, log);

  win.once('ready-to-show', () => {
    if (deps.showOnReady) win.show();
  });
  win.on('close', (event) => {
    if (deps.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  win.on('show', () => deps.onVisibilityChange(true));
  win.on('restore', () => deps.onVisibilityChange(true));
  win.on('hide', () => deps.onVisibilityChange(false));
  win.on('minimize', () => deps.onVisibilityChange(false));

  const loading = deps.devServerUrl ? win.loadURL(deps.devServerUrl) : win.loadFile(deps.rendererFile);
  void loading.catch((err: unknown) => log.error('the window could not load the app', { error: String(err) }));

  return {
    window: win,
    webContents: () => (win.isDestroyed() ? null : win.webContents),
    show() {
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
  };
}
