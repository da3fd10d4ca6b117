/**
 * The rule actions the window applies (issue 25): "add a local tag" and "route to a saved view". The window runs the
 * same evaluation as main and the CLI (src/shared/rules-evaluate.ts): local tags show on the item, marked as local,
 * and count in saved views' tag filters; a view that takes routed items holds what a rule routed to it. The work is
 * one evaluation per item per rules change, not per render — counted, never timed.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import type { Rule, SavedView } from '../../src/shared/rules';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { localRuleEvaluations } from '../../src/renderer/src/lib/rule-outcomes';
import { FakeBridge, makeItems, OPEN } from './fake-bridge';
import { renderApp, rows } from './render-app';

const SOURCES: Settings['sources'] = [
  { id: 'ops', kind: 'ntfy', url: 'http://127.0.0.1:1', label: 'Ops', channels: ['ci', 'db'], hasToken: false, hasPassword: false },
];

/** Items on topic ci whose title says "failed" get the local tag "build" and go to the view "CI failures". */
const CI_RULE: Rule = {
  id: 'ci-failed',
  name: 'CI failures',
  scope: { kind: 'global' },
  match: { channel: 'ci', title: { kind: 'words', words: 'failed' } },
  actions: { addTags: ['build'], view: 'view-ci' },
  continue: false,
};

const VIEWS: SavedView[] = [
  // Priority 5 only, but routed items too: only what the rule routed (no item here has priority 5).
  { id: 'view-ci', name: 'CI failures', filter: { minPriority: 5, unreadOnly: false, includeRouted: true } },
  // Tag "BUILD" (case and width ignored): only items carrying it, here only by a rule.
  { id: 'view-build', name: 'Builds', filter: { tags: ['ＢＵＩＬＤ'], unreadOnly: false, includeRouted: false } },
  // Routed items do not enter a view that does not take them.
  { id: 'view-urgent', name: 'Urgent', filter: { minPriority: 5, unreadOnly: false, includeRouted: false } },
];

function bridgeWith(settings: Partial<Settings>, count = 6): FakeBridge {
  // Odd items on topic ci, even on db; items 1 and 3 are titled "Build n failed", the rest "Item n".
  const items = makeItems(count, (n) => ({
    sourceId: 'ops',
    itemId: `m${n}`,
    eventId: `${n % 2 === 1 ? 'ci' : 'db'}:m${n}`,
    priority: 3,
    ...(n === 1 || n === 3 || n === 4 ? { title: `Build ${n} failed` } : {}),
    ...(n === 3 ? { tags: ['nightly'] } : {}),
  }));
  return new FakeBridge({
    items,
    settings: { ...DEFAULT_SETTINGS, sources: SOURCES, ...settings },
    connection: { overall: OPEN, sources: SOURCES.map((s) => ({ id: s.id, label: s.label ?? s.id, kind: s.kind, state: OPEN, malformed: 0 })) },
  });
}

function viewButton(name: RegExp): HTMLElement {
  return within(screen.getByRole('group', { name: 'Saved views' })).getByRole('button', { name });
}

describe('rule actions in the window', () => {
  it('a rule routes items to a view that takes them and adds a local tag that tag filters count', async () => {
    const { container } = await renderApp(bridgeWith({ rules: [CI_RULE], savedViews: VIEWS }));
    // Items 1 and 3 are on ci and failed; item 4 failed on db, so no rule matched it.
    expect(viewButton(/CI failures/).textContent).toContain('2 items');
    expect(viewButton(/Builds/).textContent).toContain('2 items');
    expect(viewButton(/Urgent/).textContent).toContain('0 items');

    await fireEvent.click(viewButton(/CI failures/));
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/m3', 'ops/m1']);
    await fireEvent.click(viewButton(/Builds/));
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/m3', 'ops/m1']);

    // On the item: the publisher's tag as before, the rule's tag marked as local, in words a screen reader says.
    await fireEvent.click(rows(container)[0]!);
    const tags = await screen.findByTestId('item-tags');
    const local = within(tags).getByTestId('local-tag');
    expect(local.textContent).toContain('#build');
    expect(local.textContent).toContain('Local tag');
    expect(within(tags).getAllByRole('listitem').map((li) => li.dataset.testid ?? 'tag')).toEqual(['tag', 'local-tag']);
  });

  it('the search box finds items by their tags: the publisher’s and the ones a rule added', async () => {
    const rule: Rule = { ...CI_RULE, actions: { addTags: ['pager'] } };
    const { container } = await renderApp(bridgeWith({ rules: [rule] }));
    // Item 3 carries "nightly" from its publisher; no title or body says it.
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'Nightly' } });
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/m3']);
    // Items 1 and 3 (on ci, failed) carry "pager" only because the rule added it.
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'pager' } });
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/m3', 'ops/m1']);
  });

  it('says "local tag" in Chinese, and a tag the item already has is not added twice', async () => {
    const rule: Rule = { ...CI_RULE, actions: { addTags: ['Nightly', 'build'] } };
    const { container } = await renderApp(bridgeWith({ language: 'zh-CN', rules: [rule] }));
    await fireEvent.click(container.querySelector<HTMLElement>('[data-key="ops/m3"]')!);
    const tags = await screen.findByTestId('item-tags');
    expect(within(tags).getAllByRole('listitem')).toHaveLength(2);
    expect(within(tags).getByTestId('local-tag').textContent).toContain('本地标签');
  });

  it('evaluates each item once per rules change, not once per render (5 000 items, 20 rules)', async () => {
    const rules: Rule[] = Array.from({ length: 20 }, (_, i) => ({
      ...CI_RULE,
      id: `r${i}`,
      name: `Rule ${i}`,
      match: { channel: 'ci', title: { kind: 'words', words: i === 19 ? 'failed' : `never-${i}` } },
      continue: true,
    }));
    const bridge = bridgeWith({ rules, savedViews: VIEWS }, 5000);
    const before = localRuleEvaluations();
    const { container } = await renderApp(bridge);
    expect(viewButton(/CI failures/).textContent).toContain('2 items');
    expect(localRuleEvaluations() - before).toBe(5000);

    // Choosing views, searching and a settings change that leaves the rules alone: nothing evaluated again.
    await fireEvent.click(viewButton(/Builds/));
    await fireEvent.click(viewButton(/CI failures/));
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'build' } });
    bridge.emit('herald:settings-changed', { ...bridge.settings, rules: structuredClone(rules), language: 'zh-CN' });
    await vi.waitFor(() => expect(screen.getByRole('group', { name: '已保存的视图' })).toBeInTheDocument());
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/m3', 'ops/m1']);
    expect(localRuleEvaluations() - before).toBe(5000);

    // The rules change: every item once more, and the views follow.
    bridge.emit('herald:settings-changed', { ...bridge.settings, language: 'zh-CN', rules: rules.slice(0, 19) });
    await vi.waitFor(() => expect(rows(container)).toHaveLength(0));
    expect(localRuleEvaluations() - before).toBe(10_000);
  });
});
