/**
 * The tray: icon with the unread badge, tooltip in words, and the context menu — all decided by tray-model.ts and
 * icons/, handed to Electron here. The dock/launcher badge (`app.setBadgeCount`) and, on Windows, the taskbar
 * overlay icon always agree with the tray. On macOS the icon is a template image and the count its title. Updates are coalesced (a burst of 1000 events redraws once).
 */
import { app, Menu, nativeImage, Tray, type BrowserWindow, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { HeraldClient } from '../core/herald-client';
import { OnceTimer, systemClock, type Clock } from '../core/base/clock';
import { DisposableStore, type Disposable } from '../core/base/emitter';
import { silentLogger, type Logger } from '../core/base/log';
import { heldBack, snoozeUntil, withoutSnoozeAll, type SnoozeLength } from '../shared/settings';
import { drawOverlayIcon, drawTrayTemplate } from './icons/app-icons';
import type { RgbaImage } from './icons/raster';
import { badgeLabel, drawTrayIcon, type TrayIconState } from './icons/tray-icon';
import { encodePng } from './icons/png-encoder';
import { markAllRead } from './mark-all-read';
import { localMinutesOf } from '../shared/settings';
import type { PausedState } from './paused-state';
import type { SettingsService } from './settings/settings-service';
import type { UiLanguage } from './strings';
import type { UpdatePolicy } from './updates/update-policy';
import { trayIconState, trayMenu, trayTooltip, trayViewOf, type TrayMenuId, type TrayMenuItem, type TrayView } from './tray-model';

const SNOOZE_LENGTHS: Partial<Record<TrayMenuId, SnoozeLength>> = { 'snooze-hour': 'hour', 'snooze-morning': 'morning', 'snooze-off-only': 'off-only' };

export interface TrayDeps {
  client: HeraldClient;
  settings: Pick<SettingsService, 'get' | 'update' | 'onDidChange'>;
  paused: PausedState;
  language(): UiLanguage;
  showWindow(): void;
  /** Show the window on Settings → Troubleshooting. */
  showTroubleshooting(): void;
  /** The window for the Windows taskbar overlay. */
  window(): BrowserWindow | null;
  quit(): void;
  clock?: Clock;
  platform?: NodeJS.Platform;
  logger?: Logger;
  /** The update policy: "Update ready — restart to install" joins the menu when a download is ready. */
  updates?: Pick<UpdatePolicy, 'state' | 'onDidChange' | 'installNow'>;
  /** Minutes since local midnight (quiet hours); injectable for tests. */
  localMinutes?(ms: number): number;
}

const COALESCE_MS = 100;
/** Quiet hours start and end by the clock alone: look again every minute. */
const MINUTE_MS = 60_000;

/** A 1x + 2x image from one drawing. */
function imageOf(draw: (size: number) => RgbaImage): NativeImage {
  const image = nativeImage.createFromBuffer(encodePng(draw(16)), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: encodePng(draw(32)) });
  return image;
}

/** macOS: a template image (black + alpha) that follows light and dark menu bars; the count is the tray title. */
function imageFor(state: TrayIconState, platform: NodeJS.Platform): NativeImage {
  if (platform !== 'darwin') return imageOf((size) => drawTrayIcon(state, size));
  const image = imageOf((size) => drawTrayTemplate(state, size));
  image.setTemplateImage(true);
  return image;
}

export function registerTray(deps: TrayDeps): Disposable {
  const { client, settings, paused } = deps;
  const clock = deps.clock ?? systemClock;
  const platform = deps.platform ?? process.platform;
  const log = deps.logger ?? silentLogger;
  const localMinutes = deps.localMinutes ?? localMinutesOf;
  const disposables = new DisposableStore();

  const images = new Map<string, NativeImage>();
  const cachedImage = (state: TrayIconState): NativeImage => {
    const key = `${badgeLabel(state.unread)}|${state.connection}|${state.paused}`;
    let image = images.get(key);
    if (!image) {
      if (images.size > 64) images.clear();
      image = imageFor(state, platform);
      images.set(key, image);
    }
    return image;
  };

  const view = (): TrayView =>
    trayViewOf({
      client,
      settings: settings.get(),
      paused: paused.get(),
      now: clock.now(),
      localMinutes,
      language: deps.language(),
      updateReady: deps.updates?.state().kind === 'ready',
    });

  const onMenu = (id: TrayMenuId): void => {
    const length = SNOOZE_LENGTHS[id];
    if (length) {
      const s = settings.get().snooze;
      settings.update({ snooze: { ...s, all: { until: snoozeUntil(length, clock.now()) } } });
      return;
    }
    switch (id) {
      case 'snooze-end':
        // The tray snoozes everything; a source snoozed from Settings stays snoozed.
        settings.update({ snooze: withoutSnoozeAll(settings.get().snooze) });
        return;
      case 'install-update':
        return deps.updates?.installNow();
      case 'open':
        return deps.showWindow();
      case 'pause': {
        // Pause, or Resume: which ends the pause and a snooze of everything (tray-model's label says which).
        const snooze = settings.get().snooze;
        if (!heldBack(paused.get(), snooze, clock.now())) return paused.set(true);
        paused.set(false);
        if (snooze.all) settings.update({ snooze: withoutSnoozeAll(snooze) });
        return;
      }
      case 'quiet-hours': {
        const q = settings.get().quietHours;
        settings.update({ quietHours: { ...q, enabled: !q.enabled } });
        return;
      }
      case 'mark-all-read':
        markAllRead(client);
        return;
      case 'troubleshooting':
        return deps.showTroubleshooting();
      case 'quit':
        return deps.quit();
    }
  };

  const tray = new Tray(cachedImage({ unread: 0, connection: 'ok', paused: false }));
  disposables.add({ dispose: () => tray.destroy() });
  // Windows and macOS: a click opens the window. Linux (StatusNotifierItem) ignores clicks: the menu is the way in.
  tray.on('click', () => deps.showWindow());

  let last = { image: '', tooltip: '', menu: '', badge: -1 };
  const apply = (): void => {
    const v = view();
    const state = trayIconState(v);
    const imageKey = `${badgeLabel(state.unread)}|${state.connection}|${state.paused}`;
    if (imageKey !== last.image) {
      const image = cachedImage(state);
      tray.setImage(image);
      if (platform === 'darwin') tray.setTitle(badgeLabel(state.unread));
      if (platform === 'win32') {
        const win = deps.window();
        if (win && !win.isDestroyed()) {
          const overlay = state.unread > 0 ? imageOf((size) => drawOverlayIcon(state.unread, size)!) : null;
          win.setOverlayIcon(overlay, overlay ? trayTooltip(v) : '');
        }
      }
      last.image = imageKey;
    }
    const tooltip = trayTooltip(v);
    if (tooltip !== last.tooltip) {
      tray.setToolTip(tooltip);
      last.tooltip = tooltip;
    }
    const items = trayMenu(v);
    const menuKey = JSON.stringify(items);
    if (menuKey !== last.menu) {
      const toTemplate = (item: TrayMenuItem): MenuItemConstructorOptions =>
        item.type === 'separator'
          ? { type: 'separator' }
          : item.type === 'submenu'
            ? { type: 'submenu', label: item.label, submenu: item.items.map(toTemplate) }
            : { id: item.id, type: item.type, label: item.label, enabled: item.enabled, ...(item.type === 'checkbox' ? { checked: item.checked ?? false } : {}), click: () => onMenu(item.id) };
      tray.setContextMenu(Menu.buildFromTemplate(items.map(toTemplate)));
      last.menu = menuKey;
    }
    if (state.unread !== last.badge) {
      // Dock (macOS) and Unity launcher (Linux); a no-op elsewhere.
      if (!app.setBadgeCount(state.unread) && platform !== 'win32') log.debug('the desktop does not show badge counts');
      last.badge = state.unread;
    }
  };

  const pending = new OnceTimer(clock);
  const schedule = (): void => {
    pending.ensure(COALESCE_MS, apply);
  };
  const minuteTimer = new OnceTimer(clock);
  const everyMinute = (): void => {
    apply();
    minuteTimer.schedule(MINUTE_MS, everyMinute);
  };

  disposables.add(client.onDidChangeInbox(schedule));
  disposables.add(client.onDidChangeConnection(schedule));
  disposables.add(client.onDidChangeOutbox(schedule));
  disposables.add(paused.onDidChange(schedule));
  disposables.add(settings.onDidChange(schedule));
  if (deps.updates) disposables.add(deps.updates.onDidChange(schedule));
  disposables.add({
    dispose: () => {
      pending.dispose();
      minuteTimer.dispose();
    },
  });
  everyMinute();

  return {
    dispose: () => {
      disposables.dispose();
      // A stale "7" on the dock after quitting would lie.
      app.setBadgeCount(0);
      last = { image: '', tooltip: '', menu: '', badge: -1 };
    },
  };
}
