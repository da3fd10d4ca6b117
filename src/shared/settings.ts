/** User settings. Persisted by the shell (electron-store; rules, repair and migrations in src/main/settings). */
import type { TransportPreference } from './connection-state';
import type { Rule, SavedView, SourceDigests } from './rules';

/** The kinds of server Herald reads: a closed vocabulary (types, validators, schema enums, CLI choices). */
export const SOURCE_KINDS = ['herald', 'nchan', 'ntfy'] as const;
export type SourceKindName = (typeof SOURCE_KINDS)[number];

export function isSourceKind(v: unknown): v is SourceKindName {
  return typeof v === 'string' && (SOURCE_KINDS as readonly string[]).includes(v);
}

/** A local time of day as "HH:MM" (00:00–23:59). */
export const HH_MM_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const HH_MM = new RegExp(HH_MM_PATTERN);

export function isHhMm(v: unknown): v is string {
  return typeof v === 'string' && HH_MM.test(v);
}
export type { Language } from './language';
import type { Language } from './language';
import type { NtfyFilters } from './ntfy-filters';

/** What a source is, the same whether the renderer reads it or sends it: everything but its id and secrets. */
interface SourceFields {
  kind: SourceKindName;
  url: string;
  /** Herald: other addresses of the same server, tried in order when the one in use cannot be reached. */
  fallbackUrls?: string[];
  label?: string;
  channels?: string[];
  username?: string;
  /** ntfy: how far back a first connect loads: `now` (new only), `all` or a duration (src/shared/history-start.ts); absent: all. */
  since?: string;
  /** ntfy: the subscribe filters (src/shared/ntfy-filters.ts). */
  ntfyFilters?: NtfyFilters;
}

/** A source as the renderer sees it: secrets never cross to the renderer, only whether one is set. */
export interface SourceSettings extends SourceFields {
  id: string;
  hasToken: boolean;
  hasPassword: boolean;
  /**
   * How many end-to-end keys are saved (ntfy: the encryption password counts as one); absent: none. The keys
   * themselves never reach the renderer: they are added, generated, removed and copied by main (ipc-contract.ts).
   */
  e2eKeyCount?: number;
}

/** What the renderer may send to add or edit a source: secrets are write-only. */
export interface SourceInput extends SourceFields {
  id?: string;
  /** undefined: keep the stored one; '': remove it. */
  token?: string;
  password?: string;
  /** ntfy: the topics' encryption password (write-only like the token: undefined keeps it, '' removes it). */
  e2ePassword?: string;
}

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM", local time. A window may cross midnight (22:00–07:00). */
  start: string;
  end: string;
  /** Priority 5 notifications break through quiet hours and pause. */
  allowUrgent: boolean;
}

// In its own module so that rules.ts can use it without importing this file (which imports rules.ts).
import type { SoundChoice } from './sound';
export { SOUND_CHOICES, type SoundChoice } from './sound';

/** What happens to a notification of one priority. */
export interface PriorityRule {
  /** Show a native notification (otherwise it only lands in the list). */
  toast: boolean;
  sound: SoundChoice;
  /** Counted in the tray / dock / taskbar badge. */
  badge: boolean;
  /** Shown during quiet hours, pause and snooze, when quietHours.allowUrgent permits breaking through at all. */
  breakThrough: boolean;
}

/** Rules for priorities 1–5, in that order (index = priority − 1). */
export type NotificationProfile = PriorityRule[];

/** A source's own choices on top of the global ones. */
export interface SourceNotificationSettings {
  /** Absent: the global profile applies. */
  profile?: NotificationProfile;
  /** Quiet hours for this source only, in addition to the global ones. */
  quietHours?: QuietHours;
}

/** A snooze: until an epoch time in ms, or `null` until turned back on. */
export interface SnoozeEntry {
  until: number | null;
}

/** Snoozes survive a restart (they are settings); an entry whose time has passed is simply not in effect. */
export interface SnoozeState {
  all?: SnoozeEntry;
  sources: Record<string, SnoozeEntry>;
}

export interface Settings {
  /** Empty: the built-in demo server, started in-process. */
  sources: SourceSettings[];
  transport: TransportPreference;
  quietHours: QuietHours;
  /** The master switch: off, no toast plays a sound whatever its profile says. */
  sound: boolean;
  startAtLogin: boolean;
  startHidden: boolean;
  language: Language;
  /** Per-priority rules for every source without its own. */
  profile: NotificationProfile;
  /** Per-source profile and quiet hours, by source id. */
  sourceNotifications: Record<string, SourceNotificationSettings>;
  snooze: SnoozeState;
  /** An Electron accelerator ("CommandOrControl+Shift+H") that shows or hides the window from anywhere; '' = off. */
  globalShortcut: string;
  /**
   * Sources whose remote images (Markdown images, ntfy icons and image attachments) the window may show. Off by
   * default for every source: loading an image tells its server the user's IP address and when they looked.
   */
  imageSources: string[];
  /** Content rules, in order (src/shared/rules.ts; evaluated by src/shared/rules-evaluate.ts). */
  rules: Rule[];
  /** Saved views of the list ("Ops, unread, priority ≥ 4"). */
  savedViews: SavedView[];
  /** "Collect for N minutes" per source id (a rule's own digest is its `digestMinutes` action). */
  digests: SourceDigests;
}

export type SettingsPatch = Partial<Omit<Settings, 'sources'>>;

/** Priority 1–2 quiet (list only), 3 toast, 4 toast + sound, 5 toast + urgent sound + breaks through. */
export function defaultProfile(): NotificationProfile {
  return [
    { toast: false, sound: 'none', badge: true, breakThrough: false },
    { toast: false, sound: 'none', badge: true, breakThrough: false },
    { toast: true, sound: 'none', badge: true, breakThrough: false },
    { toast: true, sound: 'default', badge: true, breakThrough: false },
    { toast: true, sound: 'urgent', badge: true, breakThrough: true },
  ];
}

export const DEFAULT_SETTINGS: Settings = {
  sources: [],
  transport: 'auto',
  quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true },
  sound: true,
  startAtLogin: false,
  startHidden: false,
  language: 'system',
  profile: defaultProfile(),
  sourceNotifications: {},
  snooze: { sources: {} },
  globalShortcut: '',
  imageSources: [],
  rules: [],
  savedViews: [],
  digests: {},
};

/** What the Settings page suggests when the shortcut is turned on. */
export const SUGGESTED_SHORTCUT = 'CommandOrControl+Shift+H';

const MODIFIER = '(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)';
const KEY = "(?:[A-Z0-9]|F(?:[1-9]|1\\d|2[0-4])|Space|Tab|Up|Down|Left|Right|Home|End|PageUp|PageDown|Insert|Delete|Backspace|Return|Enter|Esc|Escape|Plus|[`\\-=\\[\\];',./\\\\])";
/** An accelerator with one to four modifiers and one key (a bare key would steal that key from every other app). */
const ACCELERATOR = new RegExp(`^(?:${MODIFIER}\\+){1,4}${KEY}$`, 'i');

export function isAccelerator(value: string): boolean {
  return value.length <= 100 && ACCELERATOR.test(value);
}

/** Is this snooze in effect at `nowMs`? */
export function snoozeActive(entry: SnoozeEntry | undefined, nowMs: number): boolean {
  return entry !== undefined && (entry.until === null || entry.until > nowMs);
}

/**
 * Notifications are held back for everything: by the pause, or by a snooze of everything. Then the one pause control
 * — the header's button and the tray's first item alike — offers "Resume" (which ends both), otherwise "Pause".
 */
export function heldBack(paused: boolean, snooze: SnoozeState | undefined, nowMs: number): boolean {
  return paused || snoozeActive(snooze?.all, nowMs);
}

/** The snoozes after "Resume" or "Turn notifications back on": everything's ends, a source's own stays. */
export function withoutSnoozeAll(snooze: SnoozeState): SnoozeState {
  return { sources: { ...snooze.sources } };
}

export type SnoozeLength = 'hour' | 'morning' | 'off-only';

/** Local hour "tomorrow morning" means. */
export const MORNING_HOUR = 8;

/**
 * When a snooze chosen at `nowMs` ends: in one hour, at the next 08:00 local time (a snooze at 01:00 ends at 08:00
 * the same day, which is what people mean by "tomorrow morning" at night), or never (`null`).
 */
export function snoozeUntil(length: SnoozeLength, nowMs: number): number | null {
  if (length === 'hour') return nowMs + 3_600_000;
  if (length === 'off-only') return null;
  const d = new Date(nowMs);
  d.setHours(MORNING_HOUR, 0, 0, 0);
  if (d.getTime() <= nowMs) d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** Minutes since local midnight on this machine (quiet hours are in the user's local time). */
export function localMinutesOf(ms: number): number {
  const d = new Date(ms);
  return d.getHours() * 60 + d.getMinutes();
}

/** Is `now` (minutes since local midnight) inside the quiet window? */
export function inQuietHours(q: QuietHours, minutesSinceMidnight: number): boolean {
  if (!q.enabled) return false;
  const parse = (s: string): number => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(s);
    if (!m) return NaN;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const start = parse(q.start);
  const end = parse(q.end);
  if (Number.isNaN(start) || Number.isNaN(end) || start === end) return false;
  return start < end
    ? minutesSinceMidnight >= start && minutesSinceMidnight < end
    : minutesSinceMidnight >= start || minutesSinceMidnight < end;
}
