import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const { openStore } = await import('../../../src/main/settings/electron-stores');
const { createSafeStorageCipher } = await import('../../../src/main/settings/safe-storage-cipher');
const { SettingsService } = await import('../../../src/main/settings/settings-service');

describe('settings and stores on disk (electron-store)', () => {
  beforeEach(() => {
    resetElectron();
    fake.userData = mkdtempSync(join(tmpdir(), 'herald-stores-'));
    fake.encryption = true;
  });
  afterEach(() => rmSync(fake.userData, { recursive: true, force: true }));

  const open = () => {
    const opened = openStore({ name: 'settings', now: () => Date.UTC(2026, 0, 2) });
    return { ...opened, settings: new SettingsService({ store: opened.store, cipher: createSafeStorageCipher(), newId: () => 'n1' }) };
  };
  const file = () => readFileSync(join(fake.userData, 'settings.json'), 'utf8');

  it('migrates a v0 settings.json and the plain token is gone from the file, sealed by safeStorage', () => {
    writeFileSync(join(fake.userData, 'settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8787', token: 'v0-secret-token', sound: false }));
    const { settings, notices } = open();
    expect(notices).toEqual([]);
    expect(settings.get()).toMatchObject({ sound: false, sources: [{ id: 'default', url: 'http://127.0.0.1:8787', hasToken: true }] });
    expect(settings.sourceConfigs()[0]?.token).toBe('v0-secret-token');
    const onDisk = file();
    expect(onDisk).not.toContain('v0-secret-token');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 2, sources: [{ token: { enc: 'os' } }] });
    expect(JSON.parse(onDisk).serverUrl).toBeUndefined();
  });

  it('a token saved from the settings page never reaches the file in plain text when encryption is available', () => {
    const { settings } = open();
    const view = settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:9', token: 'typed-in-token', password: 'pw-123' });
    expect(JSON.stringify(view)).not.toMatch(/typed-in-token|pw-123/);
    expect(file()).not.toMatch(/typed-in-token|pw-123/);
    // And it reads back after a restart.
    expect(open().settings.sourceConfigs()[0]).toMatchObject({ token: 'typed-in-token', password: 'pw-123' });
  });

  it('without OS encryption the token is kept plainly, with a warning notice', () => {
    fake.encryption = false;
    const { settings } = open();
    settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:9', token: 'no-keyring-token' });
    expect(file()).toContain('no-keyring-token');
    expect(settings.notices()[0]?.message).toMatch(/without encryption/);
  });

  it('moves an unparsable settings file aside (kept) and starts from defaults, with a notice', () => {
    writeFileSync(join(fake.userData, 'settings.json'), '{"sources": [tru');
    const { settings, notices } = open();
    expect(notices).toMatchObject([{ code: 'store_corrupt' }]);
    expect(settings.get().sources).toEqual([]);
    const aside = readdirSync(fake.userData).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside && readFileSync(join(fake.userData, aside), 'utf8')).toBe('{"sources": [tru');
  });

  it('keeps a file that parses but has refused values: those fields read as defaults, nothing is moved aside', () => {
    writeFileSync(join(fake.userData, 'settings.json'), JSON.stringify({ transport: 'telegraph', sound: 'loud' }));
    const { settings, notices } = open();
    expect(notices).toEqual([]);
    expect(settings.notices()).toMatchObject([{ code: 'setting_reset' }]);
    expect(settings.get()).toMatchObject({ transport: 'auto', sound: true });
    expect(readdirSync(fake.userData).filter((f) => f !== 'settings.json')).toEqual([]);
  });

  it('outbox and state are separate files with literal (dotted) keys', () => {
    const state = openStore({ name: 'state' }).store;
    const outbox = openStore({ name: 'outbox' }).store;
    state.set('cursor.demo.v1', '42');
    outbox.set('entries', [{ key: 'k1' }]);
    expect(JSON.parse(readFileSync(join(fake.userData, 'state.json'), 'utf8'))).toEqual({ 'cursor.demo.v1': '42' });
    expect(JSON.parse(readFileSync(join(fake.userData, 'outbox.json'), 'utf8'))).toEqual({ entries: [{ key: 'k1' }] });
    expect(openStore({ name: 'state' }).store.get('cursor.demo.v1')).toBe('42');
    state.delete('cursor.demo.v1');
    expect(openStore({ name: 'state' }).store.get('cursor.demo.v1')).toBeUndefined();
  });

  it('keeps the outbox journal beside outbox.json, and an outbox over it survives a restart before and after closing', async () => {
    const { Outbox } = await import('../../../src/core/outbox/outbox');
    const send = () => Promise.reject(new Error('offline'));
    const first = new Outbox({ store: openStore({ name: 'outbox' }).store, send });
    const a = first.enqueue('s', { type: 'like', itemId: '1' });
    expect(readFileSync(join(fake.userData, 'outbox.entries.journal'), 'utf8')).toContain(a.key);
    // A crash now (no dispose): the next start reads the journal.
    const second = new Outbox({ store: openStore({ name: 'outbox' }).store, send });
    expect(second.entries().map((e) => e.key)).toEqual([a.key]);
    second.dispose();
    const file = JSON.parse(readFileSync(join(fake.userData, 'outbox.json'), 'utf8')) as { entries: Array<{ key: string }> };
    expect(file.entries.map((e) => e.key)).toEqual([a.key]);
  });
});
