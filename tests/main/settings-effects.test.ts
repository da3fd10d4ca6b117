/**
 * A key added in Settings opens what is already in the inbox, without a restart (issue 22): main's settings effects
 * hand the source's new keys to the connection core. Real reference server on 127.0.0.1, real SettingsService and
 * core; Electron's safeStorage faked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldClient } from '../../src/core/client';
import type { HeraldClient } from '../../src/core/herald-client';
import { generateHeraldKey, parseKeyString } from '../../src/core/e2e/index';
import { sealJwe } from '../../src/core/e2e/jwe';
import { silentLogger } from '../../src/core/base/log';
import { MemoryStore } from '../../src/core/store';
import { createSafeStorageCipher } from '../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../src/main/settings/settings-service';
import { registerSettingsEffects } from '../../src/main/settings/settings-effects';
import { startServer, type RunningServer } from '../../src/server/index';
import { waitFor } from '../helpers/wait';
import { resetElectron } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));

let server: RunningServer;
let client: HeraldClient | undefined;
let dataDir: string;
beforeEach(async () => {
  resetElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'herald-effects-'));
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true, dataDir });
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function publishSealed(data: object, keyString: string): Promise<void> {
  const key = parseKeyString(keyString);
  if ('error' in key) throw new Error(key.error);
  server.publish({ jwe: await sealJwe(JSON.stringify(data), key) });
}

describe('settings effects: end-to-end keys', () => {
  it('a key pasted in Settings opens the sealed item already in the inbox (a wrong key first: undecryptable)', async () => {
    const key = generateHeraldKey();
    await publishSealed({ title: 'Deploy finished', body: 'all green', priority: 4 }, key);
    const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => 'main' });
    settings.saveSource({ kind: 'herald', url: server.url });
    client = createHeraldClient({ sources: settings.sourceConfigs(), store: new MemoryStore(), inboxStore: null, logger: silentLogger, tuning: { supervisor: { baseDelayMs: 20, maxDelayMs: 200 } } });
    const effects = registerSettingsEffects({
      settings,
      client,
      demo: { sourcesFor: async (configured) => configured, url: () => null, close: async () => {} },
      applyLoginItem: () => {},
    });
    client.start();
    const c = client;
    await waitFor(() => c.items().length === 1, { message: 'the sealed item' });
    expect(c.items()[0]).toMatchObject({ sealed: 'no_key', title: '', body: '' });

    settings.generateSourceKey('main');
    await waitFor(() => c.items()[0]?.sealed === 'undecryptable', { message: 'a wrong key: undecryptable' });
    settings.addSourceKey('main', key);
    await waitFor(() => c.items()[0]?.sealed === undefined, { message: 'the item opened' });
    expect(c.items()).toHaveLength(1);
    expect(c.items()[0]).toMatchObject({ title: 'Deploy finished', body: 'all green', priority: 4 });
    effects.dispose();
  });
});
