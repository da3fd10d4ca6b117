// A stand-in for the 'electron' module, for the boot test: the built app (out/main/index.js) runs in plain Node
// with this in Electron's place. Every call the app makes is appended as one JSON line to $HERALD_BOOT_RECORD.
// The test drives it through stdin, one JSON command per line: invoke an IPC channel as a given frame, click a
// notification or a tray menu item, quit. stdin closing (the test ending) ends the process: nothing outlives it.
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const RECORD = process.env.HERALD_BOOT_RECORD;
const USER_DATA = process.env.HERALD_BOOT_USERDATA;
if (!RECORD || !USER_DATA) throw new Error('fake electron needs HERALD_BOOT_RECORD and HERALD_BOOT_USERDATA');

function record(t, data = {}) {
  appendFileSync(RECORD, JSON.stringify({ t, at: Date.now(), ...data }) + '\n');
}
const sha = (buf) => createHash('sha1').update(buf).digest('hex');

// The client's requests, as a network observer sees them (the boot test learns the demo server's token here).
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  record('fetch', { url: String(input instanceof Request ? input.url : input), authorization: headers.get('authorization') });
  return realFetch(input, init);
};

// —— app ——
const appEvents = new EventEmitter();
let ready = false;
export const app = {
  whenReady() {
    record('app.whenReady');
    return new Promise((resolve) => setImmediate(() => {
      ready = true;
      resolve();
    }));
  },
  isReady: () => ready,
  on(event, fn) {
    record('app.on', { event });
    appEvents.on(event, fn);
    return app;
  },
  once(event, fn) {
    appEvents.once(event, fn);
    return app;
  },
  removeListener(event, fn) {
    appEvents.removeListener(event, fn);
    return app;
  },
  setAsDefaultProtocolClient(scheme) {
    record('app.setAsDefaultProtocolClient', { scheme });
    return true;
  },
  getPath(name) {
    return USER_DATA;
  },
  getVersion: () => '0.1.0',
  getName: () => 'Herald',
  getLocale: () => 'en-US',
  getAppPath: () => process.cwd(),
  isPackaged: process.env.HERALD_BOOT_PACKAGED === '1',
  enableSandbox() {
    record('app.enableSandbox', { ready });
  },
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  },
  setAppUserModelId(id) {
    record('app.setAppUserModelId', { id });
  },
  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', { settings });
  },
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAsHidden: false }),
  setBadgeCount(count) {
    record('app.setBadgeCount', { count });
    return true;
  },
  quit() {
    record('app.quit');
    const ev = () => {
      let prevented = false;
      return { e: { preventDefault: () => (prevented = true) }, prevented: () => prevented };
    };
    const before = ev();
    appEvents.emit('before-quit', before.e);
    if (before.prevented()) return;
    const will = ev();
    appEvents.emit('will-quit', will.e);
    if (will.prevented()) return;
    record('app.exited', { code: 0 });
    setImmediate(() => process.exit(0));
  },
  exit(code = 0) {
    record('app.exited', { code });
    process.exit(code);
  },
};

// —— images, tray, menu ——
class NativeImage {
  constructor(buffer, scaleFactor) {
    this.reps = [{ scaleFactor, buffer }];
  }
  addRepresentation({ scaleFactor, buffer }) {
    this.reps.push({ scaleFactor, buffer });
  }
  summary() {
    return this.reps.map((r) => ({ scaleFactor: r.scaleFactor, bytes: r.buffer?.length ?? 0, sha1: r.buffer ? sha(r.buffer) : null }));
  }
  isEmpty() {
    return this.reps.length === 0;
  }
}
export const nativeImage = {
  createFromBuffer(buffer, options = {}) {
    return new NativeImage(buffer, options.scaleFactor ?? 1);
  },
  createFromBitmap(buffer, options = {}) {
    return new NativeImage(buffer, options.scaleFactor ?? 1);
  },
  createEmpty: () => new NativeImage(null, 1),
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
};

let tray = null;
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    tray = this;
    record('Tray.new', { image: image.summary() });
  }
  setImage(image) {
    record('Tray.setImage', { image: image.summary() });
  }
  setToolTip(text) {
    record('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    this.menu = menu;
    record('Tray.setContextMenu', { items: menu.template.map((i) => ({ id: i.id, type: i.type, label: i.label, enabled: i.enabled, checked: i.checked })) });
  }
  destroy() {
    record('Tray.destroy');
  }
}

// —— notifications ——
const notifications = [];
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
    notifications.push(this);
    record('Notification.new', { options });
  }
  show() {
    record('Notification.show', { title: this.options.title });
  }
}

// —— windows ——
let loadedUrl = null;
let mainContents = null;
class Session {
  setPermissionRequestHandler(fn) {
    this.request = fn;
    record('session.setPermissionRequestHandler');
  }
  setPermissionCheckHandler(fn) {
    this.check = fn;
    record('session.setPermissionCheckHandler');
  }
}
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.session = new Session();
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
    record('webContents.setWindowOpenHandler');
  }
  send(channel, payload) {
    const events = Array.isArray(payload) ? payload : [];
    record('webContents.send', { channel, channels: events.map((e) => e.channel) });
  }
  isDestroyed() {
    return false;
  }
}
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    mainContents = this.webContents;
    this.visible = false;
    record('BrowserWindow.new', { options });
  }
  async loadFile(file) {
    loadedUrl = pathToFileURL(file).href;
    record('BrowserWindow.loadFile', { file, url: loadedUrl });
    setImmediate(() => this.emit('ready-to-show'));
  }
  async loadURL(url) {
    loadedUrl = url;
    record('BrowserWindow.loadURL', { url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.visible = true;
    record('BrowserWindow.show');
    this.emit('show');
  }
  hide() {
    this.visible = false;
    record('BrowserWindow.hide');
    this.emit('hide');
  }
  focus() {
    record('BrowserWindow.focus');
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  setOverlayIcon(image, description) {
    record('BrowserWindow.setOverlayIcon', { image: image ? image.summary() : null, description });
  }
}

// —— protocols ——
let appProtocol = null;
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', { schemes, ready });
  },
  handle(scheme, handler) {
    appProtocol = { scheme, handler };
    record('protocol.handle', { scheme, ready });
  },
  unhandle(scheme) {
    record('protocol.unhandle', { scheme });
  },
};

// —— IPC ——
const handlers = new Map();
export const ipcMain = {
  handle(channel, fn) {
    handlers.set(channel, fn);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
    record('ipcMain.removeHandler', { channel });
  },
  on(channel) {
    record('ipcMain.on', { channel });
  },
};
export const ipcRenderer = { invoke: async () => undefined, on() {} };
export const contextBridge = { exposeInMainWorld() {} };

// —— OS services ——
export const powerMonitor = new EventEmitter();
const pmOn = powerMonitor.on.bind(powerMonitor);
powerMonitor.on = (event, fn) => {
  record('powerMonitor.on', { event });
  return pmOn(event, fn);
};
export const net = {
  isOnline() {
    return true;
  },
};
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString(text) {
    record('safeStorage.encryptString');
    return Buffer.from(`FAKE-SEALED:${Buffer.from(text).toString('hex')}`);
  },
  decryptString(buf) {
    return Buffer.from(buf.toString().replace('FAKE-SEALED:', ''), 'hex').toString();
  },
};
export const shell = {
  async openExternal(url) {
    record('shell.openExternal', { url });
  },
};

export const globalShortcut = {
  register(accelerator) {
    record('globalShortcut.register', { accelerator });
    return true;
  },
  unregister(accelerator) {
    record('globalShortcut.unregister', { accelerator });
  },
};

export default { app, globalShortcut, protocol, nativeImage, Menu, Tray, Notification, BrowserWindow, ipcMain, ipcRenderer, contextBridge, powerMonitor, net, safeStorage, shell };

// —— control from the test, over stdin ——
const commands = {
  async invoke({ channel, args = [], frameUrl }) {
    const fn = handlers.get(channel);
    if (!fn) return { error: `no handler for ${channel}` };
    const event = { senderFrame: { url: frameUrl ?? loadedUrl }, sender: mainContents };
    return { result: await fn(event, ...args) };
  },
  // Ask the app:// handler for a URL, as the renderer (or a hostile page inside it) would.
  async protocolGet({ url, method = 'GET' }) {
    if (!appProtocol) return { error: 'no protocol handler' };
    const res = await appProtocol.handler({ url, method, headers: new Headers() });
    const body = await res.text();
    return { result: { status: res.status, headers: Object.fromEntries(res.headers), body: body.slice(0, 4000) } };
  },
  async clickNotification({ title }) {
    const n = notifications.find((x) => x.options.title === title);
    if (!n) return { error: `no notification titled ${title}` };
    n.emit('click');
    return { result: true };
  },
  async trayMenu({ item }) {
    const entry = tray?.menu?.template.find((i) => i.id === item);
    if (!entry) return { error: `no tray menu item ${item}` };
    entry.click();
    return { result: true };
  },
  async quit() {
    setImmediate(() => app.quit());
    return { result: true };
  },
};
const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch {
    return;
  }
  const run = commands[cmd.cmd];
  const out = run ? await run(cmd).catch((err) => ({ error: String(err) })) : { error: `unknown command ${cmd.cmd}` };
  record('control.reply', { id: cmd.id, ...out });
});
// The test went away: so do we.
rl.on('close', () => {
  record('control.closed');
  process.exit(0);
});
