import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { ConnectionState } from '../../src/shared/connection-state';
import type { OutboxEntry } from '../../src/shared/outbox';
import { BRIDGE_EVENTS } from '../../src/shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, OPEN, makeItem } from './fake-bridge';
import { renderApp } from './render-app';

const backoff: ConnectionState = { kind: 'backoff', transport: 'sse', attempt: 1, retryAt: 0, error: { code: 'network', message: 'ECONNREFUSED' } };
const only = (state: ConnectionState) => ({ overall: state, sources: [{ id: 'main', label: 'Main', kind: 'herald' as const, state, malformed: 0 }] });

describe('connection header and banner', () => {
  it('names the state and announces an outage in a live region, then its recovery', async () => {
    const { bridge } = await renderApp();
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
    const region = screen.getByTestId('connection-banner-region');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();

    bridge.emit('herald:connection-changed', only(backoff));
    await waitFor(() => expect(within(region).getByTestId('connection-banner')).toHaveTextContent('Connection lost — reconnecting…'));
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connection lost, reconnecting…');

    bridge.emit('herald:connection-changed', only({ kind: 'offline' }));
    await waitFor(() => expect(screen.getByTestId('connection-banner')).toHaveTextContent("Offline — your actions will sync when you're back online"));

    bridge.emit('herald:connection-changed', only(OPEN));
    await waitFor(() => expect(screen.queryByTestId('connection-banner')).toBeNull());
  });

  it('speaks Chinese when the OS does', async () => {
    const { bridge } = await renderApp(new FakeBridge({ systemLanguage: 'zh-CN', items: [makeItem(1)] }));
    expect(screen.getByTestId('connection-status')).toHaveTextContent('已连接');
    expect(screen.getByTestId('unread-count')).toHaveTextContent('1 条未读');
    bridge.emit('herald:connection-changed', only(backoff));
    await waitFor(() => expect(screen.getByTestId('connection-banner')).toHaveTextContent('网络连接中断，正在重连…'));
    bridge.emit('herald:connection-changed', only({ kind: 'offline' }));
    await waitFor(() => expect(screen.getByTestId('connection-banner')).toHaveTextContent('离线模式：操作将在网络恢复后同步'));
    bridge.emit('herald:connection-changed', only({ kind: 'paused', reason: 'user' }));
    await waitFor(() => expect(screen.getByTestId('connection-status')).toHaveTextContent('已暂停'));
  });

  it('shows the worst of several sources, and each one on click', async () => {
    const failed: ConnectionState = { kind: 'failed', error: { code: 'auth', message: '401' } };
    const bridge = new FakeBridge({
      connection: {
        overall: failed,
        sources: [
          { id: 'a', label: 'Team', kind: 'herald', state: OPEN, malformed: 0 },
          { id: 'b', label: 'Alerts', kind: 'ntfy', state: failed, malformed: 2 },
        ],
      },
    });
    await renderApp(bridge);
    const status = screen.getByTestId('connection-status');
    expect(status).toHaveTextContent('Connection failed: the server refused the credentials');
    expect(status).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(status);
    const list = screen.getByRole('region', { name: 'Sources' });
    expect(within(list).getByText('Team').closest('li')).toHaveTextContent('Connected');
    expect(within(list).getByText('Team').closest('li')).toHaveTextContent('via live stream (SSE)');
    expect(within(list).getByText('Alerts').closest('li')).toHaveTextContent('Connection failed');
    expect(within(list).getByText('Alerts').closest('li')).toHaveTextContent('2 unreadable events skipped');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Sources' })).toBeNull();
  });

  it('shows the first load of history while it runs', async () => {
    const { bridge } = await renderApp();
    const loading = { ...only(OPEN).sources[0]!, loading: { done: 120, total: 500 } };
    bridge.emit('herald:connection-changed', { overall: OPEN, sources: [loading] });
    await waitFor(() => expect(screen.getByTestId('first-load')).toHaveTextContent('Loading recent notifications… 120/500'));
    bridge.emit('herald:connection-changed', only(OPEN));
    await waitFor(() => expect(screen.queryByTestId('first-load')).toBeNull());
  });

  it('pauses and resumes notifications', async () => {
    const { bridge } = await renderApp();
    const toggle = screen.getByTestId('pause-toggle');
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(toggle);
    expect(bridge.setPaused).toHaveBeenCalledWith(true);
    await waitFor(() => expect(toggle).toHaveAttribute('aria-pressed', 'true'));
    expect(toggle).toHaveTextContent('Resume notifications');
    bridge.emit('herald:paused-changed', false);
    await waitFor(() => expect(toggle).toHaveAttribute('aria-pressed', 'false'));
  });

  it('shows start-up notices in words, with where the old file went', async () => {
    await renderApp(new FakeBridge({ notices: [{ code: 'store_corrupt', message: 'bad json', path: '/tmp/herald/inbox.json.corrupt' }] }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('saved data could not be read and was set aside');
    expect(alert).toHaveTextContent('/tmp/herald/inbox.json.corrupt');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says in words when single settings or a server were set aside inside the settings file, and where', async () => {
    const path = '/home/me/.config/Herald/settings.json';
    const { bridge } = await renderApp(new FakeBridge({ notices: [{ code: 'setting_reset', message: 'Settings reset to their defaults: sound.', path }, { code: 'source_set_aside', message: '1 saved source(s)…', path }] }));
    const [reset, aside] = screen.getAllByRole('alert');
    expect(reset).toHaveTextContent('some saved settings could not be read and are back to their defaults (the old values are kept)');
    expect(reset).toHaveTextContent(`The old values were kept in ${path}, under "setAside"`);
    expect(reset).not.toHaveTextContent('sound');
    expect(aside).toHaveTextContent('a saved server could not be used and was set aside; the other servers are kept');
    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(screen.getAllByRole('alert')[0]).toHaveTextContent(`原值已保存在 ${path} 的 "setAside" 下`));
    expect(screen.getAllByRole('alert')[1]).toHaveTextContent('一个已保存的服务器无法使用，已另行保存；其他服务器均已保留');
  });

  it('stops listening to main when the window goes away', async () => {
    const { bridge, unmount } = await renderApp();
    expect(bridge.listenerCount()).toBe(Object.keys(BRIDGE_EVENTS).length);
    unmount();
    expect(bridge.listenerCount()).toBe(0);
  });
});

describe('outbox in the window', () => {
  const failedEntry = (key: string, itemId: string): OutboxEntry => ({
    key,
    sourceId: 'main',
    action: { type: 'like', itemId },
    createdAt: 0,
    state: { kind: 'failed', attempts: 3, error: { code: 'invalid_input', message: 'unknown_item: no such item' }, failedAt: 0 },
  });

  it('shows a quiet syncing progress while queued actions go out', async () => {
    const { bridge } = await renderApp();
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    bridge.emit('herald:outbox-changed', { pending: 8, sending: 1, failed: 0, done: 3, total: 12 });
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('Syncing 3/12'));
    bridge.emit('herald:outbox-changed', { pending: 0, sending: 0, failed: 0, done: 0, total: 0 });
    await waitFor(() => expect(screen.queryByTestId('sync-progress')).toBeNull());
  });

  it('says 正在同步 in Chinese', async () => {
    const { bridge } = await renderApp(new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    bridge.emit('herald:outbox-changed', { pending: 9, sending: 0, failed: 0, done: 3, total: 12 });
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('正在同步 3/12'));
  });

  it('lists failed actions with the reason, and retries or discards them', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { title: 'Quarterly numbers' })] });
    bridge.outbox = [failedEntry('k1', '1'), failedEntry('k2', '404')];
    const { container } = await renderApp(bridge);
    bridge.emit('herald:outbox-changed', { pending: 0, sending: 0, failed: 2, done: 0, total: 0 });
    const panel = await screen.findByTestId('failed-actions');
    const [first, second] = within(panel).getAllByTestId('failed-entry');
    // Server text sits inside isolates (U+2068 … U+2069) in our sentences.
    expect(first).toHaveTextContent('Like “\u2068Quarterly numbers\u2069”');
    expect(first!.querySelector('.reason')).toHaveTextContent(/^Reason: the server rejected the request as invalid$/);
    expect(within(first!).getByTestId('error-details')).toHaveTextContent('unknown_item: no such item');
    expect(second).toHaveTextContent('Like “\u2068item \u2068404\u2069\u2069”');

    await fireEvent.click(within(first!).getByRole('button', { name: 'Retry' }));
    expect(bridge.retryOutbox).toHaveBeenCalledWith('k1');
    await fireEvent.click(within(second!).getByRole('button', { name: 'Discard' }));
    expect(bridge.discardOutbox).toHaveBeenCalledWith('k2');
    await waitFor(() => expect(container.querySelector('[data-testid="failed-actions"]')).toBeNull());
  });

  it('keeps bidi overrides in a server title from reversing the sentence around it', async () => {
    const title = 'Invoice_\u202Efdp.exe';
    const bridge = new FakeBridge({ items: [makeItem(1, { title })] });
    bridge.outbox = [failedEntry('k1', '1')];
    await renderApp(bridge);
    bridge.emit('herald:outbox-changed', { pending: 0, sending: 0, failed: 1, done: 0, total: 0 });
    const entry = await screen.findByTestId('failed-entry');
    const text = entry.querySelector('.desc')!.textContent!;
    // The override is closed by the isolate's end before our own closing quote and words.
    expect(text).toBe(`Like “\u2068${title}\u2069”`);
  });

  it('isolates server text in the notification list and the source chips', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { title: 'Invoice_\u202Efdp.exe', body: '\u202Ebody' })] });
    const { container } = await renderApp(bridge);
    const row = container.querySelector('[data-testid="notification-row"]')!;
    expect(row.querySelector('.title bdi')?.textContent).toBe('Invoice_\u202Efdp.exe');
    expect(row.querySelector('.body bdi')?.textContent).toBe('\u202Ebody');
  });

  it('fetches the failed list at start when there already are failures', async () => {
    const bridge = new FakeBridge({ outbox: { pending: 0, sending: 0, failed: 1, done: 0, total: 0 } });
    bridge.outbox = [failedEntry('k1', '1')];
    await renderApp(bridge);
    expect(await screen.findByTestId('failed-entry')).toHaveTextContent('Retry');
  });
});
