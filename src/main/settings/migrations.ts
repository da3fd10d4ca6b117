/**
 * Settings layout migrations, oldest first, keyed by the version they produce. Each one must be safe to run again
 * on its own output (a crash between writes re-runs it), and must never drop a user's server or secret.
 */
import type { KeyValueStore } from '../../core/store';
import { defaultProfile } from '../../shared/settings';
import { KEYS, LEGACY_KEYS, SETTINGS_VERSION, type StoredSecret, type StoredSource } from './stored';

export interface MigrationContext {
  store: KeyValueStore;
  /** Seal a secret the way the current machine can (encrypted when possible). */
  seal(plain: string): StoredSecret;
}

type Migration = { to: number; describe: string; run(ctx: MigrationContext): void };

const MIGRATIONS: Migration[] = [
  {
    to: 1,
    describe: 'single serverUrl/token → sources[]',
    run({ store, seal }) {
      const serverUrl = store.get<unknown>(LEGACY_KEYS.serverUrl);
      const token = store.get<unknown>(LEGACY_KEYS.token);
      const sources = store.get<StoredSource[]>(KEYS.sources) ?? [];
      if (typeof serverUrl === 'string' && serverUrl.trim() !== '' && !sources.some((s) => s.url === serverUrl.trim())) {
        const source: StoredSource = { id: uniqueId('default', sources), kind: 'herald', url: serverUrl.trim() };
        if (typeof token === 'string' && token !== '') source.token = seal(token);
        store.set(KEYS.sources, [...sources, source]);
      } else if (!Array.isArray(store.get(KEYS.sources))) {
        store.set(KEYS.sources, sources);
      }
      // The plain v0 token must not linger in the file once it lives (sealed) in the source.
      store.delete(LEGACY_KEYS.token);
      store.delete(LEGACY_KEYS.serverUrl);
    },
  },
  {
    to: 2,
    describe: 'notification profiles: today\'s sound choice kept',
    run({ store }) {
      if (store.get(KEYS.profile) !== undefined) return;
      // Before profiles every toast played a sound when `sound` was on (the default). Someone who used Herald keeps
      // hearing priority 3 and up; `sound: false` stays the master switch and still silences everything, and
      // quietHours.allowUrgent still decides whether priority 5 breaks through. A fresh install gets the defaults.
      const usedBefore = [KEYS.quietHours, KEYS.sound, KEYS.transport, KEYS.language, KEYS.startAtLogin, KEYS.startHidden].some(
        (k) => store.get(k) !== undefined,
      ) || (store.get<unknown[]>(KEYS.sources) ?? []).length > 0;
      const profile = defaultProfile();
      if (usedBefore && store.get(KEYS.sound) !== false) profile[2] = { ...profile[2]!, sound: 'default' };
      store.set(KEYS.profile, profile);
    },
  },
];

function uniqueId(base: string, sources: StoredSource[]): string {
  let id = base;
  for (let n = 2; sources.some((s) => s.id === id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Whether the stored `version` says a newer Herald wrote the file: any number above ours, whole or not. The one
 * reading for the migrations and the start-up repair, so a file is never both "newer, only read" for one and
 * "unversioned, migrate and rewrite" for the other (2.5 was both).
 */
export function writtenByNewerHerald(raw: unknown): boolean {
  return typeof raw === 'number' && raw > SETTINGS_VERSION;
}

/** Bring the store to SETTINGS_VERSION. Returns the migrations applied (for the log). */
export function migrateSettings(ctx: MigrationContext): string[] {
  const raw = ctx.store.get<unknown>(KEYS.version);
  // Written by a newer Herald: read what we understand, write nothing that would downgrade it.
  if (writtenByNewerHerald(raw)) return [];
  const from = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : 0;
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (m.to <= from) continue;
    m.run(ctx);
    ctx.store.set(KEYS.version, m.to);
    applied.push(`v${m.to - 1}→v${m.to}: ${m.describe}`);
  }
  return applied;
}
