/**
 * The one app window, locked down: isolated, sandboxed preload, no Node, web security on, no devtools in a packaged
 * build; it may not navigate (no frame either), attach a webview, open windows (http(s) links go to the OS browser
 * instead, through the rate-limited opener) or get any permission (camera, notifications…).
 * Closing it hides it to the tray unless the app is quitting.
 */
import { BrowserWindow, type NativeImage, type WebContents } from 'electron';
import { silentLogger, type Logger } from '../core/base/log';
import { isExternalUrlAllowed } from './external-url';

export interface WindowDeps {
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  /** What to load: APP_ENTRY_URL (app://herald/index.html), or the dev server's URL in development. */
  rendererUrl: string;
  /** Developer tools: only when the app is not packaged. */
  devTools: boolean;
  /** The checked, rate-limited opener shared with the IPC handler (`createExternalOpener`). */
  openExternal(url: string): Promise<unknown>;
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
  /** The global shortcut: hide when in front, else show. */
  toggle(): void;
}

/** The same rules for any webContents, so a future second window cannot forget them. */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<unknown>, log: Logger = silentLogger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn('blocked a navigation away from the app', { url: String(url).slice(0, 200) });
  });
  // Subframes too (an iframe a hostile string might smuggle in): no frame navigates anywhere.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    log.warn('blocked a frame navigation', { url: String(event.url).slice(0, 200) });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log.warn('blocked a redirect', { url: String(url).slice(0, 200) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) void openExternal(url).catch((err: unknown) => log.warn('could not open a link', { error: String(err) }));
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
    // Written out in full (not spread from a constant) so reviewers and electronegativity see every choice.
    webPreferences: {
      preload: deps.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: deps.devTools,
    },
  });
  hardenWebContents(win.webContents, deps.openExternal, log);

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

  const loading = win.loadURL(deps.rendererUrl);
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
    toggle() {
      if (win.isDestroyed()) return;
      if (win.isVisible() && !win.isMinimized() && win.isFocused()) win.hide();
      else this.show();
    },
  };
}
