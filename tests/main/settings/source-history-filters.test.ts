/**
 * A source's "load history" (`since`) and ntfy filters as the settings keep them: one rulebook (the CLI's) accepts or
 * refuses what the source editor sends and what is read back from disk, and the client gets them in its config.
 */
import fc from 'fast-check';
import { MemoryStore } from '../../../src/core/store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
beforeEach(() => resetElectron());
const make = (store = new MemoryStore()) => new SettingsService({ store, cipher: createSafeStorageCipher(), newId: () => 'n1' });
const NTFY = { kind: 'ntfy', url: 'https://ntfy.example', channels: ['alerts'] } as const;

describe('a source\'s history and filters in the settings', () => {
  it('keeps an ntfy source\'s "load history" and filters, shows them to the editor and hands them to the client', () => {
    const s = make();
    const view = s.saveSource({ ...NTFY, since: '24h', ntfyFilters: { priority: '4,5', tags: 'backup' } });
    expect(view.sources[0]).toMatchObject({ since: '1d', ntfyFilters: { priority: '4,5', tags: 'backup' } });
    expect(s.sourceConfigs()[0]).toMatchObject({ since: { kind: 'ago', seconds: 86_400 }, ntfyFilters: { priority: '4,5', tags: 'backup' } });
    s.saveSource({ ...NTFY, id: 'n1', since: 'all' });
    expect(s.sourceConfigs()[0]).toMatchObject({ since: { kind: 'all' } });
    expect(s.sourceConfigs()[0]?.ntfyFilters).toBeUndefined();
  });

  it('refuses what the client could not use, and changes nothing', () => {
    const s = make();
    for (const bad of [
      { ...NTFY, since: 'yesterday' },
      { ...NTFY, since: 'hH3kt9PDMz7V' },
      { ...NTFY, ntfyFilters: { colour: 'red' } },
      { ...NTFY, ntfyFilters: { priority: '9' } },
      { ...NTFY, ntfyFilters: 'priority=5' },
      { kind: 'herald', url: 'http://127.0.0.1:1', since: '1h' },
      { kind: 'nchan', url: 'http://127.0.0.1:1/sub/{transport}/{channel}', channels: ['c'], since: 'all' },
      { kind: 'herald', url: 'http://127.0.0.1:1', ntfyFilters: { priority: '5' } },
    ]) {
      expect(() => s.saveSource(bad as never), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    expect(s.get().sources).toEqual([]);
  });

  it('reads back from disk only what the editor could have saved (a hand edit never reaches the client)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('all', '2h', '7d', '0h')), fc.dictionary(fc.constantFrom('priority', 'tags', 'title', 'colour'), fc.string({ maxLength: 6 })), (since, filters) => {
        const store = new MemoryStore();
        store.set('version', 2);
        store.set('sources', [{ id: 'n1', ...NTFY, since, ntfyFilters: filters }]);
        const configs = make(store).sourceConfigs();
        // Either the source is left out (and set aside), or what the client gets is what the editor would accept.
        for (const c of configs) expect(() => make().saveSource({ ...NTFY, ...(c.since ? { since } : {}), ...(c.ntfyFilters ? { ntfyFilters: filters } : {}) })).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
