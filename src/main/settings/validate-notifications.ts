/**
 * Checks for the notification settings (profiles, per-source rules, snoozes), from the renderer and from disk.
 * Like validate.ts, everything the renderer sends is untrusted: shapes, ranges and ids are checked here.
 */
import {
  isHhMm,
  SOUND_CHOICES,
  type QuietHours,
  type NotificationProfile,
  type PriorityRule,
  type SnoozeEntry,
  type SnoozeState,
  type SourceNotificationSettings,
} from '../../shared/settings';
import { isJsonObject, setOwn } from '../../shared/json';
import { invalidInput } from '../errors';
import { SETTINGS_LIMITS, SOURCE_ID } from './limits';

const MAX_SOURCE_ENTRIES = SETTINGS_LIMITS.perSourceEntries;
const MAX_SNOOZE_MS = SETTINGS_LIMITS.snoozeMs;

export function isQuietHours(v: unknown): v is QuietHours {
  return isJsonObject(v) && typeof v.enabled === 'boolean' && typeof v.allowUrgent === 'boolean' && isHhMm(v.start) && isHhMm(v.end);
}

export function isPriorityRule(v: unknown): v is PriorityRule {
  return (
    isJsonObject(v) &&
    typeof v.toast === 'boolean' &&
    typeof v.badge === 'boolean' &&
    typeof v.breakThrough === 'boolean' &&
    typeof v.sound === 'string' &&
    (SOUND_CHOICES as readonly string[]).includes(v.sound)
  );
}

export function isProfile(v: unknown): v is NotificationProfile {
  return Array.isArray(v) && v.length === 5 && v.every(isPriorityRule);
}

function cleanRule(r: PriorityRule): PriorityRule {
  return { toast: r.toast, sound: r.sound, badge: r.badge, breakThrough: r.breakThrough };
}

export function checkProfile(v: unknown): NotificationProfile {
  if (!isProfile(v)) throw invalidInput('a profile is five rules (priorities 1–5) of toast, sound (none/default/urgent), badge, breakThrough');
  return v.map(cleanRule);
}

export function checkSourceNotifications(v: unknown): Record<string, SourceNotificationSettings> {
  if (!isJsonObject(v)) throw invalidInput('sourceNotifications must be an object keyed by source id');
  const entries = Object.entries(v);
  if (entries.length > MAX_SOURCE_ENTRIES) throw invalidInput(`sourceNotifications has more than ${MAX_SOURCE_ENTRIES} sources`);
  const out: Record<string, SourceNotificationSettings> = {};
  for (const [id, entry] of entries) {
    if (!SOURCE_ID.test(id)) throw invalidInput('source id must be 1–64 letters, digits, _ or -');
    if (!isJsonObject(entry)) throw invalidInput('a source’s notification settings must be an object');
    const clean: SourceNotificationSettings = {};
    if (entry.profile !== undefined) clean.profile = checkProfile(entry.profile);
    if (entry.quietHours !== undefined) {
      if (!isQuietHours(entry.quietHours)) throw invalidInput('quietHours needs enabled/allowUrgent (true or false) and start/end as HH:MM');
      const q = entry.quietHours;
      clean.quietHours = { enabled: q.enabled, start: q.start, end: q.end, allowUrgent: q.allowUrgent };
    }
    setOwn(out, id, clean);
  }
  return out;
}

function checkSnoozeEntry(v: unknown, nowMs: number): SnoozeEntry {
  if (!isJsonObject(v)) throw invalidInput('a snooze must be an object');
  if (v.until === null) return { until: null };
  if (typeof v.until !== 'number' || !Number.isFinite(v.until)) throw invalidInput('a snooze ends at a time in ms, or null');
  if (Number.isFinite(nowMs) && v.until > nowMs + MAX_SNOOZE_MS) throw invalidInput('a snooze may last at most a year (or until turned back on)');
  return { until: Math.round(v.until) };
}

/** A snooze state from the renderer: entries already over are dropped, so the file does not collect them. */
export function checkSnooze(v: unknown, nowMs: number): SnoozeState {
  if (!isJsonObject(v)) throw invalidInput('snooze must be an object');
  const out: SnoozeState = { sources: {} };
  if (v.all !== undefined) {
    const all = checkSnoozeEntry(v.all, nowMs);
    if (all.until === null || all.until > nowMs) out.all = all;
  }
  if (v.sources !== undefined) {
    if (!isJsonObject(v.sources)) throw invalidInput('snooze.sources must be an object keyed by source id');
    const entries = Object.entries(v.sources);
    if (entries.length > MAX_SOURCE_ENTRIES) throw invalidInput(`snooze.sources has more than ${MAX_SOURCE_ENTRIES} sources`);
    for (const [id, entry] of entries) {
      if (!SOURCE_ID.test(id)) throw invalidInput('source id must be 1–64 letters, digits, _ or -');
      const e = checkSnoozeEntry(entry, nowMs);
      if (e.until === null || e.until > nowMs) setOwn(out.sources, id, e);
    }
  }
  return out;
}

/** Source ids whose images may be shown: a short list of plain ids, each once. */
export function checkImageSources(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_SOURCE_ENTRIES || !value.every((v) => typeof v === 'string' && SOURCE_ID.test(v))) {
    throw invalidInput(`imageSources must be a list of up to ${MAX_SOURCE_ENTRIES} source ids`);
  }
  return [...new Set(value as string[])];
}
