/**
 * What the tray shows, decided in plain TypeScript: the icon's state, the tooltip in words, and the context menu
 * as data. tray.ts only hands these to Electron. (On Linux the StatusNotifierItem ignores clicks, so the menu is
 * the one way in and is always set.)
 */
import type { ConnectionState } from '../shared/connection-state';
import type { InboxItem } from '../shared/inbox';
import type { HeraldClient } from '../core/herald-client';
import { heldBack, inQuietHours, snoozeActive, type QuietHours, type Settings, type SnoozeState } from '../shared/settings';
import type { IconConnection, TrayIconState } from './icons/tray-icon';
import { RulesBadgeMemo } from './rules-badge-memo';
import { countsInBadge, rulesTouchBadge, type NotifySettings } from '../core/notify/delivery';
import { ruleItemOfInboxItem } from '../shared/rules-evaluate';
import { ruleFor } from './notifications/policy';
import { withoutFormatControls } from '../shared/publisher-text';
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
  /** What the badge counts (unread items whose profile counts them); `unread` when absent. */
  badge?: number;
  /** Snoozes, and the time (epoch ms) to judge them at. */
  snooze?: SnoozeState;
  now?: number;
}

export type TrayMenuId =
  | 'install-update'
  | 'open'
  | 'pause'
  | 'quiet-hours'
  | 'mark-all-read'
  | 'troubleshooting'
  | 'quit'
  | 'snooze-hour'
  | 'snooze-morning'
  | 'snooze-off-only'
  | 'snooze-end';
export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'checkbox'; id: TrayMenuId; label: string; checked?: boolean; enabled: boolean }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

/**
 * Unread items the badge counts: each item's profile rule (its source's or the global one) for its priority, after
 * the content rules (a rule's `badge: false` or `priority`, src/core/notify/delivery.ts), when there are such rules.
 */
export function badgeCount(items: readonly InboxItem[], s: NotifySettings & Partial<Pick<Settings, 'sources'>>): number {
  const askRules = rulesTouchBadge(s);
  const kindOf = (id: string) => s.sources?.find((src) => src.id === id)?.kind;
  // Everything an answer depends on besides the item: the rules, the profiles, each source's kind.
  if (askRules) memo.begin(JSON.stringify([s.rules, s.profile, s.sourceNotifications, (s.sources ?? []).map((src) => [src.id, src.kind])]));
  let n = 0;
  for (const item of items) {
    if (item.read) continue;
    const counts = askRules
      ? memo.counts(item, () => countsInBadge(s, item.sourceId, ruleItemOfInboxItem(item, kindOf(item.sourceId))))
      : ruleFor(s, item.sourceId, item.priority).badge;
    if (counts) n++;
  }
  if (askRules) memo.end();
  return n;
}

/** One tray, one count at a time: the rules' answers from the last count (see rules-badge-memo.ts). */
const memo = new RulesBadgeMemo();

/** What the tray's view is made of: the client, the settings, the pause switch, and the time to judge them at. */
export interface TrayViewInputs {
  client: Pick<HeraldClient, 'items' | 'unreadCount' | 'outboxProgress' | 'connection'>;
  settings: Settings;
  paused: boolean;
  now: number;
  /** Minutes since local midnight at `ms` (quiet hours are in the user's local time). */
  localMinutes(ms: number): number;
  language: UiLanguage;
  updateReady: boolean;
}

/** The tray's view of the app right now: one function for the shell and for tests that check what the tray shows. */
export function trayViewOf(inputs: TrayViewInputs): TrayView {
  const { client, settings: s, now } = inputs;
  const outbox = client.outboxProgress();
  const unread = client.unreadCount();
  return {
    unread,
    // Walking the inbox only when some rule leaves items out of the badge.
    badge: badgeFiltered(s) ? badgeCount(client.items(), s) : unread,
    snooze: s.snooze,
    now,
    connection: client.connection().overall,
    paused: inputs.paused,
    quietHours: s.quietHours,
    quietNow: inQuietHours(s.quietHours, inputs.localMinutes(now)),
    pendingActions: outbox.pending + outbox.sending,
    failedActions: outbox.failed,
    language: inputs.language,
    updateReady: inputs.updateReady,
  };
}

/** Does any rule leave something out of the badge? (If not, the inbox's own unread count is the badge.) */
export function badgeFiltered(s: NotifySettings): boolean {
  if (rulesTouchBadge(s)) return true;
  const profiles = [s.profile, ...Object.values(s.sourceNotifications).flatMap((n) => (n.profile ? [n.profile] : []))];
  return profiles.some((p) => p.some((r) => !r.badge));
}

/** The snooze of everything in effect at view.now, if any. */
function activeSnooze(view: TrayView): { until: number | null } | undefined {
  const all = view.snooze?.all;
  return all && snoozeActive(all, view.now ?? Date.now()) ? all : undefined;
}

/** "09:00", or "Tue 09:00" when it is not today. */
function clockTime(ms: number, now: number, language: UiLanguage): string {
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false, ...(sameDay ? {} : { weekday: 'short' }) }).format(ms);
}

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
  // A snooze of everything looks like a pause: the bell faded with the pause mark.
  return { unread: view.badge ?? view.unread, connection: iconConnection(view.connection), paused: view.paused || activeSnooze(view) !== undefined };
}

export function trayTooltip(view: TrayView): string {
  const t = STRINGS[view.language];
  const parts = [t.unread(view.unread), t.state[view.connection.kind]];
  if (view.pendingActions > 0) parts.push(t.actionsWaiting(view.pendingActions));
  if (view.failedActions > 0) parts.push(t.actionsFailed(view.failedActions));
  const snooze = activeSnooze(view);
  if (view.paused) parts.push(t.notificationsPaused);
  else if (snooze) parts.push(snooze.until === null ? t.snoozedUntilOn : t.snoozedUntil(clockTime(snooze.until, view.now ?? Date.now(), view.language)));
  else if (view.quietNow) parts.push(t.quietHoursNow);
  const now = view.now ?? Date.now();
  const sourcesSnoozed = Object.values(view.snooze?.sources ?? {}).filter((e) => snoozeActive(e, now)).length;
  if (!view.paused && !snooze && sourcesSnoozed > 0) parts.push(t.sourcesSnoozed(sourcesSnoozed));
  // Only our own words today; stripped anyway, so a future source name or title cannot carry an override in.
  const text = withoutFormatControls(`Herald — ${parts.join(' · ')}`);
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

export function trayMenu(view: TrayView): TrayMenuItem[] {
  const m = STRINGS[view.language].menu;
  const update: TrayMenuItem[] = view.updateReady ? [{ type: 'normal', id: 'install-update', label: m.installUpdate, enabled: true }, { type: 'separator' }] : [];
  return [
    ...update,
    { type: 'normal', id: 'open', label: m.open, enabled: true },
    { type: 'separator' },
    // The same rule as the window's header button: a snooze of everything offers Resume too.
    { type: 'normal', id: 'pause', label: heldBack(view.paused, view.snooze, view.now ?? Date.now()) ? m.resume : m.pause, enabled: true },
    snoozeMenu(view),
    { type: 'checkbox', id: 'quiet-hours', label: m.quietHours(view.quietHours.start, view.quietHours.end), checked: view.quietHours.enabled, enabled: true },
    { type: 'normal', id: 'mark-all-read', label: m.markAllRead, enabled: view.unread > 0 },
    { type: 'separator' },
    // "Herald stopped notifying me": the way to the logs and diagnostics even when the window will not open.
    { type: 'normal', id: 'troubleshooting', label: m.troubleshooting, enabled: true },
    { type: 'normal', id: 'quit', label: m.quit, enabled: true },
  ];
}

function snoozeMenu(view: TrayView): TrayMenuItem {
  const m = STRINGS[view.language].menu;
  const snoozed = activeSnooze(view) !== undefined;
  return {
    type: 'submenu',
    label: m.snooze,
    items: [
      { type: 'normal', id: 'snooze-hour', label: m.snoozeHour, enabled: true },
      { type: 'normal', id: 'snooze-morning', label: m.snoozeMorning, enabled: true },
      { type: 'normal', id: 'snooze-off-only', label: m.snoozeOffOnly, enabled: true },
      { type: 'separator' },
      { type: 'normal', id: 'snooze-end', label: m.snoozeEnd, enabled: snoozed },
    ],
  };
}
