/**
 * Boot test: the BUILT main process (out/main/index.js) runs in a child Node with a recording stand-in for
 * 'electron' (fake-electron.mjs). It must wire the whole app: a secure window, a tray, every IPC channel, the
 * embedded demo server on 127.0.0.1 — and a notification published to that server must reach a native
 * notification and the tray badge. `npm test` builds out/ first; a missing build fails here, loudly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePng } from '../../src/main/badge/png';
import { badgeLabel, drawTrayIcon } from '../../src/main/badge/tray-icon';
import { INVOKE_CHANNELS, type IpcResult, type Snapshot } from '../../src/shared/ipc-contract';
import { createHash } from 'node:crypto';
import { waitFor } from '../helpers/wait';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'out/main/index.js');
const REGISTER = join(import.meta.dirname, 'register.mjs');

type Rec = { t: string; at: number; [k: string]: unknown };

let dir = '';
let child: ChildProcess | null = null;
let stderr = '';
let exitCode: number | null = null;
let nextId = 0;

const records = (): Rec[] => {
  try {
    return readFileSync(join(dir, 'record.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
  } catch {
    return [];
  }
};
const all = (t: string) => records().filter((r) => r.t === t);
const last = (t: string) => all(t).at(-1);

async function command<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  const id = ++nextId;
  child!.stdin!.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
  const reply = await waitFor(() => records().find((r) => r.t === 'control.reply' && r.id === id), { timeoutMs: 10_000, message: `reply to ${cmd}` });
  if (reply.error) throw new Error(String(reply.error));
  return reply.result as T;
}

const pngSha = (unread: number) => createHash('sha1').update(encodePng(drawTrayIcon({ unread, connection: 'ok', paused: false }, 16))).digest('hex');

describe('boot: the built app wires up in a Node process with a fake Electron', () => {
  beforeAll(async () => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: the boot test needs the built app. Run \`npx electron-vite build\` (npm test builds it first).`);
    }
    dir = mkdtempSync(join(tmpdir(), 'herald-boot-'));
    child = spawn(process.execPath, ['--import', REGISTER, MAIN], {
      cwd: ROOT,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: {
        ...process.env,
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        XDG_DATA_HOME: join(dir, 'data'),
        HERALD_BOOT_RECORD: join(dir, 'record.jsonl'),
        HERALD_BOOT_USERDATA: join(dir, 'userData'),
        HERALD_LOG: 'info',
        ELECTRON_RENDERER_URL: '',
      },
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (exitCode = code ?? -1));
    await waitFor(() => last('ipcMain.handle') && records().some((r) => r.t === 'Tray.setContextMenu'), {
      timeoutMs: 15_000,
      message: 'the app to finish starting',
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- app stderr ---\n${stderr}`);
    });
  });

  afterAll(() => {
    if (child && exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens one window with the secure preferences, loading the built renderer through the CommonJS preload', () => {
    const windows = all('BrowserWindow.new');
    expect(windows).toHaveLength(1);
    const prefs = (windows[0]!.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBe(join(ROOT, 'out/preload/index.cjs'));
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(last('BrowserWindow.loadFile')?.file).toBe(join(ROOT, 'out/renderer/index.html'));
    expect(all('webContents.setWindowOpenHandler')).toHaveLength(1);
    expect(all('session.setPermissionRequestHandler')).toHaveLength(1);
  });

  it('handles every InvokeChannel, and only for our own page', async () => {
    expect(all('ipcMain.handle').map((r) => r.channel).sort()).toEqual([...INVOKE_CHANNELS].sort());
    const ours = await command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot' });
    expect(ours.ok).toBe(true);
    const foreign = await command<IpcResult<Snapshot>>('invoke', { channel: 'herald:get-snapshot', frameUrl: 'https://evil.example/' });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('puts a tray with its menu up, listens to power events, and stores settings under userData', () => {
    expect(all('Tray.new')).toHaveLength(1);
    const menu = last('Tray.setContextMenu')!.items as Array<{ label?: string }>;
    expect(menu.map((i) => i.label).filter(Boolean)).toEqual(['Open Herald', 'Pause notifications', 'Quiet hours (22:00–07:00)', 'Mark all as read', 'Quit Herald']);
    expect(all('powerMonitor.on').map((r) => r.event).sort()).toEqual(['resume', 'suspend', 'unlock-screen']);
    expect(JSON.parse(readFileSync(join(dir, 'userData', 'settings.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('starts the embedded demo server on 127.0.0.1, connects to it, and a published notification reaches a native notification and the badge', async () => {
    const url = /embedded demo server listening \{"url":"(http:\/\/127\.0\.0\.1:\d+)"\}/.exec(stderr)?.[1];
    expect(url, `no demo server URL in the app's log:\n${stderr}`).toBeTruthy();

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
    const res = await fetch(`${url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, body: 'from the boot test', priority: 4 }) });
    expect(res.status).toBe(201);

    const toast = await waitFor(() => all('Notification.new').find((r) => (r.options as { title: string }).title === title), { timeoutMs: 10_000, message: 'a native notification with our title' });
    expect(toast.options).toMatchObject({ title, body: 'from the boot test', silent: false });
    expect(all('Notification.show').some((r) => r.title === title)).toBe(true);

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
    const url = /embedded demo server listening \{"url":"(http:\/\/127\.0\.0\.1:\d+)"\}/.exec(stderr)![1]!;
    await command('trayMenu', { item: 'quit' });
    await waitFor(() => exitCode !== null, { timeoutMs: 10_000, message: 'the app to exit' });
    expect(exitCode).toBe(0);
    expect(all('Tray.destroy')).toHaveLength(1);
    await expect(fetch(`${url}/heartbeat`)).rejects.toThrow();
  });
});
