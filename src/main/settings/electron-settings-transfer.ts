/** Settings export and import over Electron: the save and open dialogs (on the window when there is one), real files. */
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { STRINGS, type UiLanguage } from '../strings';
import type { SettingsService } from './settings-service';
import { createSettingsTransfer, type SettingsTransfer } from './settings-transfer-service';

export function createElectronSettingsTransfer(deps: {
  settings: SettingsService;
  window(): BrowserWindow | null;
  /** The dialogs' file type is named in the app's language. */
  language(): UiLanguage;
  now?: () => number;
}): SettingsTransfer {
  const filters = () => [{ name: STRINGS[deps.language()].settingsFileType, extensions: ['json'] }];
  return createSettingsTransfer({
    settings: deps.settings,
    now: deps.now ?? Date.now,
    chooseSavePath: async (defaultName) => {
      const options = { defaultPath: join(app.getPath('documents'), defaultName), filters: filters() };
      const win = deps.window();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    chooseOpenPath: async () => {
      const options = { properties: ['openFile' as const], filters: filters() };
      const win = deps.window();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    writeFile: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 }),
    readFile: (path, maxBytes) => readCapped(path, maxBytes),
  });
}

/** Read at most `maxBytes`: a huge file (or a device that never ends) is refused by reading one byte too many, not all. */
async function readCapped(path: string, maxBytes: number): Promise<string | 'too_big'> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > maxBytes ? 'too_big' : buffer.subarray(0, length).toString('utf8');
  } finally {
    await file.close();
  }
}
