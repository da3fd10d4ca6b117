/**
 * How settings sit in their store (electron-store's settings.json, or memory in tests and the browser harness).
 * One key per setting, so a crash between two writes still leaves every key valid on its own.
 */
import type { SourceSettings } from '../../shared/settings';

/** The layout version this code writes. v0 (no `version` key) had a single `serverUrl` + `token`. */
export const SETTINGS_VERSION = 2;

/**
 * A secret at rest: encrypted by the OS keychain (safeStorage), or plain when the OS offers no encryption.
 * `for` is the binding it was entered for (`credentialBinding`: kind, scheme, host, port); secrets saved before
 * bindings existed have none and are bound to their source's address as it stands.
 */
export type StoredSecret = ({ enc: 'os'; data: string } | { enc: 'plain'; data: string }) & { for?: string };

/** A source at rest: what the renderer sees, minus the has* flags, plus the sealed secrets. */
export type StoredSource = Omit<SourceSettings, 'hasToken' | 'hasPassword'> & { token?: StoredSecret; password?: StoredSecret };

export const KEYS = {
  version: 'version',
  sources: 'sources',
  transport: 'transport',
  quietHours: 'quietHours',
  sound: 'sound',
  startAtLogin: 'startAtLogin',
  startHidden: 'startHidden',
  language: 'language',
  profile: 'profile',
  sourceNotifications: 'sourceNotifications',
  snooze: 'snooze',
  globalShortcut: 'globalShortcut',
  imageSources: 'imageSources',
  rules: 'rules',
  savedViews: 'savedViews',
  digests: 'digests',
  /** What the start-up repair refused, kept as written: `{ fields: { name: value }, sources: [entry, …] }`. */
  setAside: 'setAside',
} as const;

/** v0 keys, read only by the migration. */
export const LEGACY_KEYS = { serverUrl: 'serverUrl', token: 'token' } as const;
