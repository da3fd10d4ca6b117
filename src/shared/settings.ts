/** User settings. Persisted by the shell (electron-store, with schema and migrations). */
import type { TransportPreference } from './connection-state';

/** The kinds of server Herald reads: a closed vocabulary (types, validators, schema enums, CLI choices). */
export const SOURCE_KINDS = ['herald', 'nchan', 'ntfy'] as const;
export type SourceKindName = (typeof SOURCE_KINDS)[number];

export function isSourceKind(v: unknown): v is SourceKindName {
  return typeof v === 'string' && (SOURCE_KINDS as readonly string[]).includes(v);
}

/** A local time of day as "HH:MM" (00:00–23:59); the same pattern is the settings schema's. */
export const HH_MM_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const HH_MM = new RegExp(HH_MM_PATTERN);

export function isHhMm(v: unknown): v is string {
  return typeof v === 'string' && HH_MM.test(v);
}
export type { Language } from './language';
import type { Language } from './language';

/** A source as the renderer sees it: secrets never cross to the renderer, only whether one is set. */
export interface SourceSettings {
  id: string;
  kind: SourceKindName;
  url: string;
  label?: string;
  channels?: string[];
  username?: string;
  hasToken: boolean;
  hasPassword: boolean;
}

/** What the renderer may send to add or edit a source: secrets are write-only. */
export interface SourceInput {
  id?: string;
  kind: SourceKindName;
  url: string;
  label?: string;
  channels?: string[];
  username?: string;
  /** undefined: keep the stored one; '': remove it. */
  token?: string;
  password?: string;
}

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM", local time. A window may cross midnight (22:00–07:00). */
  start: string;
  end: string;
  /** Priority 5 notifications break through quiet hours and pause. */
  allowUrgent: boolean;
}

export interface Settings {
  /** Empty: the built-in demo server, started in-process. */
  sources: SourceSettings[];
  transport: TransportPreference;
  quietHours: QuietHours;
  sound: boolean;
  startAtLogin: boolean;
  startHidden: boolean;
  language: Language;
}

export type SettingsPatch = Partial<Omit<Settings, 'sources'>>;

export const DEFAULT_SETTINGS: Settings = {
  sources: [],
  transport: 'auto',
  quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true },
  sound: true,
  startAtLogin: false,
  startHidden: false,
  language: 'system',
};

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
