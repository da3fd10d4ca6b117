/**
 * Settings → Troubleshooting, the main side: build the report the user previews, and share exactly that text —
 * copy and save never build a new one, so what leaves the computer is what the user read (a log line written
 * between preview and save does not slip in). Opening the logs folder is here too. The outside world (clipboard,
 * save dialog, file writes, the file manager) is injected; electron-diagnostics.ts passes Electron's.
 */
import { AppError } from '../errors';
import { buildDiagnosticsReport, type DiagnosticsInput } from './diagnostics-report';
import type { DiagnosticsRedactor } from './redactor';

export interface DiagnosticsDeps {
  /** Everything but the log lines, read at the moment of the preview. */
  gather(): Omit<DiagnosticsInput, 'logLines' | 'logFile'>;
  logFile: string;
  logsFolder: string;
  readLogTail(path: string): Promise<string[]>;
  redactor: DiagnosticsRedactor;
  writeClipboard(text: string): void;
  /** The save dialog: a chosen path, or undefined when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  /** Show a folder in the file manager (creating it first if the app has not written a log yet). */
  openFolder(path: string): Promise<void>;
}

export interface DiagnosticsService {
  preview(placeholders: boolean): Promise<string>;
  copy(): Promise<void>;
  save(): Promise<{ saved: boolean }>;
  openLogsFolder(): Promise<void>;
}

/** herald-diagnostics-20261207-1455.txt (UTC, so two exports sort in the order they were made). */
export function diagnosticsFileName(now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `herald-diagnostics-${stamp}.txt`;
}

export function createDiagnosticsService(deps: DiagnosticsDeps): DiagnosticsService {
  let previewed: { text: string; at: number } | null = null;
  const lastPreview = (): { text: string; at: number } => {
    if (!previewed) throw new AppError('invalid_input', 'show the diagnostics preview before sharing it');
    return previewed;
  };

  return {
    async preview(placeholders) {
      const logLines = await deps.readLogTail(deps.logFile);
      const input: DiagnosticsInput = { ...deps.gather(), logLines, logFile: deps.logFile };
      previewed = { text: buildDiagnosticsReport(input, deps.redactor, placeholders), at: input.now };
      return previewed.text;
    },
    async copy() {
      deps.writeClipboard(lastPreview().text);
    },
    async save() {
      const { text, at } = lastPreview();
      const path = await deps.chooseSavePath(diagnosticsFileName(at));
      if (!path) return { saved: false };
      await deps.writeFile(path, text);
      return { saved: true };
    },
    async openLogsFolder() {
      await deps.openFolder(deps.logsFolder);
    },
  };
}
