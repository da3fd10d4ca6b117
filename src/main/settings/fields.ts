/**
 * The one rulebook for the settings fields (everything but sources): for each field, the check that accepts or
 * refuses a value (from the renderer, or read back from disk) and the default it falls back to. The settings page's
 * patches, `SettingsService.get()` and the repair at start-up all go through this table, so a value the page could
 * never save is also never read, and a value it could save is never thrown away on reading.
 */
import { isTransportPreference, TRANSPORT_PREFERENCES } from '../../shared/connection-state';
import { isLanguage, LANGUAGES } from '../../shared/language';
import { DEFAULT_SETTINGS, isAccelerator, type Settings } from '../../shared/settings';
import { checkRules, checkSavedViews, checkSourceDigests, type Checked } from '../../shared/rules-check';
import { invalidInput } from '../errors';
import { SETTINGS_LIMITS } from './limits';
import { checkImageSources, checkProfile, checkSnooze, checkSourceNotifications, isQuietHours } from './validate-notifications';

export type FieldName = Exclude<keyof Settings, 'sources'>;

interface FieldRule<T> {
  /** The value as it will be kept, or an `invalid_input` error saying what is wrong. */
  check(value: unknown, nowMs: number): T;
  /** A fresh copy of the default. */
  fallback(): T;
}

type Rules = { [K in FieldName]: FieldRule<Settings[K]> };

function flag(name: FieldName): FieldRule<boolean> {
  return {
    check(v) {
      if (typeof v !== 'boolean') throw invalidInput(`${name} must be true or false`);
      return v;
    },
    fallback: () => DEFAULT_SETTINGS[name] as boolean,
  };
}

/** The shared rulebook's answer (src/shared/rules-check.ts) as this table speaks: the value, or invalid_input naming the entry. */
function checked<T>(result: Checked<T>): T {
  if (result.ok) return result.value;
  const { code, field, index, name } = result.problem;
  const where = index === undefined ? field : `entry ${index + 1}${name !== undefined ? ` (${JSON.stringify(name)})` : ''}, ${field}`;
  throw invalidInput(`${where}: ${code.replaceAll('_', ' ')}`);
}

export const SETTING_FIELDS: Rules = {
  transport: {
    check(v) {
      if (!isTransportPreference(v)) throw invalidInput(`transport must be one of ${TRANSPORT_PREFERENCES.join(', ')}`);
      return v;
    },
    fallback: () => DEFAULT_SETTINGS.transport,
  },
  language: {
    check(v) {
      if (!isLanguage(v)) throw invalidInput(`language must be one of ${LANGUAGES.join(', ')}`);
      return v;
    },
    fallback: () => DEFAULT_SETTINGS.language,
  },
  sound: flag('sound'),
  startAtLogin: flag('startAtLogin'),
  startHidden: flag('startHidden'),
  quietHours: {
    check(v) {
      if (!isQuietHours(v)) throw invalidInput('quietHours needs enabled/allowUrgent (true or false) and start/end as HH:MM');
      return { enabled: v.enabled, start: v.start, end: v.end, allowUrgent: v.allowUrgent };
    },
    fallback: () => ({ ...DEFAULT_SETTINGS.quietHours }),
  },
  profile: { check: (v) => checkProfile(v), fallback: () => structuredClone(DEFAULT_SETTINGS.profile) },
  sourceNotifications: { check: (v) => checkSourceNotifications(v), fallback: () => ({}) },
  snooze: { check: (v, nowMs) => checkSnooze(v, nowMs), fallback: () => ({ sources: {} }) },
  globalShortcut: {
    check(v) {
      if (typeof v !== 'string' || v.length > SETTINGS_LIMITS.globalShortcutLength || (v !== '' && !isAccelerator(v))) {
        throw invalidInput('globalShortcut must be empty (off) or modifiers and a key, like CommandOrControl+Shift+H');
      }
      return v;
    },
    fallback: () => DEFAULT_SETTINGS.globalShortcut,
  },
  imageSources: { check: (v) => checkImageSources(v), fallback: () => [] },
  rules: { check: (v) => checked(checkRules(v)), fallback: () => [] },
  savedViews: { check: (v) => checked(checkSavedViews(v)), fallback: () => [] },
  digests: { check: (v) => checked(checkSourceDigests(v)), fallback: () => ({}) },
};

export const FIELD_NAMES = Object.keys(SETTING_FIELDS) as FieldName[];

export function isFieldName(key: string): key is FieldName {
  return Object.hasOwn(SETTING_FIELDS, key);
}

/**
 * A field as read back from disk: absent → its default; present and refused → its default too (the start-up repair
 * has said so). Snoozes are read lenient on the clock: one that is over is kept as stored, the policy ignores it.
 */
export function readField<K extends FieldName>(name: K, stored: unknown): Settings[K] {
  const rule = SETTING_FIELDS[name] as FieldRule<Settings[K]>;
  if (stored === undefined) return rule.fallback();
  try {
    return rule.check(stored, Number.NEGATIVE_INFINITY);
  } catch {
    return rule.fallback();
  }
}
