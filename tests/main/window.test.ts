import { drawAppIcon } from '../../src/main/icons/app-icons';
import { encodePng } from '../../src/main/icons/png-encoder';
import { BrowserWindow, resetElectron, type NativeImage } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const { createMainWindow } = await import('../../src/main/window');
const { createExternalOpener } = await import('../../src/main/external-url');
const { APP_ENTRY_URL } = await import('../../src/main/app-origin');

function setup(opts: { devServerUrl?: string; showOnReady?: boolean; devTools?: boolean } = {}) {
  resetElectron();
  const flags = { quitting: false };
  const visibility: boolean[] = [];
  const opened: string[] = [];
  const main = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    rendererUrl: opts.devServerUrl ?? APP_ENTRY_URL,
    devTools: opts.devTools ?? false,
    openExternal: createExternalOpener({ open: async (url) => void opened.push(url), now: () => 0 }),
    showOnReady: opts.showOnReady ?? true,
    isQuitting: () => flags.quitting,
    onVisibilityChange: (v) => void visibility.push(v),
  });
  const win = BrowserWindow.instances[0]!;
  return { main, win, flags, visibility, opened };
}

/** Emit an Electron-style event whose handler may call preventDefault; true if it did. */
function prevented(win: InstanceType<typeof BrowserWindow>, event: string, details: Record<string, unknown> = {}): boolean {
  let stopped = false;
  win.webContents.emit(event, { ...details, preventDefault: () => (stopped = true) }, details.url);
  return stopped;
}

describe('main window', () => {
  it('is created with exactly the secure preferences (no Node anywhere, no webview, no experiments, no devtools when packaged)', () => {
    const { win } = setup();
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    });
    expect(setup({ devTools: true }).win.options.webPreferences).toMatchObject({ devTools: true });
  });

  it('loads the app from app://herald/, never from file://', () => {
    expect(setup().win.loaded).toEqual({ url: 'app://herald/index.html' });
  });

  it('carries the app icon it is given (Linux and Windows title bars)', async () => {
    resetElectron();
    const { appIconImage } = await import('../../src/main/app-icon');
    const icon = appIconImage(64);
    createMainWindow({
      preloadPath: '/p.cjs',
      rendererUrl: APP_ENTRY_URL,
      devTools: false,
      openExternal: async () => {},
      icon,
      showOnReady: false,
      isQuitting: () => false,
      onVisibilityChange: () => {},
    });
    const given = BrowserWindow.instances[0]!.options.icon as unknown as NativeImage;
    expect(given).toBe(icon);
    expect(given.reps[0]!.buffer.equals(encodePng(drawAppIcon(64)))).toBe(true);
  });

  it('loads the dev server when one is given', () => {
    expect(setup({ devServerUrl: 'http://localhost:5173' }).win.loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('refuses frame navigations and webviews', () => {
    const { win } = setup();
    expect(prevented(win, 'will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(prevented(win, 'will-frame-navigate', { url: 'file:///etc/passwd', isMainFrame: true })).toBe(true);
    expect(prevented(win, 'will-attach-webview', { url: 'https://evil.example/' })).toBe(true);
  });

  it('window.open in a loop opens at most a few links (the same limit as the Open button)', async () => {
    const { win, opened } = setup();
    for (let i = 0; i < 20; i++) win.webContents.openHandler!({ url: `https://example.com/${i}` });
    await vi.waitFor(() => expect(opened.length).toBe(3));
    expect(opened).toEqual(['https://example.com/0', 'https://example.com/1', 'https://example.com/2']);
  });

  it('refuses every navigation and redirect', () => {
    const { win } = setup();
    expect(win.webContents.tryNavigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.tryNavigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(win.webContents.tryNavigate('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('denies window.open; http(s) links go to the browser, other schemes nowhere', async () => {
    const { win, opened } = setup();
    const open = win.webContents.openHandler!;
    for (const url of ['https://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'https://u:p@example.com/']) expect(open({ url })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(opened).toEqual(['https://example.com/x']));
  });

  it('denies every permission request and check', () => {
    const { win } = setup();
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) win.webContents.session.permissionRequest!(win.webContents, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(win.webContents.session.permissionCheck!()).toBe(false);
  });

  it('shows when ready unless started hidden, and reports visibility', () => {
    const { win, visibility } = setup();
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    const hidden = setup({ showOnReady: false });
    hidden.win.emit('ready-to-show');
    expect(hidden.win.visible).toBe(false);
    expect(visibility).toEqual([true]);
  });

  it('closing hides to the tray; while quitting it really closes', () => {
    const { win, flags, visibility, main } = setup();
    main.show();
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(false);
    expect(visibility).toEqual([true, false]);
    flags.quitting = true;
    expect(win.userClose()).toBe(true);
    expect(main.webContents()).toBeNull();
  });
});
