/**
 * Recording stand-ins for the parts of Electron the shell uses, for `vi.mock('electron', …)` in unit tests:
 *   vi.mock('electron', async () => (await import('./electron-fake')).electronModule());
 * Each fake keeps what it was asked (constructor options, images, menus, sends) so tests assert on that.
 */
import { EventEmitter } from 'node:events';

export class FakeImage {
  readonly reps: Array<{ scaleFactor: number; buffer: Buffer }> = [];
  template = false;
  constructor(buffer: Buffer, scaleFactor: number) {
    this.reps.push({ scaleFactor, buffer });
  }
  addRepresentation(o: { scaleFactor: number; buffer: Buffer }) {
    this.reps.push({ scaleFactor: o.scaleFactor, buffer: o.buffer });
  }
  setTemplateImage(on: boolean) {
    this.template = on;
  }
}

export class FakeSession {
  permissionRequest?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
  permissionCheck?: (...a: unknown[]) => boolean;
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']) {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: FakeSession['permissionCheck']) {
    this.permissionCheck = fn;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly sent: Array<[string, unknown]> = [];
  destroyed = false;
  openHandler?: (d: { url: string }) => { action: string };
  setWindowOpenHandler(fn: FakeWebContents['openHandler']) {
    this.openHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Simulate a navigation attempt; true if something prevented it. */
  tryNavigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  loaded: { file?: string; url?: string } = {};
  overlay: Array<[FakeImage | null, string]> = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  async loadFile(file: string) {
    this.loaded.file = file;
  }
  async loadURL(url: string) {
    this.loaded.url = url;
  }
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {
    this.focused = true;
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
  setOverlayIcon(image: FakeImage | null, description: string) {
    this.overlay.push([image, description]);
  }
  /** The user clicks the close button; true if the window actually closed. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
    return !prevented;
  }
}

export interface FakeMenuItem {
  id?: string;
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: FakeImage;
  tooltip = '';
  title = '';
  menu: { items: FakeMenuItem[] } | null = null;
  readonly history = { images: 0, tooltips: [] as string[], menus: 0 };
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: FakeImage) {
    this.image = image;
    this.history.images++;
  }
  setTitle(t: string) {
    this.title = t;
  }
  setToolTip(t: string) {
    this.tooltip = t;
    this.history.tooltips.push(t);
  }
  setContextMenu(menu: { items: FakeMenuItem[] }) {
    this.menu = menu;
    this.history.menus++;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Click a menu item by id, as a person would. */
  clickMenu(id: string) {
    const all = (items: FakeMenuItem[]): FakeMenuItem[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    const item = all(this.menu?.items ?? []).find((i) => i.id === id);
    if (!item?.click) throw new Error(`no menu item ${id}`);
    item.click();
  }
}

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported() {
    return Notification.supported;
  }
  shown = false;
  constructor(
    readonly options: { title: string; body: string; silent?: boolean; urgency?: string; sound?: string; actions?: Array<{ type: string; text: string }>; toastXml?: string; hasReply?: boolean; replyPlaceholder?: string },
  ) {
    super();
    Notification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
}

export const state = {
  badgeCounts: [] as number[],
  quits: 0,
  appEvents: new EventEmitter(),
  loginItems: [] as unknown[],
  singleInstance: true,
  userModelIds: [] as string[],
  opened: [] as string[],
  protocols: [] as string[],
};

export function electronModule() {
  const app = {
    setBadgeCount: (n: number) => (state.badgeCounts.push(n), true),
    on: (e: string, fn: (...a: unknown[]) => void) => state.appEvents.on(e, fn),
    removeListener: (e: string, fn: (...a: unknown[]) => void) => state.appEvents.removeListener(e, fn),
    setAsDefaultProtocolClient: (scheme: string) => (state.protocols.push(scheme), true),
    quit: () => {
      state.quits++;
      // Like Electron: before-quit, then will-quit (which may be prevented).
      state.appEvents.emit('before-quit', { preventDefault() {} });
      state.appEvents.emit('will-quit', { preventDefault() {} });
    },
    requestSingleInstanceLock: () => state.singleInstance,
    setAppUserModelId: (id: string) => void state.userModelIds.push(id),
    setLoginItemSettings: (s: unknown) => void state.loginItems.push(s),
    getLoginItemSettings: () => ({ wasOpenedAsHidden: false }),
    getPath: () => '/tmp',
    getVersion: () => '0.1.0',
    getLocale: () => 'en-US',
    isPackaged: true,
    getAppPath: () => '/opt/herald',
  };
  const shell = { openExternal: async (url: string) => void state.opened.push(url) };
  const Menu = { buildFromTemplate: (items: FakeMenuItem[]) => ({ items }) };
  const nativeImage = { createFromBuffer: (buffer: Buffer, o?: { scaleFactor?: number }) => new FakeImage(buffer, o?.scaleFactor ?? 1) };
  const mod = { app, shell, Menu, nativeImage, BrowserWindow, Tray, Notification };
  return { default: mod, ...mod };
}

export function resetElectron(): void {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  state.badgeCounts = [];
  state.quits = 0;
  state.appEvents.removeAllListeners();
  state.loginItems = [];
  state.singleInstance = true;
  state.userModelIds = [];
  state.opened = [];
  state.protocols = [];
}
