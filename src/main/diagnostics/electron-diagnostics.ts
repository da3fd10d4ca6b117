/**
 * The diagnostics service over Electron: process.versions and os for the report, the core's connection history,
 * electron-log's default file (`<logs>/main.log`), the clipboard, the save dialog and the file manager.
 */
import { writeFile } from 'node:fs/promises';
import { arch, release } from 'node:os';
import { join } from 'node:path';
import { app, clipboard, dialog, shell, type BrowserWindow } from 'electron';
import type { HeraldClient } from '../../core/herald-client';
import type { Clock } from '../../core/base/clock';
import type { ConnectionHistory } from '../../core/connection/connection-history';
import { AppError } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import { createDiagnosticsService, type DiagnosticsService } from './diagnostics-service';
import { readLogTail } from './log-tail';
import { createDiagnosticsRedactor, type DiagnosticsRedactor } from './redactor';
import { makeDirSync } from '../../core/base/make-dir';

export interface ElectronDiagnosticsDeps {
  client: Pick<HeraldClient, 'connection' | 'outboxProgress'>;
  settings: Pick<SettingsService, 'get'>;
  history: ConnectionHistory;
  clock: Pick<Clock, 'now'>;
  window(): BrowserWindow | null;
  /** The log module's redaction when there is one; otherwise the small built-in one, over the configured names. */
  redactor?: DiagnosticsRedactor;
}

/** Hosts and topics the user configured, in the order of the settings (so placeholders stay put between exports). */
function knownNames(settings: Pick<SettingsService, 'get'>): { hosts: string[]; topics: string[] } {
  const hosts: string[] = [];
  const topics: string[] = [];
  for (const s of settings.get().sources) {
    try {
      hosts.push(new URL(s.url).hostname);
    } catch {
      // A stored URL the settings rules accepted always parses; nothing to hide if one does not.
    }
    topics.push(...(s.channels ?? []));
  }
  return { hosts, topics };
}

export function createElectronDiagnostics(deps: ElectronDiagnosticsDeps): DiagnosticsService {
  const logsFolder = app.getPath('logs');
  return createDiagnosticsService({
    gather: () => ({
      app: { name: app.getName(), version: app.getVersion() },
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
      os: { platform: process.platform, release: release(), arch: arch() },
      connection: deps.client.connection(),
      history: (id) => deps.history.of(id),
      outbox: deps.client.outboxProgress(),
      settings: deps.settings.get(),
      now: deps.clock.now(),
    }),
    logFile: join(logsFolder, 'main.log'),
    logsFolder,
    readLogTail: (path) => readLogTail(path),
    redactor: deps.redactor ?? createDiagnosticsRedactor(() => knownNames(deps.settings)),
    writeClipboard: (text) => clipboard.writeText(text),
    chooseSavePath: async (defaultName) => {
      const options = { defaultPath: join(app.getPath('downloads'), defaultName), filters: [{ name: 'Text', extensions: ['txt'] }] };
      const win = deps.window();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    writeFile: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 }),
    openFolder: async (path) => {
      makeDirSync(path);
      // shell.openPath answers an error message, or '' when the file manager opened it.
      const failure = await shell.openPath(path);
      if (failure) throw new AppError('not_found', failure);
    },
  });
}
