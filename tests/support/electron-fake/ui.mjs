/** The fake's windows, tray, menus, images and notifications: each keeps what it was given and records each call. */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { fake, onReset, preventable, record } from './state.mjs';

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

onReset(() => {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
});
