/**
 * Settings → Move to another machine, the main side: main owns the file dialogs and the files; the window only asks
 * (export, preview an import, apply the import it previewed). What is applied is exactly what was previewed: the
 * checked file is held here between the two requests, never sent back by the window. The outside world (dialogs,
 * files) is injected; electron-settings-transfer.ts passes Electron's.
 */
import type { Settings } from '../../shared/settings';
import type { ExportResult, ImportPreview } from '../../shared/settings-transfer';
import { SETTINGS_EXPORT_MAX_BYTES } from '../../shared/settings-transfer';
import { AppError } from '../errors';
import type { SettingsService } from './settings-service';
import { buildExport, checkImport, ImportRefused, type CheckedImport } from './settings-transfer';

export interface SettingsTransferDeps {
  settings: Pick<SettingsService, 'get' | 'previewImport' | 'applyImport'>;
  /** The save dialog: a chosen path, or undefined when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  /** The open dialog: a chosen path, or undefined when cancelled. */
  chooseOpenPath(): Promise<string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  /** The file's text, or 'too_big' past `maxBytes` (then not read at all). Throws when it cannot be read. */
  readFile(path: string, maxBytes: number): Promise<string | 'too_big'>;
  now(): number;
}

export interface SettingsTransfer {
  exportSettings(): Promise<ExportResult>;
  previewImport(): Promise<ImportPreview>;
  applyImport(): Promise<Settings>;
}

/** herald-settings-20261207-1455.json (UTC, so two exports sort in the order they were made). */
export function settingsExportFileName(now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `herald-settings-${stamp}.json`;
}

export function createSettingsTransfer(deps: SettingsTransferDeps): SettingsTransfer {
  let pending: CheckedImport | null = null;

  const preview = async (): Promise<ImportPreview> => {
    const path = await deps.chooseOpenPath();
    if (!path) return { kind: 'cancelled' };
    let text: string | 'too_big';
    try {
      text = await deps.readFile(path, SETTINGS_EXPORT_MAX_BYTES);
    } catch {
      return { kind: 'refused', reason: 'unreadable' };
    }
    if (text === 'too_big') return { kind: 'refused', reason: 'too_big' };
    try {
      const checked = checkImport(text, deps.now());
      pending = checked;
      return { kind: 'ready', changes: deps.settings.previewImport(checked) };
    } catch (err) {
      if (err instanceof ImportRefused) return { kind: 'refused', reason: err.reason, ...(err.field === undefined ? {} : { field: err.field }) };
      throw err;
    }
  };

  return {
    async exportSettings() {
      const path = await deps.chooseSavePath(settingsExportFileName(deps.now()));
      if (!path) return { saved: false };
      await deps.writeFile(path, buildExport(deps.settings.get()));
      return { saved: true };
    },
    async previewImport() {
      // A new preview replaces the old one; one that is refused or cancelled leaves nothing to apply.
      pending = null;
      return preview();
    },
    async applyImport() {
      if (!pending) throw new AppError('invalid_input', 'choose a file to import first');
      const checked = pending;
      pending = null;
      return deps.settings.applyImport(checked);
    },
  };
}
