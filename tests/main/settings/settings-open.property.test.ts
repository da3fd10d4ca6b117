/**
 * Fuzzed settings files, opened from real files: whatever a hand edit, a crash or another Herald left there, opening
 * never throws, never loses a valid source or its sealed secret, and a field the rules reject reads as its default.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const { openStore } = await import('../../../src/main/settings/electron-stores');
const { createSafeStorageCipher } = await import('../../../src/main/settings/safe-storage-cipher');
const { SettingsService } = await import('../../../src/main/settings/settings-service');
const { SETTINGS_LIMITS } = await import('../../../src/main/settings/limits');
const { DEFAULT_SETTINGS, SOUND_CHOICES } = await import('../../../src/shared/settings');
const { TRANSPORT_PREFERENCES } = await import('../../../src/shared/connection-state');
const { LANGUAGES } = await import('../../../src/shared/language');

/** What the v1→v2 migration gives someone who used Herald before profiles: priority 3 keeps its sound. */
const V1_PROFILE = DEFAULT_SETTINGS.profile.map((r, i) => (i === 2 ? { ...r, sound: 'default' } : r));
const sealed = (text: string) => Buffer.from(`FAKE-SEALED:${Buffer.from(text).toString('hex')}`).toString('base64');

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const rule = fc.record({ toast: fc.boolean(), sound: fc.constantFrom(...SOUND_CHOICES), badge: fc.boolean(), breakThrough: fc.boolean() });

/** A valid value for each field, as the settings page would have saved it. */
const VALID = {
  transport: fc.constantFrom(...TRANSPORT_PREFERENCES),
  sound: fc.boolean(),
  startAtLogin: fc.boolean(),
  startHidden: fc.boolean(),
  language: fc.constantFrom(...LANGUAGES),
  quietHours: fc.record({ enabled: fc.boolean(), start: hhmm, end: hhmm, allowUrgent: fc.boolean() }),
  profile: fc.array(rule, { minLength: 5, maxLength: 5 }),
  globalShortcut: fc.constantFrom('', 'CommandOrControl+Shift+H', 'Alt+F9'),
  imageSources: fc.uniqueArray(fc.constantFrom('s0', 's1', 'home', 'x_y-z'), { maxLength: 4 }),
  snooze: fc.constantFrom({ sources: {} }, { all: { until: null }, sources: {} }, { sources: { s0: { until: null } } }),
  rules: fc.constantFrom([], [{ id: 'ci', name: 'CI failures', scope: { kind: 'global' }, match: { channel: 'ci', title: { kind: 'words', words: 'failed' } }, actions: { sound: 'urgent' }, continue: false }]),
  savedViews: fc.constantFrom([], [{ id: 'view-ops', name: 'Ops', filter: { sources: ['s0'], unreadOnly: true, minPriority: 4, includeRouted: true } }]),
  digests: fc.constantFrom({}, { s0: { minutes: 30 } }),
} as const;
type Field = keyof typeof VALID;
const FIELDS = Object.keys(VALID) as Field[];

/** Junk: any JSON at all (it may happen to be valid; then it must be kept as it is). */
const junk = fc.jsonValue({ maxDepth: 3 });
const field = (name: Field) => fc.oneof(VALID[name].map((value) => ({ valid: true as const, value })), junk.map((value) => ({ valid: false as const, value })));

const validSource = (i: number, secret: string) => ({ id: `s${i}`, kind: 'herald', url: `http://127.0.0.1:${2000 + i}`, token: { enc: 'os', data: sealed(secret) } });
const sources = fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }).map((secret) => ({ valid: true as const, secret })), junk.map((value) => ({ valid: false as const, value }))), { maxLength: SETTINGS_LIMITS.sources });

const file = fc.record({
  version: fc.oneof(fc.constantFrom(0, 1, 2), junk),
  fields: fc.record(Object.fromEntries(FIELDS.map((f) => [f, field(f)])) as { [F in Field]: ReturnType<typeof field> }, { requiredKeys: [] }),
  sources,
});

describe('opening fuzzed settings files', () => {
  beforeEach(() => {
    resetElectron();
    fake.encryption = true;
  });

  it('never throws, keeps every valid source with its secret, and reads a rejected field as its default', () => {
    fc.assert(
      fc.property(file, (f) => {
        fake.userData = mkdtempSync(join(tmpdir(), 'herald-settings-fuzz-'));
        try {
          const data: Record<string, unknown> = { version: f.version };
          for (const [k, v] of Object.entries(f.fields)) data[k] = v!.value;
          data.sources = f.sources.map((s, i) => (s.valid ? validSource(i, s.secret) : s.value));
          const path = join(fake.userData, 'settings.json');
          writeFileSync(path, JSON.stringify(data));
          // What a reader of the file sees (JSON drops undefined and turns -0 into 0).
          const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

          const opened = openStore({ name: 'settings' });
          const settings = new SettingsService({ store: opened.store, cipher: createSafeStorageCipher() });
          const view = settings.get();

          const configs = settings.sourceConfigs();
          f.sources.forEach((s, i) => {
            if (s.valid) expect(configs).toContainEqual({ id: `s${i}`, kind: 'herald', url: `http://127.0.0.1:${2000 + i}`, token: s.secret });
          });
          // Nothing is lost: every entry is in use or kept, as written, in the file's set-aside part.
          const after = JSON.parse(readFileSync(path, 'utf8')) as { sources?: unknown[]; setAside?: { sources?: unknown[] } };
          const kept = [...(after.sources ?? []), ...(after.setAside?.sources ?? [])];
          for (const s of written.sources as unknown[]) expect(kept).toContainEqual(s);

          for (const name of FIELDS) {
            const given = f.fields[name];
            const read = view[name];
            // The default, or (profile only) what the v1→v2 migration makes when the file looks used.
            const defaults = name === 'profile' ? [DEFAULT_SETTINGS.profile, V1_PROFILE] : [DEFAULT_SETTINGS[name]];
            if (given === undefined) expect(defaults).toContainEqual(read);
            else if (given.valid) expect(read).toEqual(written[name]);
            // Rejected: the default. (Junk that happens to follow the rules is kept as it is.)
            else if (!isEqual(read, written[name])) expect(defaults).toContainEqual(read);
          }
        } finally {
          rmSync(fake.userData, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
