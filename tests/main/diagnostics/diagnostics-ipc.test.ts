/**
 * Settings → Troubleshooting, main side, over the real IPC path (electron fake): the preview is built from the real
 * client's connection (sources with a token and a password, pointing at a port where nothing listens), the real
 * settings service and a real log file; copy and save share exactly the previewed text; no secret ever appears.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../src/core/base/clock';
import { trackConnectionHistory } from '../../../src/core/connection/connection-history';
import { generateHeraldKey } from '../../../src/core/e2e/index';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { APP_ENTRY_URL } from '../../../src/main/app-origin';
import { createInvokeHandlers } from '../../../src/main/ipc/handlers';
import { createPausedState } from '../../../src/main/paused-state';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { IpcResult } from '../../../src/shared/ipc-contract';
import { waitFor } from '../../helpers/wait';
import { clipboard, calls, fake, resetElectron } from '../../support/electron-fake.mjs';
import { freePort } from '../../support/free-port';
import { realClient } from '../real-client';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerIpcHandlers } = await import('../../../src/main/ipc/ipc-main');
const { createElectronDiagnostics } = await import('../../../src/main/diagnostics/electron-diagnostics');

const TOKEN = 'tok-SUPERSECRET-0123456789';
const PASSWORD = 'pw-Hunter2-Correct-Horse';
const USER = 'alice-the-user';
const TOPIC = 'payroll-alerts';
const TOPIC_E2E_PASSWORD = 'e2e-Topic-Pa55-word';
const HERALD_KEY = generateHeraldKey();

const disposables: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
  resetElectron();
});

async function setup() {
  resetElectron();
  fake.userData = mkdtempSync(join(tmpdir(), 'herald-diag-'));
  fake.loadedUrl = APP_ENTRY_URL;
  // Nothing listens here: both sources keep failing, so their errors (which name the address) reach the report.
  const port = await freePort();
  let id = 0;
  const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => `s${++id}` });
  settings.saveSource({ kind: 'herald', url: `http://127.0.0.1:${port}`, label: 'Work', token: TOKEN });
  settings.saveSource({ kind: 'ntfy', url: `http://127.0.0.1:${port}`, channels: [TOPIC], username: USER, password: PASSWORD, e2ePassword: TOPIC_E2E_PASSWORD });
  settings.addSourceKey('s1', HERALD_KEY);
  const client = realClient({ sources: settings.sourceConfigs(), tuning: { supervisor: { baseDelayMs: 20, maxDelayMs: 50 } } });
  const tracked = trackConnectionHistory(client, systemClock);
  disposables.push(tracked);
  client.start();
  await waitFor(() => client.connection().sources.every((s) => tracked.history.of(s.id).some((c) => c.error)), { message: 'both sources failed once' });
  // A log written by a careless line: the export must still not carry the secrets.
  const logFile = join(fake.userData, 'main.log');
  writeFileSync(logFile, [`[info] connecting to http://${USER}:${PASSWORD}@127.0.0.1:${port}/${TOPIC}/sse`, `[debug] Authorization: Bearer ${TOKEN}`, `[debug] ?auth=${TOKEN}`, ''].join('\n'));
  const diagnostics = createElectronDiagnostics({ client, settings, history: tracked.history, clock: systemClock, window: () => null });
  const handlers = createInvokeHandlers({
    client,
    settings,
    paused: createPausedState(silentLogger),
    openExternal: async () => undefined,
    notices: () => [],
    systemLanguage: () => 'en-US',
    diagnostics,
  });
  disposables.push(registerIpcHandlers(handlers, { page: {} }));
  const invoke = (channel: string, args: unknown[] = [], frame?: string) => fake.invoke(channel, args, frame) as Promise<IpcResult<unknown>>;
  const preview = async (placeholders: boolean): Promise<string> => {
    const r = await invoke('herald:preview-diagnostics', [placeholders]);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as string;
  };
  return { port, logFile, invoke, preview };
}

function expectNoSecrets(text: string): void {
  for (const secret of [TOKEN, PASSWORD, USER, TOPIC_E2E_PASSWORD, HERALD_KEY]) expect(text).not.toContain(secret);
}

describe('diagnostics over IPC', () => {
  it('the preview shows versions, OS, each source with its errors, outbox and settings — never a token, password or user name', async () => {
    const { preview } = await setup();
    const text = await preview(true);
    expectNoSecrets(text);
    expect(text).toContain('Electron');
    expect(text).toContain(`OS: ${process.platform}`);
    expect(text).toMatch(/\[s1\] herald/);
    expect(text).toMatch(/\[s2\] ntfy/);
    expect(text).toMatch(/Last errors:\s*\n\s+\S+ backoff/);
    expect(text).toContain('pending 0');
    expect(text).toContain('"hasToken": true');
    expect(text).toContain('"e2eKeyCount": 1');
    expect(text).toContain('Authorization: [redacted]');
  });

  it('with placeholders the host and the topic are gone; without them they are shown, and the secrets still are not', async () => {
    const { preview } = await setup();
    const hidden = await preview(true);
    expect(hidden).not.toContain('127.0.0.1');
    expect(hidden).not.toContain(TOPIC);
    expect(hidden).toContain('host-1');
    expect(hidden).toContain('topic-1');
    const shown = await preview(false);
    expect(shown).toContain('127.0.0.1');
    expect(shown).toContain(TOPIC);
    expectNoSecrets(shown);
  });

  it('save writes exactly the previewed text, even when the log grew since; cancelling writes nothing', async () => {
    const { invoke, preview, logFile } = await setup();
    const text = await preview(true);
    appendFileSync(logFile, '[info] a line written after the preview\n');
    fake.savePath = join(fake.userData, 'report.txt');
    expect(await invoke('herald:save-diagnostics')).toEqual({ ok: true, value: { saved: true } });
    expect(readFileSync(fake.savePath, 'utf8')).toBe(text);
    expect(calls('dialog.showSaveDialog')[0]?.defaultPath).toMatch(/herald-diagnostics-\d{8}-\d{4}\.txt$/);

    fake.savePath = null;
    expect(await invoke('herald:save-diagnostics')).toEqual({ ok: true, value: { saved: false } });
    expect(existsSync(join(fake.userData, 'cancelled.txt'))).toBe(false);
  });

  it('copy puts the previewed text on the clipboard; nothing is shared before a preview', async () => {
    const { invoke, preview } = await setup();
    const before = await invoke('herald:copy-diagnostics');
    expect(before.ok === false && before.error.code).toBe('invalid_input');
    expect(clipboard.text).toBe('');
    const text = await preview(false);
    expect(await invoke('herald:copy-diagnostics')).toEqual({ ok: true, value: undefined });
    expect(clipboard.text).toBe(text);
  });

  it('a foreign frame can neither read the report nor copy, save or open anything', async () => {
    const { invoke, preview } = await setup();
    await preview(true);
    fake.savePath = join(fake.userData, 'foreign.txt');
    for (const [channel, args] of [['herald:preview-diagnostics', [false]], ['herald:copy-diagnostics', []], ['herald:save-diagnostics', []], ['herald:open-logs-folder', []]] as const) {
      const r = await invoke(channel, [...args], 'https://evil.example/');
      expect(r.ok === false && r.error.code, channel).toBe('forbidden');
    }
    expect(clipboard.text).toBe('');
    expect(existsSync(fake.savePath)).toBe(false);
    expect(calls('shell.openPath')).toEqual([]);
  });

  it('open-logs-folder shows the logs folder; a file manager that fails is reported, not thrown', async () => {
    const { invoke } = await setup();
    expect(await invoke('herald:open-logs-folder')).toEqual({ ok: true, value: undefined });
    expect(calls('shell.openPath').map((c) => c.path)).toEqual([fake.userData]);
    fake.openPathError = 'no application is registered for folders';
    const r = await invoke('herald:open-logs-folder');
    expect(r.ok === false && r.error.code).toBe('not_found');
  });
});
