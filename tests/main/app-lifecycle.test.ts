import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopEntry, setLinuxAutostart } from '../../src/main/linux-autostart';
import { calls, fake, resetElectron } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
const { acquireSingleInstance, registerLifecycle, startsHidden } = await import('../../src/main/app-lifecycle');

const quits = () => calls('app.quit').length;

describe('app lifecycle', () => {
  beforeEach(() => resetElectron());

  it('a second launch quits itself; the first one shows its window', () => {
    expect(acquireSingleInstance()).toBe(true);
    expect(quits()).toBe(0);
    const shown: number[] = [];
    registerLifecycle({ showWindow: () => void shown.push(1), cleanup: async () => {} });
    fake.appEvents.emit('second-instance');
    expect(shown).toHaveLength(1);

    resetElectron();
    fake.singleInstance = false;
    expect(acquireSingleInstance()).toBe(false);
    expect(quits()).toBe(1);
  });

  it('closing the last window does not quit (tray app)', () => {
    const life = registerLifecycle({ showWindow: () => {}, cleanup: async () => {} });
    expect(fake.appEvents.listenerCount('window-all-closed')).toBe(1);
    fake.appEvents.emit('window-all-closed');
    expect(quits()).toBe(0);
    expect(life.isQuitting()).toBe(false);
  });

  it('Quit stops everything first, then quits for real', async () => {
    const order: string[] = [];
    let finish!: () => void;
    const life = registerLifecycle({
      showWindow: () => {},
      cleanup: () =>
        new Promise<void>((resolve) => {
          order.push('cleanup started');
          finish = () => {
            order.push('cleanup done');
            resolve();
          };
        }),
    });
    life.quit();
    expect(life.isQuitting()).toBe(true);
    expect(order).toEqual(['cleanup started']);
    expect(quits()).toBe(1);
    finish();
    await vi.waitFor(() => expect(quits()).toBe(2));
    expect(order).toEqual(['cleanup started', 'cleanup done']);
  });

  it('starts hidden from the setting or --hidden', () => {
    expect(startsHidden({ startHidden: false }, ['herald'])).toBe(false);
    expect(startsHidden({ startHidden: true }, ['herald'])).toBe(true);
    expect(startsHidden({ startHidden: false }, ['herald', '--hidden'])).toBe(true);
  });

  it('on Linux, start at login writes (and removes) an XDG autostart entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-autostart-'));
    try {
      setLinuxAutostart({ enabled: true, hidden: true, command: ['/opt/Herald Beta/herald'], dir });
      const text = readFileSync(join(dir, 'herald.desktop'), 'utf8');
      expect(text).toContain('Exec="/opt/Herald Beta/herald" --hidden');
      expect(text).toBe(desktopEntry(['/opt/Herald Beta/herald'], true));
      setLinuxAutostart({ enabled: false, hidden: true, command: [], dir });
      expect(existsSync(join(dir, 'herald.desktop'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
