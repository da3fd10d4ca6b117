/**
 * "Why did this notify?" on an item: main's decision record in words — which profile, which rules, what held it
 * back or collected it — asked for only when opened, in English and Chinese; an item with no record says so.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, makeItems } from './fake-bridge';
import { renderApp, rows } from './render-app';

async function openWhy(bridge: FakeBridge, index = 0) {
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[index]!);
  const why = await screen.findByTestId('why');
  expect(bridge.whyNotified).not.toHaveBeenCalled();
  await fireEvent.click(within(why).getByText(/Why did this notify\?|为什么会提醒？/));
  why.toggleAttribute('open', true);
  await fireEvent(why, new Event('toggle'));
  return why;
}

describe('Why did this notify?', () => {
  it('says what decided it: a rule kept it in the list, with the profile used and the rules that matched', async () => {
    const items = makeItems(2);
    const bridge = new FakeBridge({ items, unread: 2 });
    bridge.decisions.set(items[0]!.key, {
      toast: false,
      decidedBy: 'rule_list_only',
      profile: { scope: 'source', priority: 4 },
      rules: [{ index: 1, id: 'rule-2', name: 'Rest of ci' }],
      sound: 'none',
      badge: false,
    });
    const why = await openWhy(bridge);
    await vi.waitFor(() => expect(within(why).getByRole('status').textContent).toContain('It only landed in the list: a rule says not to notify.'));
    const text = within(why).getByRole('status').textContent;
    expect(text).toContain('Profile: this source’s own, at priority 4.');
    expect(text).toContain('Rules that matched: \u2068Rest of ci\u2069.');
    expect(text).toContain('Not counted in the badge.');
    expect(bridge.whyNotified).toHaveBeenCalledWith(items[0]!.key);
  });

  it('an item with no record says so; the words are Chinese in a Chinese window', async () => {
    const items = makeItems(1);
    const bridge = new FakeBridge({ items, unread: 1, settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } });
    const why = await openWhy(bridge);
    await vi.waitFor(() => expect(within(why).getByRole('status').textContent).toContain('Herald 没有这条的记录'));

    bridge.decisions.set(items[0]!.key, { toast: true, decidedBy: 'break_through', profile: { scope: 'global', priority: 5 }, rules: [], sound: 'urgent', badge: true });
    why.toggleAttribute('open', false);
    await fireEvent(why, new Event('toggle'));
    why.toggleAttribute('open', true);
    await fireEvent(why, new Event('toggle'));
    await vi.waitFor(() => expect(within(why).getByRole('status').textContent).toContain('已突破免打扰、暂停或稍后提醒：优先级 5 允许突破。'));
    expect(within(why).getByRole('status').textContent).toContain('声音：紧急。');
    expect(within(why).getByRole('status').textContent).toContain('没有匹配的规则。');
  });
});
