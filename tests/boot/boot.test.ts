/**
 * Boot test: the BUILT main process (out/main/index.js) runs in a child Node with a recording stand-in for
 * 'electron' (fake-electron.mjs). It must wire the whole app: a secure window, a tray, every IPC channel, the
 * embedded demo server on 127.0.0.1 — and a notification published to that server must reach a native
 * notification and the tray badge. `npm test` builds out/ first; a missing build fails here, loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { encodePng } from '../../src/main/icons/png-encoder';
import { badgeLabel, drawTrayIcon } from '../../src/main/icons/tray-icon';
import { INVOKE_CHANNELS, type IpcResult, type Snapshot } from '../../src/shared/ipc-contract';
import { waitFor } from '../helpers/wait';
import { BootedApp, ROOT } from './boot-harness';

let app: BootedApp;
const all = (t: string) => app.all(t);
const last = (t: string) => app.last(t);
const command = <T = unknown>(cmd: string, args: Record<string, unknown> = {}) => app.command<T>(cmd, args);

const pngSha = (unread: number) => createHash('sha1').update(encodePng(drawTrayIcon({ unread, connection: 'ok', paused: false }, 16))).digest('hex');
type Served = { status: number; headers: Record<string, string>; body: string };

describe('boot: the built app wires up in a Node process with a fake Electron', () => {
  beforeAll(async () => {
    app = await new BootedApp().started();
  });

  afterAll(() => app?.stop());

  it('opens one window with the secure preferences, loading the built renderer through the CommonJS preload', () => {
    const windows = all('BrowserWindow.new');
    expect(windows).toHaveLength(1);
    const prefs = (windows[0]!.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBe(join(ROOT, 'out/preload/index.cjs'));
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(all('BrowserWindow.loadFile')).toEqual([]);
    expect(last('BrowserWindow.loadURL')?.url).toBe('app://herald/index.html');
    expect(all('webContents.setWindowOpenHandler')).toHaveLength(1);
    expect(all('session.setPermissionRequestHandler')).toHaveLength(1);
  });

  it('sandboxes every renderer and registers app:// before ready; the handler serves the bundle and nothing else', async () => {
    expect(last('app.enableSandbox')).toMatchObject({ ready: false });
    expect(last('protocol.registerSchemesAsPrivileged')).toMatchObject({ ready: false, schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }] });
    expect(last('protocol.handle')).toMatchObject({ scheme: 'app', ready: true });

    const page = await command<Served>('protocolGet', { url: 'app://herald/index.html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app"></div>');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeTruthy();
    expect((await command<Served>('protocolGet', { url: `app://herald/${script}` })).status).toBe(200);

    // A hostile page inside the window asking for files outside out/renderer.
    for (const url of ['app://herald/../main/index.js', 'app://herald/%2e%2e/main/index.js', 'app://herald/..%2f..%2fpackage.json', 'app://herald/%2e%2e%2f%2e%2e%2fpackage.json', 'app://other/index.html']) {
      const res = await command<Served>('protocolGet', { url });
      expect(res.status, url).toBe(404);
      expect(res.body).not.toMatch(/herald|electron/i);
    }
  });

  it('handles every InvokeChannel, and only for our own page', async () => {
    expect(all('ipcMain.handle').map((r) => r.channel).sort()).toEqual([...INVOKE_CHANNELS].sort());
    const ours = await command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot' });
    expect(ours.ok).toBe(true);
    for (const frameUrl of ['https://evil.example/', `file://${join(ROOT, 'out/renderer/index.html')}`, 'app://evil/index.html']) {
      const foreign = await command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot', frameUrl });
      expect(foreign, frameUrl).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('puts a tray with its menu up, listens to power events, and stores settings under userData', () => {
    expect(all('Tray.new')).toHaveLength(1);
    const menu = last('Tray.setContextMenu')!.items as Array<{ label?: string }>;
    expect(menu.map((i) => i.label).filter(Boolean)).toEqual(['Open Herald', 'Pause notifications', 'Snooze notifications', 'Quiet hours (22:00–07:00)', 'Mark all as read', 'Troubleshooting…', 'Quit Herald']);
    expect(all('powerMonitor.on').map((r) => r.event).sort()).toEqual(['resume', 'suspend', 'unlock-screen']);
    expect(JSON.parse(readFileSync(join(app.dir, 'userData', 'settings.json'), 'utf8'))).toMatchObject({ version: 2 });
  });

  it('starts the embedded demo server on 127.0.0.1, connects to it, and a published notification reaches a native notification and the badge', async () => {
    const url = /embedded demo server listening \{"url":"(http:\/\/127\.0\.0\.1:\d+)"\}/.exec(app.stderr)?.[1];
    expect(url, `no demo server URL in the app's log:\n${app.stderr}`).toBeTruthy();

    const snapshot = async () => {
      const r = await command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    await waitFor(async () => {
      const s = await snapshot();
      return s.connection.overall.kind === 'open' && !s.connection.sources[0]?.loading;
    }, { timeoutMs: 15_000, message: 'the client to connect to the demo server' });
    const badgeBefore = Number(last('app.setBadgeCount')?.count ?? 0);

    const title = `Boot check ${Date.now()}`;
    const publish = (headers: Record<string, string>) =>
      fetch(`${url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ title, body: 'from the boot test', priority: 4 }) });
    // Another local process cannot publish: the demo server wants the app's random token, which is never logged.
    expect((await publish({})).status).toBe(401);
    const auth = all('fetch').find((r) => String(r.url).startsWith(url!) && r.authorization)?.authorization as string | undefined;
    expect(auth).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);
    expect(app.stderr).not.toContain(auth!.slice('Bearer '.length));
    const res = await publish({ authorization: auth! });
    expect(res.status).toBe(201);

    const toast = await waitFor(() => all('Notification.new').find((r) => (r.options as { title: string }).title === title), { timeoutMs: 10_000, message: 'a native notification with our title' });
    expect(toast.options).toMatchObject({ title, body: 'from the boot test', silent: false });
    // Shown right after it is made: the record of `show` may land a moment after the one of `new`.
    await waitFor(() => all('Notification.show').some((r) => r.title === title), { timeoutMs: 5000, message: 'the notification was shown' });

    // The badge went up and the tray picture shows the same count as the dock badge.
    await waitFor(() => {
      const count = Number(last('app.setBadgeCount')?.count ?? 0);
      const image = (last('Tray.setImage')?.image as Array<{ scaleFactor: number; sha1: string }>).find((r) => r.scaleFactor === 1);
      return count > badgeBefore && badgeLabel(count) !== '' && image?.sha1 === pngSha(count);
    }, { timeoutMs: 5_000, message: 'the tray badge to show the new unread count' });
    const s = await snapshot();
    expect(s.items.some((i) => i.title === title && !i.read)).toBe(true);

    // Clicking it tells the renderer which item to show.
    await command('clickNotification', { title });
    await waitFor(() => all('webContents.send').some((r) => (r.channels as string[]).includes('herald:focus-item')), { message: 'focus-item sent to the window' });
  });

  it('Quit from the tray stops the client and the demo server, and the process exits 0', async () => {
    const url = /embedded demo server listening \{"url":"(http:\/\/127\.0\.0\.1:\d+)"\}/.exec(app.stderr)![1]!;
    await command('trayMenu', { item: 'quit' });
    await waitFor(() => app.exitCode !== null, { timeoutMs: 10_000, message: 'the app to exit' });
    expect(app.exitCode).toBe(0);
    expect(all('Tray.destroy')).toHaveLength(1);
    await expect(fetch(`${url}/heartbeat`)).rejects.toThrow();
  });
});

describe('boot: a packaged build ignores ELECTRON_RENDERER_URL', () => {
  let packaged: BootedApp;
  beforeAll(async () => {
    packaged = await new BootedApp({ HERALD_BOOT_PACKAGED: '1', ELECTRON_RENDERER_URL: 'https://evil.example/' }).started();
  });
  afterAll(() => packaged?.stop());

  it('loads its own bundle, trusts no other page, and has no devtools', async () => {
    expect(packaged.all('BrowserWindow.loadURL').map((r) => r.url)).toEqual(['app://herald/index.html']);
    const prefs = (packaged.last('BrowserWindow.new')!.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs.devTools).toBe(false);
    const evil = await packaged.command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot', frameUrl: 'https://evil.example/' });
    expect(evil).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ours = await packaged.command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot', frameUrl: 'app://herald/index.html' });
    expect(ours.ok).toBe(true);
  });
});
