import { drawAppIcon } from '../../src/main/badge/app-icons';
import { encodePng } from '../../src/main/badge/png';
import { BrowserWindow, resetElectron, state, type FakeImage } from './electron-fake';

vi.mock('electron', async () => (await import('./electron-fake')).electronModule());
const { createMainWindow } = await import('../../src/main/window');

function setup(opts: { devServerUrl?: string; showOnReady?: boolean } = {}) {
  resetElectron();
  const flags = { quitting: false };
  const visibility: boolean[] = [];
  const main = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    rendererFile: '/app/out/renderer/index.html',
    ...(opts.devServerUrl ? { devServerUrl: opts.devServerUrl } : {}),
    showOnReady: opts.showOnReady ?? true,
    isQuitting: () => flags.quitting,
    onVisibilityChange: (v) => void visibility.push(v),
  });
  const win = BrowserWindow.instances[0]!;
  return { main, win, flags, visibility };
}

describe('main window', () => {
  it('is created with the secure preferences and the CommonJS preload', () => {
    const { win } = setup();
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loaded).toEqual({ file: '/app/out/renderer/index.html' });
  });

  it('carries the app icon it is given (Linux and Windows title bars)', async () => {
    resetElectron();
    const { appIconImage } = await import('../../src/main/app-icon');
    const icon = appIconImage(64);
    createMainWindow({ preloadPath: '/p.cjs', rendererFile: '/r.html', icon, showOnReady: false, isQuitting: () => false, onVisibilityChange: () => {} });
    const given = BrowserWindow.instances[0]!.options.icon as unknown as FakeImage;
    expect(given).toBe(icon);
    expect(given.reps[0]!.buffer.equals(encodePng(drawAppIcon(64)))).toBe(true);
  });

  it('loads the dev server when one is given', () => {
    expect(setup({ devServerUrl: 'http://localhost:5173' }).win.loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('refuses every navigation and redirect', () => {
    const { win } = setup();
    expect(win.webContents.tryNavigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.tryNavigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(win.webContents.tryNavigate('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('denies window.open; http(s) links go to the browser, other schemes nowhere', async () => {
    const { win } = setup();
    const open = win.webContents.openHandler!;
    for (const url of ['https://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share']) expect(open({ url })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(state.opened).toEqual(['https://example.com/x']);
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
