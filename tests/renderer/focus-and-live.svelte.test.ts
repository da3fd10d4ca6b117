/**
 * Where the keyboard focus lands when a control that had it goes away, what a screen reader hears about the open
 * item, and what the one pause control offers while everything is snoozed. A user clicking a button gives it the
 * focus: each test does the same (`focusAndClick`), so focus falling to <body> is seen as it would be.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS, type Settings, type SourceSettings } from '../../src/shared/settings';
import { FakeBridge, OPEN, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

async function focusAndClick(el: HTMLElement): Promise<void> {
  el.focus();
  await fireEvent.click(el);
}
const focused = () => document.activeElement;
const SAY = { timeout: 4000 };

describe('focus stays on something sensible', () => {
  it('"Send…" on an http action moves the focus into its question; Cancel gives it back to "Send…"; Send to the "queued" line', async () => {
    const item = makeItem(1, { actions: [{ kind: 'http', label: 'Silence', url: 'https://alerts.example/silence' }] });
    const { container } = await renderApp(new FakeBridge({ items: [item] }));
    await fireEvent.click(rows(container)[0]!);
    const detail = await screen.findByTestId('item-detail');

    await focusAndClick(within(detail).getByTestId('action-run'));
    const confirm = within(detail).getByTestId('action-confirm');
    await waitFor(() => expect(confirm.contains(focused())).toBe(true));

    await focusAndClick(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(focused()).toBe(within(detail).getByTestId('action-run')));

    await focusAndClick(within(detail).getByTestId('action-run'));
    await focusAndClick(within(within(detail).getByTestId('action-confirm')).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(focused()).toBe(within(detail).getByTestId('action-queued')));
  });

  it('opening the source editor moves the focus into it; Cancel gives it back to the button that opened it', async () => {
    const team: SourceSettings = { id: 'team', kind: 'herald', url: 'http://127.0.0.1:8787', label: 'Team', hasToken: false, hasPassword: false };
    await renderApp(new FakeBridge({ settings: { ...DEFAULT_SETTINGS, sources: [team] } }));
    await fireEvent.click(screen.getByTestId('open-settings'));

    await focusAndClick(await screen.findByTestId('add-source'));
    const editor = await screen.findByTestId('source-editor');
    await waitFor(() => expect(editor.contains(focused())).toBe(true));
    await focusAndClick(within(editor).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(focused()).toBe(screen.getByTestId('add-source')));

    const item = screen.getByTestId('source-item');
    await focusAndClick(within(item).getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(within(item).getByTestId('source-editor').contains(focused())).toBe(true));
    await focusAndClick(within(item).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(focused()).toBe(within(item).getByRole('button', { name: 'Edit' })));
  });

  it('Escape closing the sources popover gives the focus back to the button that opened it', async () => {
    const bridge = new FakeBridge({
      connection: {
        overall: OPEN,
        sources: [
          { id: 'a', label: 'Team', kind: 'herald', state: OPEN, malformed: 0 },
          { id: 'b', label: 'Alerts', kind: 'ntfy', state: OPEN, malformed: 0 },
        ],
      },
    });
    await renderApp(bridge);
    const status = screen.getByTestId('connection-status');
    await focusAndClick(status);
    const menu = within(screen.getByRole('region', { name: 'Sources' })).getAllByRole('combobox')[0]!;
    menu.focus();
    await fireEvent.keyDown(menu, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Sources' })).toBeNull());
    expect(focused()).toBe(status);
  });
});

describe('live changes to the open item are announced', () => {
  const open = async (settings: Settings = DEFAULT_SETTINGS) => {
    const item = makeItem(1, { read: true });
    const rendered = await renderApp(new FakeBridge({ items: [item], settings }));
    await fireEvent.click(rows(rendered.container)[0]!);
    await screen.findByTestId('item-detail');
    return { ...rendered, item };
  };

  it('a like from someone else, politely', async () => {
    const { bridge, item } = await open();
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [{ ...item, likes: 1 }] }], unread: 0 });
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/^New like on this notification$/), SAY);
  });

  it('a comment from someone else, in Chinese too', async () => {
    const { bridge, item } = await open({ ...DEFAULT_SETTINGS, language: 'zh-CN' });
    const comment = { id: 'c1', itemId: item.itemId, author: 'ops', body: 'on it', time: new Date().toISOString() };
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'comment', itemKey: item.key, comment }], unread: 0 });
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/^这条通知有新评论$/), SAY);
  });

  it('not the user\'s own like, nor a change to another item', async () => {
    const { bridge, item } = await open();
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [{ ...item, likes: 1, liked: true }] }], unread: 0 });
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(2, { read: true })] }, { kind: 'updated', items: [makeItem(2, { likes: 3, read: true })] }], unread: 0 });
    // The arrival of item 2 is said; nothing about likes.
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/^1 new notification$/), SAY);
  });
});

describe('the pause control while everything is snoozed', () => {
  it('offers "Resume", and Resume ends the snooze instead of pausing', async () => {
    const snoozed = { ...DEFAULT_SETTINGS, snooze: { all: { until: null }, sources: { b: { until: null } } } };
    const bridge = new FakeBridge({ settings: snoozed });
    await renderApp(bridge);
    const toggle = screen.getByTestId('pause-toggle');
    expect(toggle).toHaveTextContent('Resume notifications');
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await fireEvent.click(toggle);
    expect(bridge.setPaused).not.toHaveBeenCalledWith(true);
    // A source snoozed on its own stays snoozed (as the tray's "Turn notifications back on" does).
    expect(bridge.updateSettings).toHaveBeenCalledWith({ snooze: { sources: { b: { until: null } } } });
    await waitFor(() => expect(toggle).toHaveTextContent('Pause notifications'));
  });
});
