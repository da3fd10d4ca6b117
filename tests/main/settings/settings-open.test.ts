/**
 * Opening settings.json as a user's disk has it: a file from each earlier layout, a typo in one field, a file from a
 * newer Herald (a downgrade), more sources than the limit, a source that cannot be read. One bad field or source
 * must never cost the others — above all not the servers and their sealed secrets.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const { openStore } = await import('../../../src/main/settings/electron-stores');
const { createSafeStorageCipher } = await import('../../../src/main/settings/safe-storage-cipher');
const { SettingsService } = await import('../../../src/main/settings/settings-service');
const { SETTINGS_LIMITS } = await import('../../../src/main/settings/limits');
const { DEFAULT_SETTINGS } = await import('../../../src/shared/settings');

const FIXTURES = join(import.meta.dirname, 'fixtures');
/** What the fake safeStorage seals `text` to (base64 of its sealed bytes), as a file on disk holds it. */
const sealed = (text: string) => Buffer.from(`FAKE-SEALED:${Buffer.from(text).toString('hex')}`).toString('base64');

describe('opening a settings file', () => {
  beforeEach(() => {
    resetElectron();
    fake.userData = mkdtempSync(join(tmpdir(), 'herald-settings-open-'));
    fake.encryption = true;
  });
  afterEach(() => rmSync(fake.userData, { recursive: true, force: true }));

  const path = () => join(fake.userData, 'settings.json');
  const write = (data: unknown) => writeFileSync(path(), JSON.stringify(data));
  const onDisk = () => JSON.parse(readFileSync(path(), 'utf8')) as Record<string, unknown>;
  const asideFiles = () => readdirSync(fake.userData).filter((f) => f !== 'settings.json');
  const open = () => {
    const opened = openStore({ name: 'settings', now: () => Date.UTC(2026, 0, 2) });
    const settings = new SettingsService({ store: opened.store, path: opened.path, cipher: createSafeStorageCipher(), newId: () => 'n1' });
    return { settings, notices: [...opened.notices, ...settings.notices()] };
  };

  describe('a file from each earlier layout', () => {
    it('v0 (one serverUrl and a plain token)', () => {
      copyFileSync(join(FIXTURES, 'settings-v0.json'), path());
      const { settings, notices } = open();
      expect(notices).toEqual([]);
      expect(settings.get()).toMatchObject({ sound: false, transport: 'sse', quietHours: { enabled: true, start: '23:00', end: '06:30', allowUrgent: false } });
      expect(settings.sourceConfigs()).toEqual([{ id: 'default', kind: 'herald', url: 'http://127.0.0.1:8787', token: 'v0-plain-token' }]);
      expect(onDisk().version).toBe(2);
    });

    it('v1 (sources with sealed secrets saved before bindings)', () => {
      copyFileSync(join(FIXTURES, 'settings-v1.json'), path());
      const { settings, notices } = open();
      expect(notices).toEqual([]);
      expect(settings.get()).toMatchObject({ language: 'zh-CN', startHidden: true });
      expect(settings.sourceConfigs()).toEqual([
        { id: 'default', kind: 'herald', url: 'http://127.0.0.1:8787', label: 'Home', token: 'v1-sealed-token' },
        { id: 'alerts', kind: 'ntfy', url: 'https://ntfy.example', channels: ['alerts', 'builds'], username: 'me', password: 'v1-sealed-password' },
      ]);
      // Someone who used v1 keeps hearing priority 3 (the v1→v2 migration).
      expect(settings.get().profile[2]?.sound).toBe('default');
    });

    it('v2 (profiles, per-source rules, snoozes, shortcut, images)', () => {
      copyFileSync(join(FIXTURES, 'settings-v2.json'), path());
      const before = readFileSync(path(), 'utf8');
      const { settings, notices } = open();
      expect(notices).toEqual([]);
      expect(settings.get()).toMatchObject({
        globalShortcut: 'CommandOrControl+Shift+H',
        imageSources: ['home'],
        snooze: { sources: { pubsub: { until: null } } },
        sourceNotifications: { home: { quietHours: { start: '22:00' } } },
      });
      expect(settings.sourceConfigs().map((s) => [s.id, s.token])).toEqual([['home', 'v2-sealed-token'], ['pubsub', undefined]]);
      // A current file that is fine is not rewritten.
      expect(JSON.parse(readFileSync(path(), 'utf8'))).toEqual(JSON.parse(before));
    });
  });

  it('a typo in one field resets that field only, says so, and keeps every source and secret', () => {
    write({ version: 2, sources: [{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', token: { enc: 'os', data: sealed('keep-me') } }], sound: 'loud', language: 'zh-CN' });
    const { settings, notices } = open();
    expect(settings.get()).toMatchObject({ sound: DEFAULT_SETTINGS.sound, language: 'zh-CN' });
    expect(settings.sourceConfigs()).toEqual([{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', token: 'keep-me' }]);
    expect(notices).toEqual([expect.objectContaining({ code: 'setting_reset', path: path() })]);
    expect(asideFiles()).toEqual([]);
    // The bad value is kept in the file, out of the way; the field itself is back to its default.
    expect(onDisk()).toMatchObject({ setAside: { fields: { sound: 'loud' } } });
    expect(onDisk().sound).toBeUndefined();
    // Said once: the next start finds nothing to repair.
    expect(open().notices).toEqual([]);
  });

  it('a field refused again keeps both old values, and a hand-broken setAside is itself kept', () => {
    write({ version: 2, sound: 'loud', setAside: { fields: { sound: 'louder' }, sources: 'not a list' } });
    open();
    expect(onDisk().setAside).toEqual({ fields: { sound: 'louder', 'sound-2': 'loud' }, sources: ['not a list'] });
    write({ version: 2, language: 'klingon', setAside: 42 });
    open();
    expect(onDisk().setAside).toEqual({ fields: { setAside: 42, language: 'klingon' }, sources: [] });
  });

  it('a source that cannot be read is set aside alone, with its secret, and reported', () => {
    const odd = { id: 'odd', kind: 'gotify', url: 'http://127.0.0.1:9', token: { enc: 'os', data: sealed('odd-secret') } };
    write({ version: 2, sources: [{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', token: { enc: 'os', data: sealed('home-secret') } }, odd] });
    const { settings, notices } = open();
    expect(settings.sourceConfigs()).toEqual([{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', token: 'home-secret' }]);
    expect(notices).toEqual([expect.objectContaining({ code: 'source_set_aside', path: path() })]);
    expect(onDisk()).toMatchObject({ setAside: { sources: [odd] } });
    expect(asideFiles()).toEqual([]);
    // Saving another source afterwards keeps the one set aside in the file.
    settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:7' });
    expect(onDisk()).toMatchObject({ setAside: { sources: [odd] } });
  });

  it('one limit for sources: the validators\' (not 100 in one place and 20 in another); extra ones are set aside, not lost', () => {
    const max = SETTINGS_LIMITS.sources;
    const many = Array.from({ length: max + 3 }, (_, i) => ({ id: `s${i}`, kind: 'herald', url: `http://127.0.0.1:${1000 + i}` }));
    write({ version: 2, sources: many });
    const { settings, notices } = open();
    expect(settings.get().sources.map((s) => s.id)).toEqual(many.slice(0, max).map((s) => s.id));
    expect(notices).toEqual([expect.objectContaining({ code: 'source_set_aside' })]);
    expect(onDisk()).toMatchObject({ setAside: { sources: many.slice(max) } });
    // And the page cannot add one past the same limit.
    expect(() => settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:2' })).toThrow(new RegExp(`at most ${max} sources`));
  });

  it('a file from a newer Herald (a downgrade) opens: unknown fields are kept, nothing is moved aside or rewritten', () => {
    const newer = {
      version: 3,
      sources: [{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', color: 'teal', token: { enc: 'os', data: sealed('newer-secret'), for: 'herald|http://127.0.0.1:8787' } }],
      futureFeature: { enabled: true },
      profile: DEFAULT_SETTINGS.profile.map((r) => ({ ...r, sound: 'chime' })),
      language: 'zh-CN',
    };
    write(newer);
    const { settings, notices } = open();
    expect(asideFiles()).toEqual([]);
    expect(settings.sourceConfigs()).toEqual([{ id: 'home', kind: 'herald', url: 'http://127.0.0.1:8787', token: 'newer-secret' }]);
    expect(settings.get()).toMatchObject({ language: 'zh-CN', profile: DEFAULT_SETTINGS.profile });
    expect(notices).toEqual([{ code: 'setting_reset', message: expect.stringContaining('profile') }]);
    expect(onDisk()).toEqual(newer);
  });

  it('moves the file aside only when it is not a JSON object, and says where it went', () => {
    writeFileSync(path(), '["a list, not settings"]');
    const { settings, notices } = open();
    const aside = asideFiles();
    expect(aside).toHaveLength(1);
    expect(notices).toEqual([expect.objectContaining({ code: 'store_corrupt', path: join(fake.userData, aside[0]!) })]);
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
  });
});
