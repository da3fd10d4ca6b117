/**
 * End-to-end keys are secrets like tokens (issue 22): sealed through safeStorage, bound to the source's address,
 * never in the window's view (only how many), never in a log line. Real SettingsService, real key strings from the
 * core, Electron's safeStorage faked.
 */
import { createLogger, formatEntry } from '../../../src/core/base/log';
import { generateHeraldKey, generatePassphraseKey, parseKeyString } from '../../../src/core/e2e/index';
import { MemoryStore } from '../../../src/core/store';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { calls, fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
beforeEach(() => resetElectron());

const HERALD_URL = 'https://push.example:8443';

function make(store = new MemoryStore()) {
  const lines: string[] = [];
  const logger = createLogger('test', 'debug', (level, scope, msg, fields) => void lines.push(formatEntry(level, scope, msg, fields)));
  const settings = new SettingsService({ store, cipher: createSafeStorageCipher(logger), logger, newId: () => 'src1' });
  return { settings, store, lines };
}

/** Everything the window ever gets about settings, as text. */
const windowView = (s: SettingsService): string => JSON.stringify(s.get());
const fileText = (store: MemoryStore): string => JSON.stringify([...store.data]);

describe('end-to-end keys kept like tokens', () => {
  it('a generated key is sealed by safeStorage, opened only for the core, and the window learns only how many', () => {
    const { settings, store } = make();
    settings.saveSource({ kind: 'herald', url: HERALD_URL });
    const view = settings.generateSourceKey('src1');
    expect(view.sources[0]?.e2eKeyCount).toBe(1);
    const keys = settings.sourceConfigs()[0]?.e2eKeys ?? [];
    expect(keys).toHaveLength(1);
    expect(parseKeyString(keys[0]!)).not.toHaveProperty('error');
    expect(windowView(settings)).not.toContain(keys[0]);
    expect(windowView(settings)).not.toContain('hk1.');
    expect(fileText(store)).not.toContain(keys[0]);
    expect(fileText(store)).toContain('"enc":"os"');
    expect(calls('safeStorage.encryptString').length).toBeGreaterThan(0);
  });

  it('a pasted key goes first (it publishes); a bad, repeated or eleventh key is refused without echoing it', () => {
    const { settings } = make();
    settings.saveSource({ kind: 'nchan', url: HERALD_URL, channels: ['c'] });
    const old = generateHeraldKey();
    const next = generateHeraldKey();
    settings.addSourceKey('src1', old);
    settings.addSourceKey('src1', `  ${next}\n`);
    expect(settings.sourceConfigs()[0]?.e2eKeys).toEqual([next, old]);

    const cut = next.slice(0, -1);
    const mistyped = `${next.slice(0, 4)}${next[4] === 'A' ? 'B' : 'A'}${next.slice(5)}`;
    for (const bad of [cut, mistyped, next, 'x'.repeat(5000), 42, null]) {
      let message = '';
      expect(() => settings.addSourceKey('src1', bad), String(bad).slice(0, 20)).toThrow();
      try {
        settings.addSourceKey('src1', bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).not.toContain('hk1.');
    }
    for (let i = 0; i < 8; i++) settings.addSourceKey('src1', generateHeraldKey());
    expect(settings.get().sources[0]?.e2eKeyCount).toBe(10);
    expect(() => settings.addSourceKey('src1', generateHeraldKey())).toThrow(/at most 10/);
  });

  it('a passphrase key line (herald keygen --passphrase, then the passphrase) is a key like the others', () => {
    const { settings, store } = make();
    settings.saveSource({ kind: 'herald', url: HERALD_URL });
    const line = `${generatePassphraseKey('correct horse battery')} correct horse battery`;
    settings.addSourceKey('src1', line);
    expect(settings.sourceConfigs()[0]?.e2eKeys).toEqual([line]);
    expect(windowView(settings) + fileText(store)).not.toContain('correct horse');
    expect(() => settings.addSourceKey('src1', `${generatePassphraseKey('one')} another`)).toThrow(/not an encryption key/);
  });

  it('removes a key by its place; a wrong place or source is refused and nothing changes', () => {
    const { settings } = make();
    settings.saveSource({ kind: 'herald', url: HERALD_URL });
    const a = generateHeraldKey();
    const b = generateHeraldKey();
    settings.addSourceKey('src1', a);
    settings.addSourceKey('src1', b);
    for (const index of [-1, 2, 0.5, '0', null]) expect(() => settings.removeSourceKey('src1', index)).toThrow(/key number/);
    expect(() => settings.removeSourceKey('nope', 0)).toThrow(/no such source/);
    settings.removeSourceKey('src1', 0);
    expect(settings.sourceConfigs()[0]?.e2eKeys).toEqual([a]);
    settings.removeSourceKey('src1', 0);
    expect(settings.sourceConfigs()[0]?.e2eKeys).toBeUndefined();
    expect(settings.get().sources[0]?.e2eKeyCount).toBeUndefined();
  });

  it('ntfy: the encryption password is a write-only field (kept when left out, removed by an empty one)', () => {
    const { settings, store } = make();
    const ntfy = { kind: 'ntfy', url: 'https://ntfy.example', channels: ['alerts'] };
    settings.saveSource({ ...ntfy, e2ePassword: 'topic-Pa55' });
    expect(settings.get().sources[0]?.e2eKeyCount).toBe(1);
    expect(windowView(settings) + fileText(store)).not.toContain('topic-Pa55');
    settings.saveSource({ ...ntfy, id: 'src1', label: 'Renamed' });
    expect(settings.sourceConfigs()[0]?.e2eKeys).toEqual(['topic-Pa55']);
    settings.saveSource({ ...ntfy, id: 'src1', e2ePassword: '' });
    expect(settings.sourceConfigs()[0]?.e2eKeys).toBeUndefined();
    expect(() => settings.saveSource({ kind: 'herald', url: HERALD_URL, e2ePassword: 'x' })).toThrow(/ntfy/);
    expect(() => settings.addSourceKey('src1', generateHeraldKey())).toThrow(/password, not keys/);
  });

  it('a key stays with its address: moving the source refuses it, a hand-edited binding is not used', () => {
    const { settings, store } = make();
    settings.saveSource({ kind: 'herald', url: HERALD_URL });
    settings.generateSourceKey('src1');
    expect(() => settings.saveSource({ id: 'src1', kind: 'herald', url: 'https://elsewhere.example' })).toThrow(/belongs to another address/);
    const sources = store.get<Array<{ e2eKeys: Array<{ for: string }> }>>('sources')!;
    sources[0]!.e2eKeys[0]!.for = 'herald|https://elsewhere.example:443';
    store.set('sources', sources);
    const reopened = make(store).settings;
    expect(reopened.sourceConfigs()[0]?.e2eKeys).toBeUndefined();
    expect(() => reopened.sourceKey('src1', 0)).toThrow(/cannot be used here/);
  });

  it('without OS encryption keys are kept plainly with the notice, and sealed once encryption is there', () => {
    fake.encryption = false;
    const store = new MemoryStore();
    const first = make(store).settings;
    first.saveSource({ kind: 'herald', url: HERALD_URL });
    first.generateSourceKey('src1');
    expect(first.notices().map((n) => n.code)).toContain('insecure_storage');
    const key = first.sourceConfigs()[0]!.e2eKeys![0]!;
    expect(fileText(store)).toContain(key);
    fake.encryption = true;
    const later = make(store).settings;
    expect(fileText(store)).not.toContain(key);
    expect(later.sourceConfigs()[0]?.e2eKeys).toEqual([key]);
  });

  it('no key reaches a log line, through every key operation and a key this machine cannot open', () => {
    const { settings, store, lines } = make();
    settings.saveSource({ kind: 'herald', url: HERALD_URL });
    const pasted = generateHeraldKey();
    settings.addSourceKey('src1', pasted);
    settings.generateSourceKey('src1');
    const keys = settings.sourceConfigs()[0]!.e2eKeys!;
    settings.sourceKey('src1', 1);
    settings.saveSource({ id: 'src2', kind: 'ntfy', url: 'https://ntfy.example', channels: ['t'], e2ePassword: 'ntfy-Pa55-word' });
    const sources = store.get<Array<{ e2eKeys?: Array<{ data: string }> }>>('sources')!;
    sources[0]!.e2eKeys![0]!.data = Buffer.from('broken').toString('base64');
    store.set('sources', sources);
    make(store).lines.forEach((l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/cannot be decrypted/);
    for (const secret of [...keys, 'ntfy-Pa55-word']) expect(lines.join('\n')).not.toContain(secret);
  });
});
