/**
 * Keys added in Settings open what is already in the inbox, without a restart: main hands a source's new keys to the
 * core's re-open (issue 22). Real SettingsService and connection core; Electron's safeStorage faked.
 */
import { generateHeraldKey } from '../../src/core/e2e/index';
import { createHeraldClient } from '../../src/core/client';
import { silentLogger } from '../../src/core/log';
import { MemoryStore } from '../../src/core/store';
import { createSafeStorageCipher } from '../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../src/main/settings/settings-service';
import { registerSettingsEffects } from '../../src/main/settings-effects';
import { resetElectron } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
beforeEach(() => resetElectron());

function wire() {
  const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => 'src1' });
  settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:9' });
  settings.saveSource({ id: 'ntfy1', kind: 'ntfy', url: 'http://127.0.0.1:9', channels: ['t'] });
  const client = createHeraldClient({ sources: settings.sourceConfigs(), store: new MemoryStore(), inboxStore: null, logger: silentLogger });
  const reopened: Array<[string, readonly string[]]> = [];
  const reopen = client.reopenSealed.bind(client);
  client.reopenSealed = async (sourceId, keys) => {
    reopened.push([sourceId, [...keys]]);
    return reopen(sourceId, keys);
  };
  const effects = registerSettingsEffects({
    settings,
    client,
    demo: { sourcesFor: async (configured) => configured, url: () => null, close: async () => {} },
    applyLoginItem: () => {},
  });
  return { settings, client, reopened, dispose: () => effects.dispose() };
}

describe('settings effects: new end-to-end keys', () => {
  it('re-opens the sealed items of the source whose keys changed, with all its keys, and of no other source', async () => {
    const { settings, reopened, dispose } = wire();
    const first = generateHeraldKey();
    settings.addSourceKey('src1', first);
    await vi.waitFor(() => expect(reopened).toEqual([['src1', [first]]]), { timeout: 5000 });
    settings.generateSourceKey('src1');
    await vi.waitFor(() => expect(reopened).toHaveLength(2), { timeout: 5000 });
    expect(reopened[1]![0]).toBe('src1');
    expect(reopened[1]![1]).toHaveLength(2);
    expect(reopened[1]![1][1]).toBe(first);

    settings.saveSource({ id: 'ntfy1', kind: 'ntfy', url: 'http://127.0.0.1:9', channels: ['t'], e2ePassword: 'topic-pw' });
    await vi.waitFor(() => expect(reopened).toHaveLength(3), { timeout: 5000 });
    expect(reopened[2]).toEqual(['ntfy1', ['topic-pw']]);

    // A change that leaves the keys as they were (a label), or removes them, re-opens nothing.
    settings.saveSource({ id: 'ntfy1', kind: 'ntfy', url: 'http://127.0.0.1:9', channels: ['t'], label: 'Alerts' });
    settings.removeSourceKey('src1', 0);
    settings.removeSourceKey('src1', 0);
    settings.saveSource({ id: 'ntfy1', kind: 'ntfy', url: 'http://127.0.0.1:9', channels: ['t'], e2ePassword: '' });
    settings.addSourceKey('src1', first);
    // The add after the removals is the next re-open: nothing in between slipped in.
    await vi.waitFor(() => expect(reopened).toHaveLength(4), { timeout: 5000 });
    expect(reopened[3]).toEqual(['src1', [first]]);
    dispose();
  });
});
