/**
 * A Herald source's other addresses (`fallbackUrls`) in settings: kept and handed to the core as saved, held to the
 * server address's rules, Herald only, and part of what a saved token is bound to — a token is sent to every address
 * of its source, so a new address needs it typed again (as a new `url` does).
 */
import { MemoryStore } from '../../../src/core/store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
beforeEach(() => resetElectron());
let ids = 0;
const make = (store = new MemoryStore()) => new SettingsService({ store, cipher: createSafeStorageCipher(), newId: () => `s${++ids}` });

describe('a source with other addresses', () => {
  it('is saved, shown and given to the connection core with its addresses in order', () => {
    const s = make();
    const view = s.saveSource({ kind: 'herald', url: 'http://a.example:8787/', fallbackUrls: ['http://b.example:8787/', 'https://c.example'], token: 'T0K' });
    expect(view.sources[0]).toMatchObject({ url: 'http://a.example:8787', fallbackUrls: ['http://b.example:8787', 'https://c.example'] });
    expect(s.sourceConfigs()[0]).toMatchObject({ url: 'http://a.example:8787', fallbackUrls: ['http://b.example:8787', 'https://c.example'], token: 'T0K' });
  });

  it.each([
    [{ kind: 'nchan', url: 'http://a.example', channels: ['c'], fallbackUrls: ['http://b.example'] }, /for Herald sources/],
    [{ kind: 'ntfy', url: 'http://a.example', channels: ['c'], fallbackUrls: ['http://b.example'] }, /for Herald sources/],
    [{ kind: 'herald', url: 'http://a.example', fallbackUrls: ['file:///etc/passwd'] }, /http:\/\/ or https:\/\//],
    [{ kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://u:p@b.example'] }, /user name and password/],
    [{ kind: 'herald', url: 'http://a.example', fallbackUrls: 'http://b.example' }, /a list/],
    [{ kind: 'herald', url: 'http://a.example', fallbackUrls: Array.from({ length: 11 }, (_, i) => `http://n${i}.example`) }, /at most 10/],
  ])('refuses %j', (input, message) => {
    expect(() => make().saveSource(input)).toThrow(expect.objectContaining({ code: 'invalid_input', message: expect.stringMatching(message) }));
  });

  it('keeps a saved token only for the addresses it was typed for', () => {
    const s = make();
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://a.example', token: 'T0K' });
    expect(() => s.saveSource({ id: 'a', kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://evil.example'] })).toThrow(
      expect.objectContaining({ code: 'credentials_address_changed' }),
    );
    expect(s.sourceConfigs()[0]).toEqual({ id: 'a', kind: 'herald', url: 'http://a.example', token: 'T0K' });
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://b.example'], token: 'T0K' });
    // Another address on the same origin as one already there is no new place for the token to go.
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://b.example/herald'] });
    expect(s.sourceConfigs()[0]).toMatchObject({ fallbackUrls: ['http://b.example/herald'], token: 'T0K' });
  });

  it('never sends a token to an address added to settings.json by hand', () => {
    const store = new MemoryStore();
    make(store).saveSource({ id: 'a', kind: 'herald', url: 'http://a.example', token: 'T0K' });
    const [saved] = store.get<Array<Record<string, unknown>>>('sources')!;
    store.set('sources', [{ ...saved, fallbackUrls: ['http://evil.example'] }]);
    expect(make(store).sourceConfigs()[0]).toEqual({ id: 'a', kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://evil.example'] });
  });

  it('sets aside a saved source whose other addresses break the rules, and uses the rest', () => {
    const store = new MemoryStore();
    store.set('version', 2);
    store.set('sources', [
      { id: 'bad', kind: 'herald', url: 'http://a.example', fallbackUrls: ['javascript:alert(1)'] },
      { id: 'good', kind: 'herald', url: 'http://a.example', fallbackUrls: ['http://b.example'] },
    ]);
    const s = make(store);
    expect(s.get().sources.map((x) => [x.id, x.fallbackUrls])).toEqual([['good', ['http://b.example']]]);
    expect(store.get<{ sources: unknown[] }>('setAside')?.sources).toHaveLength(1);
  });
});
