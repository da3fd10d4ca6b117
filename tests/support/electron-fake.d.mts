/** Types of electron-fake.mjs (plain JS so that the boot test's child Node loads it as 'electron'). */
import { EventEmitter } from 'node:events';

export interface Rec {
  t: string;
  at: number;
  [k: string]: unknown;
}
type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface FakeState {
  records: Rec[];
  sink: ((r: Rec) => void) | null;
  exit: ((code: number) => void) | null;
  userData: string;
  appPath: string;
  packaged: boolean;
  locale: string;
  singleInstance: boolean;
  online: boolean;
  encryption: boolean;
  storageBackend: string;
  notificationsSupported: boolean;
  takenShortcuts: string[];
  readyToShowOnLoad: boolean;
  ready: boolean;
  appEvents: EventEmitter;
  ipcHandlers: Map<string, Handler>;
  appProtocol: { scheme: string; handler: (r: Request) => Promise<Response> } | null;
  loadedUrl: string | null;
  mainContents: WebContents | null;
  rendererInvoke: ((...args: unknown[]) => unknown) | null;
  savePath: string | null;
  openPath: string | null;
  openPathError: string;
  /** An IPC request as a frame (our loaded page unless told otherwise). */
  invoke(channel: string, args?: unknown[], frameUrl?: string | null): Promise<unknown>;
}
export const fake: FakeState;
export function record(t: string, data?: Record<string, unknown>): Rec;
export function calls(t: string): Rec[];
export function resetElectron(): void;

export interface MenuItem {
  id?: string;
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

export class NativeImage {
  reps: Array<{ scaleFactor: number; buffer: Buffer }>;
  template: boolean;
  constructor(buffer: Buffer | null, scaleFactor: number);
  addRepresentation(o: { scaleFactor: number; buffer: Buffer }): void;
  setTemplateImage(on: boolean): void;
  isEmpty(): boolean;
  summary(): Array<{ scaleFactor: number; bytes: number; sha1: string }>;
}
export const nativeImage: {
  createFromBuffer(buffer: Buffer, o?: { scaleFactor?: number }): NativeImage;
  createFromBitmap(buffer: Buffer, o?: { scaleFactor?: number }): NativeImage;
  createEmpty(): NativeImage;
};
export const Menu: { buildFromTemplate(items: MenuItem[]): { items: MenuItem[] } };

export class Tray extends EventEmitter {
  static instances: Tray[];
  image: NativeImage;
  tooltip: string;
  title: string;
  menu: { items: MenuItem[] } | null;
  destroyed: boolean;
  constructor(image: NativeImage);
  clickMenu(id: string): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent?: boolean;
  urgency?: string;
  sound?: string;
  actions?: Array<{ type: string; text: string }>;
  toastXml?: string;
  hasReply?: boolean;
  replyPlaceholder?: string;
}
export class Notification extends EventEmitter {
  static instances: Notification[];
  static isSupported(): boolean;
  readonly options: NotificationOptions;
  shown: boolean;
  constructor(options: NotificationOptions);
  show(): void;
}

export class Session {
  permissionRequest?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
  permissionCheck?: (...a: unknown[]) => boolean;
}
export class WebContents extends EventEmitter {
  readonly session: Session;
  readonly sent: Array<[string, unknown]>;
  destroyed: boolean;
  openHandler?: (d: { url: string }) => { action: string };
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  tryNavigate(event: 'will-navigate' | 'will-redirect', url: string): boolean;
}
export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[];
  readonly options: Record<string, unknown>;
  readonly webContents: WebContents;
  visible: boolean;
  focused: boolean;
  destroyed: boolean;
  minimized: boolean;
  loaded: { file?: string; url?: string };
  overlay: Array<[NativeImage | null, string]>;
  constructor(options: Record<string, unknown>);
  userClose(): boolean;
}

export const app: Record<string, any>;
export const protocol: Record<string, (...a: any[]) => void>;
export const ipcMain: Record<string, (...a: any[]) => void>;
export const ipcRenderer: { listeners: Map<string, Handler>; invoke(...args: unknown[]): Promise<unknown>; on(channel: string, fn: Handler): void };
export const contextBridge: { exposeInMainWorld(name: string, api: unknown): void };
export const powerMonitor: EventEmitter;
export const net: { isOnline(): boolean; fetch: typeof fetch };
export const safeStorage: {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
};
export const shell: { openExternal(url: string): Promise<void> };
export const globalShortcut: { held: Map<string, () => void>; register(accelerator: string, fn: () => void): boolean; unregister(accelerator: string): void; press(accelerator: string): void };
declare const electron: Record<string, unknown>;
export default electron;

export const clipboard: { text: string; writeText(text: string): void; readText(): string };
