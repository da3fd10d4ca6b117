/** A listener's bug must not vanish: every emitter in the shell logs a throwing listener (and keeps going). */
import { createLogger } from '../../src/core/base/log';
import { MemoryStore } from '../../src/core/store';
import { createPausedState } from '../../src/main/paused-state';
import { SettingsService } from '../../src/main/settings/settings-service';
import { createSafeStorageCipher } from '../../src/main/settings/safe-storage-cipher';

vi.mock('electron', () => import('../support/electron-fake.mjs'));

function recordingLogger() {
  const lines: { level: string; scope: string; msg: string }[] = [];
  return { lines, logger: createLogger('test', 'debug', (level, scope, msg) => void lines.push({ level, scope, msg })) };
}

describe('a throwing listener is logged, and the others still run', () => {
  it('pause state', () => {
    const { lines, logger } = recordingLogger();
    const paused = createPausedState(logger);
    const seen: boolean[] = [];
    paused.onDidChange(() => {
      throw new Error('listener bug');
    });
    paused.onDidChange((p) => seen.push(p));
    paused.set(true);
    expect(seen).toEqual([true]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'listener threw' }));
  });

  it('settings', () => {
    const { lines, logger } = recordingLogger();
    const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), logger });
    settings.onDidChange(() => {
      throw new Error('listener bug');
    });
    settings.update({ sound: false });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'listener threw' }));
  });
});
