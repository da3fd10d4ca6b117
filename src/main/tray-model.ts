/**
 * What the tray shows, decided in plain TypeScript: the icon's state, the tooltip in words, and the context menu
 * as data. tray.ts only hands these to Electron. (On Linux the StatusNotifierItem ignores clicks, so the menu is
 * the one way in and is always set.)
 */
import type { ConnectionState } from '../shared/connection-state';
import type { QuietHours } from '../shared/settings';
import type { IconConnection, TrayIconState } from './badge/tray-icon';
import { stripControls } from './notifications/policy';
import { STRINGS, type UiLanguage } from './strings';

export interface TrayView {
  unread: number;
  connection: ConnectionState;
  paused: boolean;
  quietHours: QuietHours;
  /** Inside the quiet window right now. */
  quietNow: boolean;
  pendingActions: number;
  failedActions: number;
  language: UiLanguage;
  /** A downloaded update waits for a restart. */
  updateReady?: boolean;
}

export type TrayMenuId = 'install-update' | 'open' | 'pause' | 'quiet-hours' | 'mark-all-read' | 'quit';
export type TrayMenuItem = { type: 'separator' } | { type: 'normal' | 'checkbox'; id: TrayMenuId; label: string; checked?: boolean; enabled: boolean };

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

export function iconConnection(state: ConnectionState): IconConnection {
  switch (state.kind) {
    case 'open':
    case 'connecting':
    case 'paused':
      // A first connect or a hidden window pausing polls is not a problem worth greying the icon for.
      return 'ok';
    case 'failed':
      return 'error';
    case 'backoff':
    case 'offline':
    case 'stopped':
      return 'offline';
  }
}

export function trayIconState(view: TrayView): TrayIconState {
  return { unread: view.unread, connection: iconConnection(view.connection), paused: view.paused };
}

export function trayTooltip(view: TrayView): string {
  const t = STRINGS[view.language];
  const parts = [t.unread(view.unread), t.state[view.connection.kind]];
  if (view.pendingActions > 0) parts.push(t.actionsWaiting(view.pendingActions));
  if (view.failedActions > 0) parts.push(t.actionsFailed(view.failedActions));
  if (view.paused) parts.push(t.notificationsPaused);
  else if (view.quietNow) parts.push(t.quietHoursNow);
  // Only our own words today; stripped anyway, so a future source name or title cannot carry an override in.
  const text = stripControls(`Herald — ${parts.join(' · ')}`);
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

export function trayMenu(view: TrayView): TrayMenuItem[] {
  const m = STRINGS[view.language].menu;
  const update: TrayMenuItem[] = view.updateReady ? [{ type: 'normal', id: 'install-update', label: m.installUpdate, enabled: true }, { type: 'separator' }] : [];
  return [
    ...update,
    { type: 'normal', id: 'open', label: m.open, enabled: true },
    { type: 'separator' },
    { type: 'normal', id: 'pause', label: view.paused ? m.resume : m.pause, enabled: true },
    { type: 'checkbox', id: 'quiet-hours', label: m.quietHours(view.quietHours.start, view.quietHours.end), checked: view.quietHours.enabled, enabled: true },
    { type: 'normal', id: 'mark-all-read', label: m.markAllRead, enabled: view.unread > 0 },
    { type: 'separator' },
    { type: 'normal', id: 'quit', label: m.quit, enabled: true },
  ];
}
