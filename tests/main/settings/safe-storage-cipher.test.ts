/**
 * Linux's `basic_text` safeStorage backend is Chromium's fixed key: it must count as no encryption at all, so the
 * user is told that tokens are kept unencrypted (the insecure-storage notice), at start and on the first save.
 */
import { MemoryStore } from '../../../src/core/store';

import { fake as storage, safeStorage } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { createSafeStorageCipher } = await import('../../../src/main/settings/safe-storage-cipher');
const { SettingsService } = await import('../../../src/main/settings/settings-service');

describe('safeStorage cipher', () => {
  it('treats the basic_text backend (a fixed key) as unencrypted on Linux', () => {
    storage.storageBackend = 'basic_text';
    expect(createSafeStorageCipher(undefined, 'linux').isAvailable()).toBe(false);
    storage.storageBackend = 'gnome_libsecret';
    expect(createSafeStorageCipher(undefined, 'linux').isAvailable()).toBe(true);
    storage.storageBackend = 'kwallet6';
    expect(createSafeStorageCipher(undefined, 'linux').isAvailable()).toBe(true);
    // The backend question only exists on Linux.
    storage.storageBackend = 'basic_text';
    expect(createSafeStorageCipher(undefined, 'darwin').isAvailable()).toBe(true);
  });

  it('with basic_text, a saved token is shown as unencrypted and the notice appears (now and at the next start)', () => {
    storage.storageBackend = 'basic_text';
    const store = new MemoryStore();
    const settings = new SettingsService({ store, cipher: createSafeStorageCipher(undefined, 'linux') });
    settings.saveSource({ id: 'a', kind: 'herald', url: 'https://example.com', token: 'T0K' });
    expect(settings.secretsUnencrypted()).toBe(true);
    expect(settings.notices()).toEqual([expect.objectContaining({ code: 'insecure_storage' })]);
    const next = new SettingsService({ store, cipher: createSafeStorageCipher(undefined, 'linux') });
    expect(next.notices()).toEqual([expect.objectContaining({ code: 'insecure_storage' })]);
    expect(next.sourceConfigs()[0]?.token).toBe('T0K');
  });

  it('secrets sealed under basic_text by an older Herald still open, and the notice is shown at start', () => {
    storage.storageBackend = 'basic_text';
    const store = new MemoryStore();
    store.set('version', 1);
    store.set('sources', [{ id: 'a', kind: 'herald', url: 'https://example.com', token: { enc: 'os', data: safeStorage.encryptString('OLD').toString('base64') } }]);
    const settings = new SettingsService({ store, cipher: createSafeStorageCipher(undefined, 'linux') });
    expect(settings.notices()).toEqual([expect.objectContaining({ code: 'insecure_storage' })]);
    expect(settings.sourceConfigs()[0]?.token).toBe('OLD');
  });
});
