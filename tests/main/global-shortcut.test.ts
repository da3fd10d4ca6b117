import { MemoryStore } from '../../src/core/store';
import { registerGlobalShortcut } from '../../src/main/global-shortcut';
import { SettingsService } from '../../src/main/settings/settings-service';
import { createSafeStorageCipher } from '../../src/main/settings/safe-storage-cipher';
import { fake, globalShortcut as registry, resetElectron } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const cipher = createSafeStorageCipher();

describe('global shortcut', () => {
  it('is off by default, follows the setting, toggles the window, and lets go when disposed', () => {
    resetElectron();
    fake.takenShortcuts = ['Alt+Space'];
    const settings = new SettingsService({ store: new MemoryStore(), cipher });
    let toggles = 0;
    const reg = registerGlobalShortcut({ registry, settings, toggleWindow: () => void toggles++ });
    expect(settings.get().globalShortcut).toBe('');
    expect(registry.held.size).toBe(0);

    settings.update({ globalShortcut: 'CommandOrControl+Shift+H' });
    expect([...registry.held.keys()]).toEqual(['CommandOrControl+Shift+H']);
    registry.press('CommandOrControl+Shift+H');
    registry.press('CommandOrControl+Shift+H');
    expect(toggles).toBe(2);

    // Taken by another app: nothing held, and the old one is let go.
    settings.update({ globalShortcut: 'Alt+Space' });
    expect(registry.held.size).toBe(0);
    expect(reg.active()).toBe('');

    settings.update({ globalShortcut: 'Ctrl+Alt+F12' });
    expect(reg.active()).toBe('Ctrl+Alt+F12');
    reg.dispose();
    expect(registry.held.size).toBe(0);
  });

  it('refuses a bare key or junk, which would steal keys from every other app', () => {
    const settings = new SettingsService({ store: new MemoryStore(), cipher });
    for (const bad of ['H', 'Shift', 'Ctrl+', 'Ctrl+Shift+Hello', 'Ctrl+Alt+Shift+Super+Meta+H', 42, null]) {
      expect(() => settings.update({ globalShortcut: bad }), String(bad)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    expect(settings.update({ globalShortcut: 'CmdOrCtrl+`' }).globalShortcut).toBe('CmdOrCtrl+`');
    expect(settings.update({ globalShortcut: '' }).globalShortcut).toBe('');
  });
});
