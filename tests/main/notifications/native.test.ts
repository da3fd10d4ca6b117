import { silentLogger } from '../../../src/core/base/log';
import { ManualClock } from '../../helpers/manual-clock';
import { waitFor } from '../../helpers/wait';
import { createPausedState } from '../../../src/main/paused-state';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { fake, Notification, resetElectron } from '../../support/electron-fake.mjs';
import { liveClient } from '../real-client';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerNotifications } = await import('../../../src/main/notifications/native');

/** Native notifications over the real client, connected to a reference server on 127.0.0.1 as source 'demo'. */
async function setup(settings: Partial<Settings> = {}, live = {}, platform: NodeJS.Platform = 'linux') {
  resetElectron();
  const clock = new ManualClock();
  const { client, servers, publish, publishMany } = await liveClient(live);
  const paused = createPausedState(silentLogger);
  const current: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const shown: number[] = [];
  const focused: string[] = [];
  const listed: string[][] = [];
  const reg = registerNotifications({
    client,
    settings: { get: () => current },
    paused,
    clock,
    language: () => 'en',
    showWindow: () => void shown.push(1),
    focusItem: (k) => void focused.push(k),
    showItems: (keys) => void listed.push(keys),
    platform,
  });
  return { clock, client, server: servers.demo!, publish, publishMany, paused, current, shown, focused, listed, reg };
}

const shownTitles = () => Notification.instances.filter((n) => n.shown).map((n) => n.options.title);
const titled = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ title: `Title ${from + i}`, body: `Body ${from + i}` }));

describe('native notifications', () => {
  it('shows a notification with the title and body, silent when sound is off', async () => {
    const { publish } = await setup({ sound: false });
    await publish({ title: 'Build failed', body: 'main is red' });
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]?.options).toEqual({ title: 'Build failed', body: 'main is red', silent: true, urgency: 'normal' });
    expect(Notification.instances[0]?.shown).toBe(true);
  });

  it('Linux: markup in a body stays text (notification servers read the body as markup); other systems show it as sent', async () => {
    const body = '<a href="https://evil.example/">Re-authenticate</a> & <b>now</b>';
    for (const [platform, expected] of [
      ['linux', '&lt;a href="https://evil.example/"&gt;Re-authenticate&lt;/a&gt; &amp; &lt;b&gt;now&lt;/b&gt;'],
      ['darwin', body],
    ] as const) {
      const { publish, reg } = await setup({}, {}, platform);
      await publish({ title: '<b>Title</b>', body });
      expect(Notification.instances.at(-1)?.options).toMatchObject({ title: '<b>Title</b>', body: expected });
      reg.dispose();
    }
  });

  it('a burst of 50 events gives 3 notifications and one "47 new notifications"', async () => {
    const { publishMany, clock } = await setup();
    await publishMany(titled(1, 50));
    clock.advance(1000);
    expect(shownTitles()).toEqual(['Title 1', 'Title 2', 'Title 3', '47 new notifications']);
  });

  it('clicking a notification shows the window and the item', async () => {
    const { publish, shown, focused } = await setup();
    const item = await publish({ title: 'Title 7' });
    Notification.instances[0]!.emit('click');
    expect(shown).toHaveLength(1);
    expect(focused).toEqual([item.key]);
  });

  it('clicking a digest shows the window with the list narrowed to exactly the items it collected', async () => {
    const { publish, clock, shown, focused, listed } = await setup({ digests: { demo: { minutes: 1 } } });
    const items = [await publish({ title: 'One' }), await publish({ title: 'Two' }), await publish({ title: 'Three' })];
    expect(shownTitles()).toEqual([]);
    clock.advance(60_000);
    expect(shownTitles()).toEqual(['3 new in demo']);
    Notification.instances[0]!.emit('click');
    expect(shown).toHaveLength(1);
    expect(listed).toEqual([items.map((i) => i.key)]);
    expect(focused).toEqual([]);
  });

  it('quiet hours and pause are honoured; priority 5 breaks through when allowed', async () => {
    const { publishMany, paused } = await setup({ quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true } });
    paused.set(true);
    await publishMany([{ title: 'Title 1' }, { title: 'Pager', priority: 5 }]);
    expect(shownTitles()).toEqual(['Pager']);
    expect(Notification.instances[0]?.options.urgency).toBe('critical');
  });

  it('catch-up events give one summary, not one toast each', async () => {
    // Every reconnect catches up (catchUpAfterMs 0): what a long sleep looks like.
    const { client, server } = await setup({}, { catchUpAfterMs: 0 });
    client.suspend();
    for (const input of titled(0, 12)) server.publish(input);
    client.resume();
    await waitFor(() => client.items().length === 12, { message: 'the 12 missed items' });
    await waitFor(() => shownTitles().length > 0, { message: 'the summary' });
    expect(shownTitles()).toEqual(['12 notifications while you were away']);
  });

  it('does nothing where the OS has no notifications, and stops after dispose', async () => {
    const { publish, reg } = await setup();
    fake.notificationsSupported = false;
    await publish({ title: 'Title 1' });
    expect(Notification.instances).toHaveLength(0);
    fake.notificationsSupported = true;
    reg.dispose();
    await publish({ title: 'Title 2' });
    expect(Notification.instances).toHaveLength(0);
  });
});
