/**
 * Settings → Move to another machine, over the real IPC path (electron fake for the dialogs and ipcMain): the export
 * is a real file, read back by a second "machine" (its own SettingsService) in one step; secrets never travel; a bad
 * file is refused whole, naming the part it refused, with nothing changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldClient } from '../../../src/core/client';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { APP_ENTRY_URL } from '../../../src/main/app-origin';
import { createInvokeHandlers } from '../../../src/main/ipc/handlers';
import { createPausedState } from '../../../src/main/paused-state';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { IpcResult } from '../../../src/shared/ipc-contract';
import type { Settings } from '../../../src/shared/settings';
import type { ImportPreview } from '../../../src/shared/settings-transfer';
import { calls, fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerIpcHandlers } = await import('../../../src/main/ipc/ipc-main');
const { createElectronSettingsTransfer } = await import('../../../src/main/settings/electron-settings-transfer');

const TOKEN = 'tok-SUPERSECRET-0123456789';
const PASSWORD = 'pw-Hunter2-Correct-Horse';

const disposables: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
  resetElectron();
});

/** One machine: its own settings, served over the (one, fake) ipcMain until the next machine takes over. */
function machine(name: string) {
  for (const d of disposables.splice(0)) d.dispose();
  let id = 0;
  const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => `${name}${++id}` });
  const client = createHeraldClient({ sources: [], store: new MemoryStore(), inboxStore: null, logger: silentLogger });
  const handlers = createInvokeHandlers({
    client,
    settings,
    paused: createPausedState(silentLogger),
    openExternal: async () => undefined,
    notices: () => [],
    systemLanguage: () => 'en-US',
    settingsTransfer: createElectronSettingsTransfer({ settings, window: () => null, language: () => (settings.get().language === 'zh-CN' ? 'zh-CN' : 'en') }),
  });
  disposables.push(registerIpcHandlers(handlers, { page: {} }));
  const invoke = async <T>(channel: string, frame?: string): Promise<IpcResult<T>> => (await fake.invoke(channel, [], frame)) as IpcResult<T>;
  const value = async <T>(channel: string): Promise<T> => {
    const r = await invoke<T>(channel);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { settings, invoke, value };
}

function setUp(): { folder: string } {
  resetElectron();
  fake.userData = mkdtempSync(join(tmpdir(), 'herald-transfer-'));
  fake.loadedUrl = APP_ENTRY_URL;
  return { folder: fake.userData };
}

/** Machine A as someone uses it: two sources with secrets, changed settings, a snooze. */
function configured(a: ReturnType<typeof machine>): void {
  a.settings.saveSource({ kind: 'herald', url: 'http://127.0.0.1:9001', fallbackUrls: ['http://127.0.0.1:9011'], label: 'Work', token: TOKEN });
  // End-to-end keys are secrets too: the file says a source had them, never what they were.
  a.settings.generateSourceKey('a1');
  a.settings.saveSource({ kind: 'ntfy', url: 'http://127.0.0.1:9002', label: 'Ops', channels: ['ci', 'deploys'], username: 'alice', password: PASSWORD, since: '24h', ntfyFilters: { priority: '4,5' } });
  a.settings.update({
    language: 'zh-CN',
    sound: false,
    transport: 'longpoll',
    quietHours: { enabled: true, start: '22:00', end: '07:30', allowUrgent: false },
    imageSources: ['a2'],
    sourceNotifications: { a2: { quietHours: { enabled: true, start: '12:00', end: '13:00', allowUrgent: true } } },
    snooze: { all: { until: null }, sources: {} },
  });
}

/** Settings as a second machine should have them: all but secrets (entered again) and snoozes (this machine's). */
function carried(s: Settings): unknown {
  return { ...s, snooze: undefined, sources: s.sources.map((src) => ({ ...src, hasToken: undefined, hasPassword: undefined, e2eKeyCount: undefined })) };
}

describe('settings export and import over IPC', () => {
  it('a second machine is set up in one step from the exported file: everything but secrets and snoozes, and the file holds no secret', async () => {
    const { folder } = setUp();
    const a = machine('a');
    configured(a);
    fake.savePath = join(folder, 'herald-settings.json');
    expect(await a.value('herald:export-settings')).toEqual({ saved: true });
    const text = readFileSync(fake.savePath, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(a.settings.sourceKey('a1', 0));
    expect(calls('dialog.showSaveDialog')[0]?.defaultPath).toMatch(/herald-settings-\d{8}-\d{4}\.json$/);
    // The dialog names the file type in the app's language (machine A reads Chinese).
    expect(calls('dialog.showSaveDialog')[0]?.filters).toEqual([{ name: 'Herald 设置', extensions: ['json'] }]);

    const b = machine('b');
    fake.openPath = fake.savePath;
    const preview = await b.value<ImportPreview>('herald:preview-settings-import');
    expect(preview.kind).toBe('ready');
    expect(calls('dialog.showOpenDialog')[0]?.filters).toEqual([{ name: 'Herald settings', extensions: ['json'] }]);
    // Nothing applied by the preview alone.
    expect(b.settings.get().sources).toEqual([]);
    const changes = preview.kind === 'ready' ? preview.changes : [];
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'setting', field: 'language' },
        { kind: 'setting', field: 'quietHours' },
        { kind: 'source-added', label: 'Work' },
        { kind: 'source-added', label: 'Ops' },
        { kind: 'secret-needed', label: 'Work', secret: 'token' },
        { kind: 'secret-needed', label: 'Ops', secret: 'password' },
        { kind: 'secret-needed', label: 'Work', secret: 'keys' },
      ]),
    );
    expect(changes.some((c) => c.kind === 'setting' && c.field === 'snooze')).toBe(false);

    const applied = await b.value<Settings>('herald:apply-settings-import');
    expect(carried(applied)).toEqual(carried(a.settings.get()));
    expect(applied.sources.every((s) => !s.hasToken && !s.hasPassword && !s.e2eKeyCount)).toBe(true);
    expect(applied.sources.find((s) => s.label === 'Work')?.fallbackUrls).toEqual(['http://127.0.0.1:9011']);
    expect(applied.snooze).toEqual({ sources: {} });
    // Applied once: a second apply without a new preview is refused.
    const again = await b.invoke('herald:apply-settings-import');
    expect(again.ok === false && again.error.code).toBe('invalid_input');
  });

  it('importing on the same machine keeps a secret only where the source and its address stay the same', async () => {
    const { folder } = setUp();
    const a = machine('a');
    configured(a);
    const exported = JSON.parse((fake.savePath = join(folder, 'x.json'), await a.value('herald:export-settings'), readFileSync(fake.savePath, 'utf8')));
    exported.settings.sources[1].url = 'http://127.0.0.1:9999';
    writeFileSync(join(folder, 'moved.json'), JSON.stringify(exported));
    fake.openPath = join(folder, 'moved.json');
    const preview = await a.value<ImportPreview>('herald:preview-settings-import');
    expect(preview.kind === 'ready' && preview.changes).toEqual([{ kind: 'source-changed', label: 'Ops' }, { kind: 'secret-needed', label: 'Ops', secret: 'password' }]);
    const applied = await a.value<Settings>('herald:apply-settings-import');
    expect(applied.sources.map((s) => [s.label, s.hasToken, s.hasPassword, s.e2eKeyCount])).toEqual([['Work', true, false, 1], ['Ops', false, false, undefined]]);
    expect(a.settings.sourceConfigs()[0]?.token).toBe(TOKEN);
  });

  it('a bad file is refused whole, naming the part it refused, and nothing changes', async () => {
    const { folder } = setUp();
    const a = machine('a');
    configured(a);
    const before = JSON.stringify(a.settings.get());
    const good = { format: 'herald-settings', version: 1, settings: { language: 'en', sources: [{ id: 'x', kind: 'herald', url: 'http://127.0.0.1:1' }] } };
    const cases: Array<[string, ImportPreview]> = [
      ['not json {', { kind: 'refused', reason: 'not_json' }],
      [JSON.stringify({ some: 'other program' }), { kind: 'refused', reason: 'not_herald' }],
      [JSON.stringify({ ...good, version: 2 }), { kind: 'refused', reason: 'newer_version' }],
      // The language is fine, the quiet hours are not: the language must not be applied either.
      [JSON.stringify({ ...good, settings: { ...good.settings, quietHours: { enabled: true, start: '25:00', end: '07:00', allowUrgent: true } } }), { kind: 'refused', reason: 'invalid_field', field: 'quietHours' }],
      [JSON.stringify({ ...good, settings: { ...good.settings, sources: [{ ...good.settings.sources[0], url: 'file:///etc/passwd' }] } }), { kind: 'refused', reason: 'invalid_field', field: 'sources[0]' }],
      // A file that carries a secret is refused: an import never sets one.
      [JSON.stringify({ ...good, settings: { ...good.settings, sources: [{ ...good.settings.sources[0], token: 'planted' }] } }), { kind: 'refused', reason: 'invalid_field', field: 'sources[0].token' }],
      [JSON.stringify({ ...good, settings: { ...good.settings, snooze: { sources: {} } } }), { kind: 'refused', reason: 'invalid_field', field: 'snooze' }],
      ['x'.repeat(1024 * 1024 + 1), { kind: 'refused', reason: 'too_big' }],
    ];
    for (const [i, [text, expected]] of cases.entries()) {
      fake.openPath = join(folder, `bad-${i}.json`);
      writeFileSync(fake.openPath, text);
      expect(await a.value<ImportPreview>('herald:preview-settings-import'), `case ${i}`).toEqual(expected);
      const apply = await a.invoke('herald:apply-settings-import');
      expect(apply.ok, `case ${i}`).toBe(false);
    }
    fake.openPath = join(folder, 'missing.json');
    expect(await a.value('herald:preview-settings-import')).toEqual({ kind: 'refused', reason: 'unreadable' });
    fake.openPath = null;
    expect(await a.value('herald:preview-settings-import')).toEqual({ kind: 'cancelled' });
    expect(JSON.stringify(a.settings.get())).toBe(before);
  });

  it('a foreign frame can neither export, preview nor apply', async () => {
    const { folder } = setUp();
    const a = machine('a');
    configured(a);
    const before = JSON.stringify(a.settings.get());
    fake.savePath = join(folder, 'foreign.json');
    fake.openPath = fake.savePath;
    for (const channel of ['herald:export-settings', 'herald:preview-settings-import', 'herald:apply-settings-import']) {
      const r = await a.invoke(channel, 'https://evil.example/');
      expect(r.ok === false && r.error.code, channel).toBe('forbidden');
    }
    expect(calls('dialog.showSaveDialog')).toEqual([]);
    expect(calls('dialog.showOpenDialog')).toEqual([]);
    expect(JSON.stringify(a.settings.get())).toBe(before);
  });
});
