/**
 * Settings → Rules in the window: a person makes the acceptance example with the form alone — "CI failures
 * from topic ci pop up with the urgent sound, everything else from ci only in a 30-minute digest" — reorders and
 * removes rules with buttons that keep the focus, and tests the rules against recent items (main's answer shown per
 * item and per rule), in English and Chinese.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

const NTFY = { id: 'ntfy1', kind: 'ntfy' as const, url: 'http://127.0.0.1:1', label: 'ntfy', channels: ['ci', 'deploys'], hasToken: false, hasPassword: false };

async function openRules(bridge: FakeBridge) {
  await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return screen.getByTestId('settings-rules');
}

async function addRule(section: HTMLElement, fill: (form: HTMLElement) => Promise<void>): Promise<void> {
  await fireEvent.click(within(section).getByRole('button', { name: 'Add rule' }));
  const form = within(section).getByTestId('rule-form');
  // The form opens with the focus on its first field.
  expect(document.activeElement).toBe(within(form).getByLabelText('Name'));
  await fill(form);
  await fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
}

describe('Settings → Rules', () => {
  it('the acceptance example is made with the form alone, saved in order, and tested against recent items', async () => {
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, sources: [NTFY] } });
    const section = await openRules(bridge);
    expect(within(section).getByText('No rules yet: the notification profiles alone decide.')).toBeInTheDocument();

    await addRule(section, async (form) => {
      await fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'CI failures' } });
      await fireEvent.input(within(form).getByLabelText('Topic or channel is'), { target: { value: 'ci' } });
      await fireEvent.input(within(form).getByLabelText('Title contains'), { target: { value: 'failed' } });
      await fireEvent.change(within(form).getByLabelText('Sound'), { target: { value: 'urgent' } });
    });
    await addRule(section, async (form) => {
      await fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Rest of ci' } });
      await fireEvent.input(within(form).getByLabelText('Topic or channel is'), { target: { value: 'ci' } });
      await fireEvent.input(within(form).getByLabelText('Collect into one digest every … minutes'), { target: { value: '30' } });
    });
    expect(bridge.settings.rules).toEqual([
      { id: expect.stringMatching(/^rule-/), name: 'CI failures', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'failed' }, channel: 'ci' }, actions: { sound: 'urgent' }, continue: false },
      { id: expect.stringMatching(/^rule-/), name: 'Rest of ci', scope: { kind: 'global' }, match: { channel: 'ci' }, actions: { digestMinutes: 30 }, continue: false },
    ]);
    // Back on "Add rule" after saving, so the next rule is one key away.
    await vi.waitFor(() => expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Add rule' })));

    const [first, second] = bridge.settings.rules;
    bridge.rulesPreview = {
      items: [
        { key: 'ntfy1/m3', title: 'Build failed on main', matched: [{ index: 0, id: first!.id, name: 'CI failures' }] },
        { key: 'ntfy1/m2', title: 'Build passed', matched: [{ index: 1, id: second!.id, name: 'Rest of ci' }] },
        { key: 'ntfy1/m1', title: 'Deployed', matched: [] },
      ],
    };
    await fireEvent.click(within(section).getByRole('button', { name: 'Test against the last 100 items' }));
    expect(bridge.previewRules).toHaveBeenCalledWith(bridge.settings.rules);
    expect(await within(section).findByText('2 of 3 recent items match a rule.')).toBeInTheDocument();
    const items = within(section).getByRole('list', { name: 'Recent items and the rule that decides each' });
    expect(within(items).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '\u2068Build failed on main\u2069 \u2068CI failures\u2069',
      '\u2068Build passed\u2069 \u2068Rest of ci\u2069',
      '\u2068Deployed\u2069 No rule',
    ]);
    expect(within(section).getAllByTestId('rule-count').map((c) => c.textContent)).toEqual(['\u2068CI failures\u2069: 1', '\u2068Rest of ci\u2069: 1']);

    // The same digest for the whole source instead: its own field, emptied to turn it off.
    const minutes = within(section).getByLabelText('Minutes for \u2068ntfy\u2069');
    await fireEvent.change(minutes, { target: { value: '30' } });
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ digests: { ntfy1: { minutes: 30 } } });
    await fireEvent.change(minutes, { target: { value: '' } });
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ digests: {} });
  });

  it('rules move with buttons that keep the focus on the moved rule, and are removed; the editor speaks Chinese', async () => {
    const rule = (id: string, name: string) => ({ id, name, scope: { kind: 'global' as const }, match: {}, actions: {}, continue: false });
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, rules: [rule('rule-a', 'A'), rule('rule-b', 'B'), rule('rule-c', 'C')] } });
    const section = await openRules(bridge);
    const down = within(section).getByRole('button', { name: 'Move \u2068A\u2069 down' });
    down.focus();
    await fireEvent.click(down);
    expect(bridge.settings.rules.map((r) => r.name)).toEqual(['B', 'A', 'C']);
    await vi.waitFor(() => expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Move \u2068A\u2069 down' })));
    await fireEvent.click(within(section).getByRole('button', { name: 'Remove \u2068B\u2069' }));
    expect(bridge.settings.rules.map((r) => r.name)).toEqual(['A', 'C']);

    bridge.emit('herald:settings-changed', { ...bridge.settings, language: 'zh-CN' });
    expect(await within(section).findByRole('button', { name: '添加规则' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: '用最近 100 条测试' })).toBeInTheDocument();
  });
});
