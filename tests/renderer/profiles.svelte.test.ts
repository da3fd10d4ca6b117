import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS, defaultProfile, type Settings } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

const SOURCES: Settings['sources'] = [{ id: 'ops', kind: 'herald', url: 'https://ops.example', label: 'Ops', hasToken: false, hasPassword: false }];

async function openProfiles(settings: Partial<Settings> = {}) {
  const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, sources: SOURCES, ...settings } });
  await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return { bridge, section: screen.getByTestId('notification-profiles') };
}

const lastPatch = (bridge: FakeBridge) => bridge.updateSettings.mock.calls.at(-1)?.[0];

describe('notification profiles in Settings', () => {
  it('shows the defaults per priority and saves a changed rule', async () => {
    const { bridge, section } = await openProfiles();
    const box = (label: string) => within(section).getByLabelText(label) as HTMLInputElement;
    expect(box('1 · Min: Notify').checked).toBe(false);
    expect(box('3 · Default: Notify').checked).toBe(true);
    expect((within(section).getByLabelText('4 · High: Sound') as HTMLSelectElement).value).toBe('default');
    expect((within(section).getByLabelText('5 · Urgent: Sound') as HTMLSelectElement).value).toBe('urgent');
    expect(box('5 · Urgent: Breaks through').checked).toBe(true);

    await fireEvent.click(box('2 · Low: Notify'));
    const profile = defaultProfile();
    profile[1] = { ...profile[1]!, toast: true };
    expect(lastPatch(bridge)).toEqual({ profile });
    await fireEvent.change(within(section).getByLabelText('3 · Default: Sound'), { target: { value: 'default' } });
    expect(lastPatch(bridge)?.profile?.[2]).toEqual({ toast: true, sound: 'default', badge: true, breakThrough: false });
  });

  it('a source can take its own rules and its own quiet hours; without them the global rules show, greyed', async () => {
    const { bridge, section } = await openProfiles();
    await fireEvent.change(within(section).getByLabelText('Rules for'), { target: { value: 'ops' } });
    const notify1 = within(section).getByLabelText('1 · Min: Notify') as HTMLInputElement;
    expect(notify1.disabled).toBe(true);
    await fireEvent.click(within(section).getByLabelText('This source has its own rules'));
    expect(lastPatch(bridge)).toEqual({ sourceNotifications: { ops: { profile: defaultProfile() } } });
    await fireEvent.click(within(section).getByLabelText('1 · Min: Notify'));
    expect(lastPatch(bridge)?.sourceNotifications?.ops?.profile?.[0]?.toast).toBe(true);
    await fireEvent.click(within(section).getByLabelText('Quiet hours for this source too'));
    expect(lastPatch(bridge)?.sourceNotifications?.ops?.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00', allowUrgent: true });
    // The global profile was not touched.
    expect(bridge.settings.profile).toEqual(defaultProfile());
  });

  it('snoozes everything or one source, says until when, and turns back on', async () => {
    const { bridge, section } = await openProfiles();
    expect(within(section).getByTestId('snooze-status')).toHaveTextContent('Not snoozed.');
    const before = Date.now();
    await fireEvent.click(within(section).getByRole('button', { name: 'For 1 hour' }));
    const until = lastPatch(bridge)?.snooze?.all?.until as number;
    expect(until - before).toBeGreaterThanOrEqual(3_600_000);
    expect(until - before).toBeLessThan(3_660_000);
    expect(within(section).getByTestId('snooze-status')).toHaveTextContent(/^Snoozed until .*\d\d:\d\d\.$/);
    await fireEvent.click(within(section).getByRole('button', { name: 'Turn back on' }));
    expect(lastPatch(bridge)?.snooze).toEqual({ sources: {} });

    await fireEvent.change(within(section).getByLabelText('Rules for'), { target: { value: 'ops' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Until I turn them back on' }));
    expect(lastPatch(bridge)?.snooze).toEqual({ sources: { ops: { until: null } } });
    expect(within(section).getByTestId('snooze-status')).toHaveTextContent('Snoozed until you turn notifications back on.');
  });

  it('speaks Chinese when asked', async () => {
    const { section } = await openProfiles({ language: 'zh-CN', snooze: { all: { until: null }, sources: {} } });
    expect(within(section).getByRole('heading', { name: '通知配置' })).toBeTruthy();
    expect(within(section).getByLabelText('5 · 紧急: 提示音')).toBeTruthy();
    expect(within(section).getByTestId('snooze-status')).toHaveTextContent('已暂缓，直到你重新开启通知。');
  });
});

describe('global shortcut in Settings', () => {
  it('is off by default; turning it on suggests one, which can be changed', async () => {
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS } });
    await renderApp(bridge);
    await fireEvent.click(screen.getByTestId('open-settings'));
    const page = screen.getByTestId('settings-page');
    const toggle = within(page).getByLabelText('A keyboard shortcut shows or hides Herald from anywhere') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(within(page).queryByLabelText(/^Shortcut/)).toBeNull();
    await fireEvent.click(toggle);
    expect(lastPatch(bridge)).toEqual({ globalShortcut: 'CommandOrControl+Shift+H' });
    const keys = (await within(page).findByLabelText(/^Shortcut/)) as HTMLInputElement;
    expect(keys.value).toBe('CommandOrControl+Shift+H');
    await fireEvent.change(keys, { target: { value: ' Ctrl+Alt+H ' } });
    expect(lastPatch(bridge)).toEqual({ globalShortcut: 'Ctrl+Alt+H' });
  });
});

describe('snooze from a source’s line in the window', () => {
  it('snoozes that source only, and turns it back on', async () => {
    const open = { kind: 'open' as const, transport: 'sse' as const, since: 0 };
    const bridge = new FakeBridge({
      connection: {
        overall: open,
        sources: [
          { id: 'a', label: 'Team', kind: 'herald', state: open, malformed: 0 },
          { id: 'b', label: 'Alerts', kind: 'ntfy', state: open, malformed: 0 },
        ],
      },
    });
    await renderApp(bridge);
    await fireEvent.click(screen.getByTestId('connection-status'));
    const menu = screen.getByLabelText('Snooze Alerts') as HTMLSelectElement;
    await fireEvent.change(menu, { target: { value: 'off-only' } });
    expect(lastPatch(bridge)).toEqual({ snooze: { sources: { b: { until: null } } } });
    expect(menu.value).toBe('');
    expect(menu.options[0]!.textContent).toBe('Snoozed…');
    await fireEvent.change(screen.getByLabelText('Snooze Alerts'), { target: { value: 'end' } });
    expect(lastPatch(bridge)).toEqual({ snooze: { sources: {} } });
  });
});
