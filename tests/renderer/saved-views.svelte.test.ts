/**
 * Saved views: made in Settings → Saved views without reading docs, shown above the list as buttons with how many
 * items each holds, reachable with the keyboard; choosing one shows exactly its items; en and zh-CN.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, makeItems, OPEN } from './fake-bridge';
import { renderApp, rows } from './render-app';

const SOURCES = [
  { id: 'ops', kind: 'ntfy' as const, url: 'http://127.0.0.1:1', label: 'Ops', channels: ['ci'], hasToken: false, hasPassword: false },
  { id: 'home', kind: 'herald' as const, url: 'http://127.0.0.1:2', label: 'Home', hasToken: false, hasPassword: false },
];

function bridgeWithItems(): FakeBridge {
  // 12 items: odd ones from Ops, even from Home; priority n % 5 + 1; items 1–4 read.
  const items = makeItems(12, (n) => ({ sourceId: n % 2 === 1 ? 'ops' : 'home', itemId: `i${n}`, priority: ((n % 5) + 1) as 1 | 2 | 3 | 4 | 5, read: n <= 4 }));
  return new FakeBridge({
    items,
    unread: 8,
    settings: { ...DEFAULT_SETTINGS, sources: SOURCES },
    connection: { overall: OPEN, sources: SOURCES.map((s) => ({ id: s.id, label: s.label, kind: s.kind, state: OPEN, malformed: 0 })) },
  });
}

/** Ops, unread, priority ≥ 4: Ops holds the odd items, unread are 5, 7, 9, 11 (priorities 1, 3, 5, 2): only item 9. */
const EXPECTED_KEYS = ['ops/i9'];

describe('saved views', () => {
  it('a view made in Settings shows above the list with its count, and choosing it by keyboard shows exactly its items', async () => {
    const bridge = bridgeWithItems();
    const { container } = await renderApp(bridge);
    expect(screen.queryByTestId('saved-views')).toBeNull();

    await fireEvent.click(screen.getByTestId('open-settings'));
    const section = screen.getByTestId('settings-views');
    await fireEvent.click(within(section).getByRole('button', { name: 'Add view' }));
    // Saving without a name says what is missing, and saves nothing.
    await fireEvent.click(within(section).getByRole('button', { name: 'Save view' }));
    expect(within(section).getByText('Give the view a name.')).toBeInTheDocument();
    expect(bridge.updateSettings).not.toHaveBeenCalled();

    await fireEvent.input(within(section).getByLabelText('Name'), { target: { value: 'Ops urgent' } });
    await fireEvent.click(within(section).getByRole('checkbox', { name: '\u2068Ops\u2069' }));
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'Unread only' }));
    await fireEvent.change(within(section).getByLabelText('Priority'), { target: { value: '4' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Save view' }));
    expect(bridge.updateSettings).toHaveBeenCalledWith({
      savedViews: [{ id: expect.stringMatching(/^view-/), name: 'Ops urgent', filter: { unreadOnly: true, includeRouted: true, sources: ['ops'], minPriority: 4 } }],
    });
    expect(await within(section).findByText('\u2068Ops urgent\u2069')).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('open-inbox'));
    const group = await screen.findByRole('group', { name: 'Saved views' });
    const view = within(group).getByRole('button', { name: /Ops urgent/ });
    expect(view.textContent).toContain('1 item');
    expect(view.getAttribute('aria-pressed')).toBe('false');
    // A native button: reachable with Tab, pressed with Enter or Space.
    expect(view.tabIndex).toBe(0);
    view.focus();
    await fireEvent.click(view);
    expect(view.getAttribute('aria-pressed')).toBe('true');
    expect(rows(container).map((r) => r.dataset.key)).toEqual(EXPECTED_KEYS);

    await fireEvent.click(within(group).getByRole('button', { name: 'All items' }));
    expect(rows(container)).toHaveLength(12);
  });

  it('a removed view leaves the list showing everything; the buttons speak Chinese', async () => {
    const bridge = bridgeWithItems();
    bridge.settings = { ...bridge.settings, language: 'zh-CN', savedViews: [{ id: 'view-1', name: '运维', filter: { unreadOnly: true, includeRouted: true } }] };
    const { container } = await renderApp(bridge);
    const group = await screen.findByRole('group', { name: '已保存的视图' });
    const view = within(group).getByRole('button', { name: /运维/ });
    expect(view.textContent).toContain('8 条');
    await fireEvent.click(view);
    expect(rows(container)).toHaveLength(8);

    bridge.emit('herald:settings-changed', { ...bridge.settings, savedViews: [] });
    await vi.waitFor(() => expect(screen.queryByRole('group', { name: '已保存的视图' })).toBeNull());
    await vi.waitFor(() => expect(rows(container)).toHaveLength(12));
  });
});

describe('a digest clicked', () => {
  it('shows the list narrowed to exactly its items, said in words, until "Show all"', async () => {
    const bridge = bridgeWithItems();
    const { container } = await renderApp(bridge);
    await fireEvent.click(screen.getByTestId('open-settings'));
    bridge.emit('herald:show-items', { keys: ['ops/i3', 'ops/i5', 'ops/i7'] });
    const status = await screen.findByTestId('digest-only');
    expect(status.textContent).toContain('Showing the 3 items of a digest.');
    expect(rows(container).map((r) => r.dataset.key)).toEqual(['ops/i7', 'ops/i5', 'ops/i3']);
    await fireEvent.click(within(status).getByRole('button', { name: 'Show all' }));
    expect(screen.queryByTestId('digest-only')).toBeNull();
    expect(rows(container)).toHaveLength(12);
  });
});
