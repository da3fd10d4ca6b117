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
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

/** Knobs a test sets, and what the fake knows at run time. */
export const fake = defaults();

function defaults() {
  return {
    /** Every call, in order. */
    records: [],
    /** Also called with each record (the boot test appends them to a file). */
    sink: null,
    /** A completed quit or app.exit: the boot test ends the process; unit tests only record it. */
    exit: null,
    userData: tmpdir(),
    appPath: '/opt/herald',
    packaged: true,
    locale: 'en-US',
    singleInstance: true,
    online: true,
    encryption: true,
    storageBackend: 'gnome_libsecret',
    notificationsSupported: true,
    /** Accelerators another app holds: registering them fails. */
    takenShortcuts: [],
    /** Emit 'ready-to-show' after a window loads, as Electron does. */
    readyToShowOnLoad: true,
    ready: false,
    appEvents: new EventEmitter(),
    ipcHandlers: new Map(),
    appProtocol: null,
    /** The page the main window loaded: IPC from it counts as "our own frame". */
    loadedUrl: null,
    mainContents: null,
    /** What the preload's ipcRenderer.invoke answers. */
    rendererInvoke: null,
  };
}

export function record(t, data = {}) {
  const entry = { t, at: Date.now(), ...data };
  fake.records.push(entry);
  fake.sink?.(entry);
  return entry;
}

/** The records of one kind of call, in order. */
export function calls(t) {
  return fake.records.filter((r) => r.t === t);
}

export function resetElectron() {
  fake.appEvents.removeAllListeners();
  powerMonitor.removeAllListeners();
  ipcRenderer.listeners.clear();
  globalShortcut.held.clear();
  Object.assign(fake, defaults());
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
}

/** Drive the app as Electron would: an IPC request from a frame (our loaded page unless told otherwise). */
fake.invoke = async function invoke(channel, args = [], frameUrl) {
  const fn = fake.ipcHandlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn({ senderFrame: { url: frameUrl ?? fake.loadedUrl }, sender: fake.mainContents }, ...args);
};

// —— app ——
const preventable = () => {
  let prevented = false;
  return { event: { preventDefault: () => (prevented = true) }, prevented: () => prevented };
};
function exit(code) {
  record('app.exited', { code });
  fake.exit?.(code);
}

export const app = {
  whenReady() {
    record('app.whenReady');
    return new Promise((resolve) =>
      setImmediate(() => {
        fake.ready = true;
        resolve();
      }),
    );
  },
  isReady: () => fake.ready,
  on(event, fn) {
    record('app.on', { event });
    fake.appEvents.on(event, fn);
    return app;
  },
  once(event, fn) {
    fake.appEvents.once(event, fn);
    return app;
  },
  removeListener(event, fn) {
    fake.appEvents.removeListener(event, fn);
    return app;
  },
  setAsDefaultProtocolClient(scheme) {
    record('app.setAsDefaultProtocolClient', { scheme });
    return true;
  },
  getPath: () => fake.userData,
  getVersion: () => '0.1.0',
  getName: () => 'Herald',
  getLocale: () => fake.locale,
  getAppPath: () => fake.appPath,
  get isPackaged() {
    return fake.packaged;
  },
  enableSandbox: () => void record('app.enableSandbox', { ready: fake.ready }),
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return fake.singleInstance;
  },
  setAppUserModelId: (id) => void record('app.setAppUserModelId', { id }),
  setLoginItemSettings: (settings) => void record('app.setLoginItemSettings', { settings }),
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAsHidden: false }),
  setBadgeCount(count) {
    record('app.setBadgeCount', { count });
    return true;
  },
  /** Like Electron: before-quit, then will-quit; either may be prevented. */
  quit() {
    record('app.quit');
    for (const name of ['before-quit', 'will-quit']) {
      const e = preventable();
      fake.appEvents.emit(name, e.event);
      if (e.prevented()) return;
    }
    setImmediate(() => exit(0));
  },
  exit: (code = 0) => exit(code),
};

// —— images, tray, menu ——
export class NativeImage {
  constructor(buffer, scaleFactor) {
    this.reps = buffer ? [{ scaleFactor, buffer }] : [];
    this.template = false;
  }
  addRepresentation({ scaleFactor, buffer }) {
    this.reps.push({ scaleFactor, buffer });
  }
  setTemplateImage(on) {
    this.template = on;
  }
  isEmpty() {
    return this.reps.length === 0;
  }
  /** What a record keeps of a picture: its sizes and a hash of each. */
  summary() {
    return this.reps.map((r) => ({ scaleFactor: r.scaleFactor, bytes: r.buffer.length, sha1: createHash('sha1').update(r.buffer).digest('hex') }));
  }
  toJSON() {
    return { image: this.summary(), template: this.template };
  }
}
export const nativeImage = {
  createFromBuffer: (buffer, options = {}) => new NativeImage(buffer, options.scaleFactor ?? 1),
  createFromBitmap: (buffer, options = {}) => new NativeImage(buffer, options.scaleFactor ?? 1),
  createEmpty: () => new NativeImage(null, 1),
};

export const Menu = { buildFromTemplate: (items) => ({ items }) };
const menuSummary = (items) => items.map((i) => ({ id: i.id, type: i.type, label: i.label, enabled: i.enabled, checked: i.checked, ...(i.submenu ? { submenu: menuSummary(i.submenu) } : {}) }));

export class Tray extends EventEmitter {
  static instances = [];
  tooltip = '';
  title = '';
  menu = null;
  destroyed = false;
  constructor(image) {
    super();
    this.image = image;
    Tray.instances.push(this);
    record('Tray.new', { image: image.summary() });
  }
  setImage(image) {
    this.image = image;
    record('Tray.setImage', { image: image.summary() });
  }
  setTitle(title) {
    this.title = title;
    record('Tray.setTitle', { title });
  }
  setToolTip(text) {
    this.tooltip = text;
    record('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    this.menu = menu;
    record('Tray.setContextMenu', { items: menuSummary(menu.items) });
  }
  destroy() {
    this.destroyed = true;
    record('Tray.destroy');
  }
  /** Click a menu item by id (submenus included), as a person would. */
  clickMenu(id) {
    const all = (items) => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    const item = all(this.menu?.items ?? []).find((i) => i.id === id);
    if (!item?.click) throw new Error(`no tray menu item ${id}`);
    item.click();
  }
}

// —— notifications ——
export class Notification extends EventEmitter {
  static instances = [];
  static isSupported = () => fake.notificationsSupported;
  shown = false;
  constructor(options) {
    super();
    this.options = options;
    Notification.instances.push(this);
    record('Notification.new', { options });
  }
  show() {
    this.shown = true;
    record('Notification.show', { title: this.options.title });
  }
}

// —— windows ——
export class Session {
  setPermissionRequestHandler(fn) {
    this.permissionRequest = fn;
    record('session.setPermissionRequestHandler');
  }
  setPermissionCheckHandler(fn) {
    this.permissionCheck = fn;
    record('session.setPermissionCheckHandler');
  }
}

export class WebContents extends EventEmitter {
  session = new Session();
  sent = [];
  destroyed = false;
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
    record('webContents.setWindowOpenHandler');
  }
  send(channel, payload) {
    this.sent.push([channel, payload]);
    record('webContents.send', { channel, channels: Array.isArray(payload) ? payload.map((e) => e.channel) : [] });
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** A navigation attempt; true if something prevented it. */
  tryNavigate(event, url) {
    const e = preventable();
    this.emit(event, e.event, url);
    return e.prevented();
  }
}

export class BrowserWindow extends EventEmitter {
  static instances = [];
  webContents = new WebContents();
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  loaded = {};
  overlay = [];
  constructor(options) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
    fake.mainContents = this.webContents;
    record('BrowserWindow.new', { options });
  }
  async loadFile(file) {
    this.loaded.file = file;
    record('BrowserWindow.loadFile', { file });
    this.#loaded(pathToFileURL(file).href);
  }
  async loadURL(url) {
    this.loaded.url = url;
    record('BrowserWindow.loadURL', { url });
    this.#loaded(url);
  }
  #loaded(url) {
    fake.loadedUrl = url;
    if (fake.readyToShowOnLoad) setImmediate(() => this.emit('ready-to-show'));
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
    this.focused = true;
    record('BrowserWindow.focus');
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setOverlayIcon(image, description) {
    this.overlay.push([image, description]);
    record('BrowserWindow.setOverlayIcon', { image: image ? image.summary() : null, description });
  }
  /** The user clicks the close button; true if the window actually closed. */
  userClose() {
    const e = preventable();
    this.emit('close', e.event);
    if (!e.prevented()) this.destroyed = true;
    return !e.prevented();
  }
}

// —— protocols ——
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => void record('protocol.registerSchemesAsPrivileged', { schemes, ready: fake.ready }),
  handle(scheme, handler) {
    fake.appProtocol = { scheme, handler };
    record('protocol.handle', { scheme, ready: fake.ready });
  },
  unhandle: (scheme) => void record('protocol.unhandle', { scheme }),
};

// —— IPC ——
export const ipcMain = {
  handle(channel, fn) {
    fake.ipcHandlers.set(channel, fn);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) {
    fake.ipcHandlers.delete(channel);
    record('ipcMain.removeHandler', { channel });
  },
  on: (channel) => void record('ipcMain.on', { channel }),
};
/** The preload's side: what it invokes (answered by `fake.rendererInvoke`) and the listeners it adds. */
export const ipcRenderer = {
  listeners: new Map(),
  async invoke(...args) {
    record('ipcRenderer.invoke', { args });
    return fake.rendererInvoke ? fake.rendererInvoke(...args) : undefined;
  },
  on(channel, fn) {
    ipcRenderer.listeners.set(channel, fn);
    record('ipcRenderer.on', { channel });
  },
};
export const contextBridge = { exposeInMainWorld: (name, api) => void record('contextBridge.exposeInMainWorld', { name, api }) };

// —— OS services ——
export const powerMonitor = new EventEmitter();
const addPowerListener = powerMonitor.on.bind(powerMonitor);
powerMonitor.on = (event, fn) => {
  record('powerMonitor.on', { event });
  return addPowerListener(event, fn);
};
export const net = {
  isOnline: () => fake.online,
  fetch: (input, init) => globalThis.fetch(input, init),
};
/** Sealed text is recognisable and never contains the secret. */
export const safeStorage = {
  isEncryptionAvailable: () => fake.encryption,
  getSelectedStorageBackend: () => fake.storageBackend,
  encryptString(text) {
    record('safeStorage.encryptString');
    return Buffer.from(`FAKE-SEALED:${Buffer.from(text).toString('hex')}`);
  },
  decryptString(sealed) {
    const m = /^FAKE-SEALED:([0-9a-f]*)$/.exec(sealed.toString());
    if (!m) throw new Error('not sealed by this safeStorage');
    return Buffer.from(m[1], 'hex').toString();
  },
};
export const shell = { openExternal: async (url) => void record('shell.openExternal', { url }) };
export const globalShortcut = {
  held: new Map(),
  register(accelerator, fn) {
    const ok = !fake.takenShortcuts.includes(accelerator);
    record('globalShortcut.register', { accelerator, ok });
    if (ok) globalShortcut.held.set(accelerator, fn);
    return ok;
  },
  unregister(accelerator) {
    globalShortcut.held.delete(accelerator);
    record('globalShortcut.unregister', { accelerator });
  },
  /** The user presses the keys. */
  press: (accelerator) => globalShortcut.held.get(accelerator)?.(),
};

export default { app, BrowserWindow, contextBridge, globalShortcut, ipcMain, ipcRenderer, Menu, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, shell, Tray };
