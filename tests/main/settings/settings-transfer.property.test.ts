/**
 * Hostile import files (fast-check over JSON, near-valid and not): the import never throws, is either refused with
 * nothing changed or applied whole (every field and source as the file says), and never sets a secret — a source
 * keeps one only when it is the same source at the same address as before.
 */
import fc from 'fast-check';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { SETTING_FIELDS } from '../../../src/main/settings/fields';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { createSettingsTransfer } from '../../../src/main/settings/settings-transfer-service';
import { TRANSPORT_PREFERENCES } from '../../../src/shared/connection-state';
import { LANGUAGES } from '../../../src/shared/language';
import type { Settings } from '../../../src/shared/settings';

const KEPT_TOKEN = 'tok-kept-0123';
/** A reversible stand-in for the OS cipher, so a test can see which secrets are sealed in the store. */
const cipher = { isAvailable: () => true, encrypt: (t: string) => `sealed:${t}`, decrypt: (d: string) => d.replace(/^sealed:/, '') };

const junk = fc.jsonValue({ maxDepth: 3 });
/** Mostly a value the rules accept, sometimes anything: so files are both applied and refused. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: junk, weight: 1 });
/** Usually what the rules accept, now and then what they refuse. */
const usually = <T>(good: T[], bad: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 12 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const hhmm = fc.oneof({ arbitrary: fc.constantFrom('00:00', '07:30', '22:00'), weight: 10 }, { arbitrary: fc.constantFrom('25:00', '7:00', ''), weight: 1 });
const fieldValue = {
  language: mostly(fc.constantFrom(...LANGUAGES)),
  transport: mostly(fc.constantFrom(...TRANSPORT_PREFERENCES)),
  sound: mostly(fc.boolean()),
  quietHours: mostly(fc.record({ enabled: fc.boolean(), start: hhmm, end: hhmm, allowUrgent: fc.boolean() })),
  imageSources: mostly(fc.array(usually(['keep', 'x'], ['../y', '']), { maxLength: 3 })),
  globalShortcut: mostly(usually(['', 'Alt+F9'], ['Nope+'])),
};
/** Settings a file may carry, and now and then one it may not (a snooze is this machine's). */
const settingsPart = fc.tuple(fc.record(fieldValue, { requiredKeys: [] }), fc.oneof({ arbitrary: fc.constant(null), weight: 15 }, { arbitrary: junk, weight: 1 })).map(([fields, snooze]) => (snooze === null ? fields : { ...fields, snooze }));
const source = fc.record(
  {
    id: mostly(usually(['keep', 'other', 'x1', 'x2', 'x3'], ['../etc', ''])),
    kind: mostly(usually(['herald'], ['ntfy', 'nchan'])),
    url: mostly(usually(['http://127.0.0.1:9001', 'http://127.0.0.1:9002'], ['file:///etc/passwd', 'http://u:p@h/'])),
    label: mostly(fc.string({ maxLength: 20 })),
    channels: mostly(fc.array(fc.constantFrom('ci', 'a b', 'deploys'), { minLength: 1, maxLength: 3 })),
    hadToken: mostly(fc.constant(true)),
    hadPassword: mostly(fc.constant(true)),
  },
  { requiredKeys: ['id', 'kind', 'url'] },
);
/** A source with a planted secret or a key no export writes. */
const plantedSource = fc.tuple(source, fc.constantFrom('token', 'password', 'extra', '__proto__'), mostly(fc.constant('planted'))).map(([s, key, value]) => {
  const out: Record<string, unknown> = { ...s };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
});
const anySource = fc.oneof({ arbitrary: source, weight: 4 }, { arbitrary: plantedSource, weight: 1 });
const nearValid = fc.record(
  {
    format: mostly(fc.constant('herald-settings')),
    version: mostly(fc.oneof({ arbitrary: fc.constant(1), weight: 20 }, { arbitrary: fc.constantFrom(2, 0, 1.5), weight: 1 })),
    settings: mostly(fc.tuple(settingsPart, fc.option(mostly(fc.uniqueArray(anySource, { maxLength: 4, selector: (x) => JSON.stringify(x.id) })))).map(([fields, sources]) => (sources === null ? fields : { ...fields, sources }))),
  },
  { requiredKeys: ['format', 'version', 'settings'] },
);
const fileText = fc.oneof(
  { arbitrary: nearValid.map((d) => JSON.stringify(d)), weight: 8 },
  { arbitrary: junk.map((d) => JSON.stringify(d)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 50 }), weight: 1 },
);

function machine(text: string) {
  const store = new MemoryStore();
  const settings = new SettingsService({ store, cipher, logger: silentLogger, newId: () => 'keep' });
  settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:9001', label: 'Work', token: KEPT_TOKEN });
  settings.update({ language: 'zh-CN' });
  const transfer = createSettingsTransfer({
    settings,
    chooseSavePath: async () => undefined,
    chooseOpenPath: async () => '/picked.json',
    writeFile: async () => undefined,
    readFile: async () => text,
    now: () => 1_800_000_000_000,
  });
  return { store, settings, transfer };
}

/** Every sealed secret in the store, opened. */
function secretsIn(store: MemoryStore): string[] {
  const sources = (store.get<Array<Record<string, { data?: string } | undefined>>>('sources') ?? []);
  return sources.flatMap((s) => [s.token?.data, s.password?.data]).filter((d): d is string => d !== undefined).map((d) => cipher.decrypt(d));
}

describe('importing hostile settings files', () => {
  it('never throws; refused changes nothing; accepted is applied whole; no secret is ever set', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(fileText, async (text) => {
        const { store, settings, transfer } = machine(text);
        const before = JSON.stringify(settings.get());
        const preview = await transfer.previewImport();
        if (preview.kind !== 'ready') {
          expect(preview.kind).toBe('refused');
          await expect(transfer.applyImport()).rejects.toMatchObject({ code: 'invalid_input' });
          expect(JSON.stringify(settings.get())).toBe(before);
          expect(secretsIn(store)).toEqual([KEPT_TOKEN]);
          return;
        }
        const after: Settings = await transfer.applyImport();
        applied++;
        const doc = JSON.parse(text) as { settings: Record<string, unknown> & { sources?: Array<Record<string, unknown>> } };
        for (const [key, value] of Object.entries(doc.settings)) {
          if (key === 'sources') continue;
          const field = key as keyof typeof SETTING_FIELDS;
          expect(after[field]).toEqual(SETTING_FIELDS[field].check(value, 1_800_000_000_000));
        }
        if (doc.settings.sources !== undefined) expect(after.sources.map((s) => s.id)).toEqual(doc.settings.sources.map((s) => s.id));
        // The only secret there can be is the one saved before, on the same source at the same address.
        expect(secretsIn(store).every((s) => s === KEPT_TOKEN)).toBe(true);
        for (const s of after.sources) {
          if (s.hasToken || s.hasPassword) expect([s.id, s.kind, s.url, s.hasPassword]).toEqual(['keep', 'herald', 'http://127.0.0.1:9001', false]);
        }
      }),
      { numRuns: 400 },
    );
    // The generator must reach files that are applied, or the "applied whole" half would prove nothing.
    expect(applied).toBeGreaterThan(10);
  });

  it('a file that only changes the language previews as exactly that, and keeps the saved token', async () => {
    const { transfer } = machine(JSON.stringify({ format: 'herald-settings', version: 1, settings: { language: 'en', sources: [{ id: 'keep', kind: 'herald', url: 'http://127.0.0.1:9001', label: 'Work', hadToken: true }] } }));
    expect(await transfer.previewImport()).toEqual({ kind: 'ready', changes: [{ kind: 'setting', field: 'language' }] });
    const after = await transfer.applyImport();
    expect([after.language, after.sources[0]?.hasToken]).toEqual(['en', true]);
  });
});
