import { silentLogger } from '../../../src/core/log';
import { ManualClock } from '../../helpers/manual-clock';
import { createPausedState } from '../../../src/main/paused-state';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { fake, Notification, resetElectron } from '../../support/electron-fake.mjs';
import { FakeClient, notificationEvent } from '../fake-client';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerNotifications } = await import('../../../src/main/notifications/native');

function setup(settings: Partial<Settings> = {}) {
  resetElectron();
  const clock = new ManualClock();
  const client = new FakeClient();
  const paused = createPausedState(silentLogger);
  const current: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const shown: number[] = [];
  const focused: string[] = [];
  const reg = registerNotifications({
    client,
    settings: { get: () => current },
    paused,
    clock,
    language: () => 'en',
    showWindow: () => void shown.push(1),
    focusItem: (k) => void focused.push(k),
  });
  return { clock, client, paused, current, shown, focused, reg };
}

const shownTitles = () => Notification.instances.filter((n) => n.shown).map((n) => n.options.title);

describe('native notifications', () => {
  it('shows a notification with the title and body, silent when sound is off', () => {
    const { client } = setup({ sound: false });
    client.deliver([notificationEvent(1, { title: 'Build failed', body: 'main is red' })]);
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]?.options).toEqual({ title: 'Build failed', body: 'main is red', silent: true, urgency: 'normal' });
    expect(Notification.instances[0]?.shown).toBe(true);
  });

  it('a burst of 50 events gives 3 notifications and one "47 new notifications"', () => {
    const { client, clock } = setup();
    client.deliver(Array.from({ length: 50 }, (_, i) => notificationEvent(i + 1)));
    clock.advance(1000);
    expect(shownTitles()).toEqual(['Title 1', 'Title 2', 'Title 3', '47 new notifications']);
  });

  it('clicking a notification shows the window and the item', () => {
    const { client, shown, focused } = setup();
    client.deliver([notificationEvent(7)]);
    Notification.instances[0]!.emit('click');
    expect(shown).toHaveLength(1);
    expect(focused).toEqual(['demo/i7']);
  });

  it('quiet hours and pause are honoured; priority 5 breaks through when allowed', () => {
    const { client, paused } = setup({ quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true } });
    paused.set(true);
    client.deliver([notificationEvent(1), notificationEvent(2, { priority: 5, title: 'Pager' })]);
    expect(shownTitles()).toEqual(['Pager']);
    expect(Notification.instances[0]?.options.urgency).toBe('critical');
  });

  it('catch-up events give one summary, not one toast each', () => {
    const { client } = setup();
    client.deliver(Array.from({ length: 12 }, (_, i) => notificationEvent(i)), true);
    client.catchUps.fire({ sourceId: 'demo', count: 12 });
    expect(shownTitles()).toEqual(['12 notifications while you were away']);
  });

  it('does nothing where the OS has no notifications, and stops after dispose', () => {
    const { client, reg } = setup();
    fake.notificationsSupported = false;
    client.deliver([notificationEvent(1)]);
    expect(Notification.instances).toHaveLength(0);
    fake.notificationsSupported = true;
    reg.dispose();
    client.deliver([notificationEvent(2)]);
    expect(Notification.instances).toHaveLength(0);
  });
});
