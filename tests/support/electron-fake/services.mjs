/** The fake's app object, protocols, IPC and OS services (power, network, safeStorage, shell, global shortcuts). */
import { EventEmitter } from 'node:events';
import { fake, onReset, preventable, record } from './state.mjs';

/** Drive the app as Electron would: an IPC request from a frame (our loaded page unless told otherwise). */
fake.invoke = async function invoke(channel, args = [], frameUrl) {
  const fn = fake.ipcHandlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn({ senderFrame: { url: frameUrl ?? fake.loadedUrl }, sender: fake.mainContents }, ...args);
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
export const shell = {
  openExternal: async (url) => void record('shell.openExternal', { url }),
  /** Answers '' (opened) or the file manager's error message (fake.openPathError). */
  openPath: async (path) => {
    record('shell.openPath', { path });
    return fake.openPathError;
  },
};
export const clipboard = {
  text: '',
  writeText(text) {
    record('clipboard.writeText', { length: text.length });
    clipboard.text = text;
  },
  readText: () => clipboard.text,
};
/** The save dialog answers fake.savePath (null: the user cancelled). */
export const dialog = {
  async showSaveDialog(...args) {
    const options = args.length > 1 ? args[1] : args[0];
    record('dialog.showSaveDialog', { defaultPath: options?.defaultPath, filters: options?.filters, withWindow: args.length > 1 });
    return fake.savePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: fake.savePath };
  },
  /** The open dialog answers fake.openPath (null: the user cancelled). */
  async showOpenDialog(...args) {
    const options = args.length > 1 ? args[1] : args[0];
    record('dialog.showOpenDialog', { properties: options?.properties, filters: options?.filters, withWindow: args.length > 1 });
    return fake.openPath === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [fake.openPath] };
  },
};
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

onReset(() => {
  powerMonitor.removeAllListeners();
  ipcRenderer.listeners.clear();
  globalShortcut.held.clear();
  clipboard.text = '';
});
