/**
 * Fuzzed settings files opened twice through the real open path (a real file, electron-store, the settings service):
 * whatever the first start repaired, the file it leaves is one the next start reads as it is — nothing more is set
 * aside, nothing grows, no new notice — so a user is told about a bad field once, and the file never creeps.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

const { openStore } = await import('../../../src/main/settings/electron-stores');
const { createSafeStorageCipher } = await import('../../../src/main/settings/safe-storage-cipher');
const { SettingsService } = await import('../../../src/main/settings/settings-service');

const sealed = (text: string) => Buffer.from(`FAKE-SEALED:${Buffer.from(text).toString('hex')}`).toString('base64');
const junk = fc.jsonValue({ maxDepth: 3 });
const someUrl = fc.constantFrom('http://127.0.0.1:2000', ' http://127.0.0.1:2001 ', 'ftp://x', 'not a url', '', 'http://u:p@127.0.0.1/', 'https://h.example/' + 'x'.repeat(3000));
const source = fc.oneof(
  fc.record({ id: fc.constantFrom('s0', 's1', 'default', 'default-2'), kind: fc.constantFrom('herald', 'ntfy', 'nchan'), url: someUrl, token: fc.constant({ enc: 'os', data: sealed('t') }) }, { requiredKeys: ['id', 'kind', 'url'] }),
  junk,
);
const FIELD_KEYS = ['transport', 'sound', 'startAtLogin', 'startHidden', 'language', 'quietHours', 'profile', 'globalShortcut', 'imageSources', 'snooze', 'sourceNotifications'];
const file = fc.record(
  {
    // Versions a hand edit or another build could leave: newer (3, 2.5), odd (1.5, -1) or not a number at all.
    version: fc.oneof(fc.constantFrom(0, 1, 2, 3, 2.5, 3.5, 1.5, -1), junk),
    serverUrl: fc.oneof(someUrl, junk),
    token: fc.oneof(fc.string({ maxLength: 8 }), junk),
    sources: fc.oneof(fc.array(source, { maxLength: 6 }), junk),
    setAside: junk,
    fields: fc.dictionary(fc.constantFrom(...FIELD_KEYS), junk),
  },
  { requiredKeys: [] },
);

function open(): { notices: string[] } {
  const opened = openStore({ name: 'settings' });
  const settings = new SettingsService({ store: opened.store, cipher: createSafeStorageCipher() });
  settings.get();
  settings.sourceConfigs();
  return { notices: settings.notices().map((n) => n.code) };
}

describe('opening a settings file twice', () => {
  beforeEach(() => {
    resetElectron();
    fake.encryption = true;
  });

  it('the second start finds nothing to repair and leaves the file as the first start wrote it', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(file, (f) => {
        fake.userData = mkdtempSync(join(tmpdir(), 'herald-settings-reopen-'));
        try {
          const { fields, ...rest } = f;
          const path = join(fake.userData, 'settings.json');
          writeFileSync(path, JSON.stringify({ ...rest, ...fields }));
          const written = readFileSync(path, 'utf8');
          open();
          const first = readFileSync(path, 'utf8');
          const second = open();
          expect(readFileSync(path, 'utf8')).toBe(first);
          // A newer Herald's file is only read (its refusals are told at each start, and it is never rewritten).
          if (typeof f.version === 'number' && f.version > 2) expect(first).toBe(written);
          else expect(second.notices.filter((c) => c === 'setting_reset' || c === 'source_set_aside')).toEqual([]);
        } finally {
          rmSync(fake.userData, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a file whose version is newer but not a whole number is only read, like any newer file: never migrated, never rewritten', () => {
    fake.userData = mkdtempSync(join(tmpdir(), 'herald-settings-reopen-'));
    try {
      const path = join(fake.userData, 'settings.json');
      // The migrations read 2.5 as "no version" and rewrote the file as v2 (and threw on `sources` not a list),
      // while the repair read it as newer and left refused values in place for the next start to set aside.
      for (const data of [{ version: 3.5, serverUrl: 'http://127.0.0.1:2000', sources: {} }, { version: 2.5, sound: 'loud', sources: [] }]) {
        writeFileSync(path, JSON.stringify(data));
        const written = readFileSync(path, 'utf8');
        open();
        open();
        expect(readFileSync(path, 'utf8')).toBe(written);
      }
    } finally {
      rmSync(fake.userData, { recursive: true, force: true });
    }
  });

  it('a v0 server address the rules refuse is set aside, with its token, at the first start and told then', () => {
    // The v0→v1 migration turned `serverUrl` into a source without the rules; the file was judged only at the next
    // start, which then set aside a source the first had silently kept in the list.
    fake.userData = mkdtempSync(join(tmpdir(), 'herald-settings-reopen-'));
    try {
      const path = join(fake.userData, 'settings.json');
      writeFileSync(path, JSON.stringify({ serverUrl: 'ftp://old.example/', token: 'secret' }));
      expect(open().notices).toContain('source_set_aside');
      const after = JSON.parse(readFileSync(path, 'utf8')) as { sources: unknown[]; setAside: { sources: Array<{ url: string; token: { enc: string; data: string } }> } };
      expect(after.sources).toEqual([]);
      expect(after.setAside.sources).toEqual([{ id: 'default', kind: 'herald', url: 'ftp://old.example/', token: { enc: 'os', data: sealed('secret') } }]);
      expect(open().notices).not.toContain('source_set_aside');
    } finally {
      rmSync(fake.userData, { recursive: true, force: true });
    }
  });
});
