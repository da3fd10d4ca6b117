import { MemoryStore } from '../../../src/core/store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
beforeEach(() => resetElectron());
const cipher = () => createSafeStorageCipher();
let ids = 0;
const make = (store = new MemoryStore(), c = cipher()) => new SettingsService({ store, cipher: c, newId: () => `s${++ids}` });

describe('SettingsService', () => {
  beforeEach(() => {
    ids = 0;
  });

  it('starts from the defaults and writes the current layout version', () => {
    const store = new MemoryStore();
    expect(make(store).get()).toEqual(DEFAULT_SETTINGS);
    expect(store.get('version')).toBe(2);
  });

  it('migrates v0 (one serverUrl + plain token) to sources[], sealing the token and removing the old keys', () => {
    const store = new MemoryStore();
    store.set('serverUrl', 'http://127.0.0.1:8787');
    store.set('token', 'tok-v0');
    store.set('sound', false);
    const s = make(store);
    expect(s.get().sources).toEqual([{ id: 'default', kind: 'herald', url: 'http://127.0.0.1:8787', hasToken: true, hasPassword: false }]);
    expect(s.get().sound).toBe(false);
    expect(s.sourceConfigs()).toEqual([{ id: 'default', kind: 'herald', url: 'http://127.0.0.1:8787', token: 'tok-v0' }]);
    expect(store.get('serverUrl')).toBeUndefined();
    expect(store.get('token')).toBeUndefined();
    expect(JSON.stringify([...store.data])).not.toContain('tok-v0');
    // Opening again changes nothing (the migration ran once).
    const again = make(store);
    expect(again.get().sources).toHaveLength(1);
  });

  it('never hands secrets to the renderer view, only whether they are set', () => {
    const s = make();
    const view = s.saveSource({ kind: 'ntfy', url: 'https://ntfy.example/', channels: ['alerts'], username: 'me', token: 'T0K', password: 'P4SS' });
    expect(JSON.stringify(view)).not.toMatch(/T0K|P4SS/);
    expect(view.sources[0]).toEqual({ id: 's1', kind: 'ntfy', url: 'https://ntfy.example', channels: ['alerts'], username: 'me', hasToken: true, hasPassword: true });
    expect(s.sourceConfigs()[0]).toMatchObject({ token: 'T0K', password: 'P4SS' });
  });

  it('keeps a secret when the form leaves it out (same address), removes it on an empty string', () => {
    const s = make();
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1', token: 'keep-me' });
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1/base/', label: 'Renamed' });
    expect(s.sourceConfigs()).toEqual([{ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1/base', label: 'Renamed', token: 'keep-me' }]);
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1', token: '' });
    expect(s.get().sources[0]?.hasToken).toBe(false);
    expect(s.sourceConfigs()[0]?.token).toBeUndefined();
  });

  it('never lets a saved secret follow a change of kind, scheme, host or port (a typo or a hostile page)', () => {
    const s = make();
    s.saveSource({ id: 'a', kind: 'ntfy', url: 'https://ntfy.example', channels: ['t'], username: 'me', token: 'T0K', password: 'P4SS' });
    const moves = [
      { kind: 'ntfy', url: 'https://ntfy.exampel', channels: ['t'] },
      { kind: 'ntfy', url: 'https://evil.example', channels: ['t'] },
      { kind: 'ntfy', url: 'http://ntfy.example', channels: ['t'] },
      { kind: 'ntfy', url: 'https://ntfy.example:8443', channels: ['t'] },
      { kind: 'nchan', url: 'https://ntfy.example', channels: ['t'] },
    ];
    for (const move of moves) {
      for (const attempt of [() => s.saveSource({ id: 'a', ...move }), () => s.resolveSource({ id: 'a', ...move })]) {
        expect(attempt).toThrow(expect.objectContaining({ code: 'credentials_address_changed' }));
      }
    }
    // Nothing changed on disk, and the secret is still where it was.
    expect(s.sourceConfigs()[0]).toMatchObject({ url: 'https://ntfy.example', token: 'T0K', password: 'P4SS' });
    // The default port is the same address.
    expect(s.resolveSource({ id: 'a', kind: 'ntfy', url: 'https://ntfy.example:443/', channels: ['t'] })).toMatchObject({ token: 'T0K' });
    // With the secrets typed again (or removed) the move is fine.
    s.saveSource({ id: 'a', kind: 'ntfy', url: 'https://other.example', channels: ['t'], token: 'NEW', password: '' });
    expect(s.sourceConfigs()[0]).toMatchObject({ url: 'https://other.example', token: 'NEW' });
    expect(s.sourceConfigs()[0]?.password).toBeUndefined();
  });

  it('does not open a secret whose binding does not match its source (a hand-edited file)', () => {
    const store = new MemoryStore();
    const s = make(store);
    s.saveSource({ id: 'a', kind: 'herald', url: 'https://good.example', token: 'T0K' });
    const sources = store.get<Array<Record<string, unknown>>>('sources')!;
    store.set('sources', [{ ...sources[0], url: 'https://evil.example' }]);
    expect(make(store).sourceConfigs()[0]).toEqual({ id: 'a', kind: 'herald', url: 'https://evil.example' });
  });

  it('refuses huge or odd input without echoing it back', () => {
    const s = make();
    const huge = `http://127.0.0.1/${'a'.repeat(5 * 1024 * 1024)}`;
    const messageOf = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a refusal');
    };
    for (const url of [huge, `http://${'x'.repeat(3000)}`, 'not a url SECRET-ECHO', 'http://127.0.0.1:8787/?x=1', 'http://127.0.0.1:8787/#frag', 'http://127.0.0.1:8787/?']) {
      const message = messageOf(() => s.saveSource({ kind: 'herald', url }));
      expect(message.length).toBeLessThan(200);
      expect(message).not.toContain('SECRET-ECHO');
      expect(message).not.toContain('x=1');
    }
    for (const token of ['abc\r\nX-Evil: 1', 'abc\u0000', 'with space', 'ünïcode']) {
      expect(() => s.saveSource({ kind: 'herald', url: 'http://127.0.0.1:1', token })).toThrow(/visible ASCII/);
    }
    expect(() => s.saveSource({ kind: 'ntfy', url: 'http://127.0.0.1:1', channels: ['t'], password: 'a\nb' })).toThrow(/control characters/);
    expect(s.get().sources).toEqual([]);
  });

  it('stores secrets plainly only when the OS has no encryption, and says so', () => {
    const store = new MemoryStore();
    const c = cipher();
    fake.encryption = false;
    const s = make(store, c);
    const notices: unknown[] = [];
    s.onDidAddNotice((n) => notices.push(n));
    s.saveSource({ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1', token: 'plain-tok' });
    expect(store.get('sources')).toEqual([{ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1', token: { enc: 'plain', data: 'plain-tok', for: 'herald|http://127.0.0.1:1' } }]);
    expect(s.secretsUnencrypted()).toBe(true);
    expect(s.notices()).toHaveLength(1);
    expect(notices).toEqual(s.notices());
    expect(s.notices()[0]).toMatchObject({ code: 'insecure_storage', message: expect.stringMatching(/without encryption/) });
    // Encryption appears later (keyring unlocked): the next start seals what was plain.
    fake.encryption = true;
    make(store, c);
    expect(JSON.stringify(store.get('sources'))).not.toContain('plain-tok');
    expect(make(store, c).sourceConfigs()[0]?.token).toBe('plain-tok');
  });

  it('reports a secret that cannot be decrypted here instead of failing', () => {
    const store = new MemoryStore();
    store.set('version', 1);
    store.set('sources', [{ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1', token: { enc: 'os', data: 'from-another-machine' } }]);
    const s = make(store);
    expect(s.sourceConfigs()).toEqual([{ id: 'a', kind: 'herald', url: 'http://127.0.0.1:1' }]);
    expect(s.notices()).toMatchObject([{ code: 'auth' }]);
  });

  it('refuses bad input with clear messages and changes nothing', () => {
    const s = make();
    const bad: Array<[() => unknown, RegExp]> = [
      [() => s.saveSource({ kind: 'herald', url: 'file:///etc' }), /http:\/\/ or https:\/\//],
      [() => s.saveSource({ kind: 'herald', url: 'http://u:p@h/' }), /own fields/],
      [() => s.saveSource({ kind: 'ntfy', url: 'http://h/' }), /at least one channel/],
      [() => s.saveSource({ kind: 'gopher', url: 'http://h/' }), /kind/],
      [() => s.update({ sources: [] }), /save-source/],
      [() => s.update({ quietHours: { start: '25:00' } }), /HH:MM/],
      [() => s.update({ volume: 11 }), /unknown setting "volume"/],
      [() => s.removeSource('nope'), /no source "nope"/],
    ];
    for (const [fn, msg] of bad) expect(fn).toThrow(msg);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('tells listeners about changes, and the client about source changes only', () => {
    const s = make();
    const changes: unknown[] = [];
    const sources: unknown[] = [];
    s.onDidChange((v) => changes.push(v.language));
    s.onDidChangeSources((v) => sources.push(v.length));
    s.update({ language: 'zh-CN' });
    s.saveSource({ kind: 'herald', url: 'http://127.0.0.1:1' });
    s.removeSource('s1');
    expect(changes).toEqual(['zh-CN', 'zh-CN', 'zh-CN']);
    expect(sources).toEqual([1, 0]);
  });
});

describe('images per source', () => {
  it('are off by default, saved as a list of source ids, and a hostile list is refused whole', () => {
    const store = new MemoryStore();
    const s = make(store);
    expect(s.get().imageSources).toEqual([]);
    expect(s.update({ imageSources: ['team', 'team', 'alerts'] }).imageSources).toEqual(['team', 'alerts']);
    expect(make(store).get().imageSources).toEqual(['team', 'alerts']);
    for (const bad of ['team', [1], ['../x'], Array.from({ length: 101 }, (_, i) => `s${i}`)]) {
      expect(() => s.update({ imageSources: bad })).toThrow(/imageSources/);
    }
    expect(s.get().imageSources).toEqual(['team', 'alerts']);
    // A hand-edited file with rubbish in it reads as "no images".
    store.set('imageSources', 'everything');
    expect(make(store).get().imageSources).toEqual([]);
  });
});
