/** What a screen reader hears without looking: arrivals (coalesced), coming back online, and the outbox's wording. */
import { screen, waitFor } from '@testing-library/svelte';
import type { ConnectionState } from '../../src/shared/connection-state';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { Announcer } from '../../src/renderer/src/stores/announcer.svelte';
import { FakeBridge, OPEN, makeItem, makeItems } from './fake-bridge';
import { renderApp } from './render-app';

const only = (state: ConnectionState) => ({ overall: state, sources: [{ id: 'main', label: 'Main', kind: 'herald' as const, state, malformed: 0 }] });
const backoff: ConnectionState = { kind: 'backoff', transport: 'sse', attempt: 1, retryAt: 0, error: { code: 'network', message: '' } };
const SAY = { timeout: 4000 };

describe('Announcer', () => {
  afterEach(() => vi.useRealTimers());

  it('gathers a burst into one message, said once the burst had a moment', () => {
    vi.useFakeTimers();
    const a = new Announcer(1000);
    a.arrived(1);
    a.arrived(2);
    expect(a.current).toBeNull();
    vi.advanceTimersByTime(999);
    expect(a.current).toBeNull();
    vi.advanceTimersByTime(1);
    expect(a.current).toMatchObject({ key: 'announce.newItems', params: { n: 3 } });
    a.arrived(1);
    vi.advanceTimersByTime(1000);
    expect(a.current).toMatchObject({ key: 'announce.newItem' });
    a.arrived(0);
    vi.advanceTimersByTime(5000);
    expect(a.current?.key).toBe('announce.newItem');
  });

  it('gives each message a new number, so the same words are said again', () => {
    const a = new Announcer();
    a.say('announce.backOnline');
    const first = a.current!.seq;
    a.say('announce.backOnline');
    expect(a.current!.seq).toBeGreaterThan(first);
  });
});

describe('live announcements in the window', () => {
  it('says "3 new notifications" once for a burst of three, politely', async () => {
    const { bridge } = await renderApp(new FakeBridge({ items: makeItems(2) }));
    const region = screen.getByTestId('announcer');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();
    for (const n of [3, 4, 5]) bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(n)] }], unread: n });
    await waitFor(() => expect(region).toHaveTextContent(/^3 new notifications$/), SAY);
  });

  it('says it in Chinese', async () => {
    const { bridge } = await renderApp(new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(1), makeItem(2)] }], unread: 2 });
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/^2 条新通知$/), SAY);
  });

  it('does not announce the first load of history', async () => {
    const loading = { ...only(OPEN), sources: [{ ...only(OPEN).sources[0]!, loading: { done: 0, total: 50 } }] };
    const { bridge } = await renderApp(new FakeBridge({ connection: loading }));
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: makeItems(50) }], unread: 50 });
    bridge.emit('herald:connection-changed', only(OPEN));
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(51)] }], unread: 51 });
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/^1 new notification$/), SAY);
  });

  it('says "Back online" when a lost connection returns (the banner announced the loss)', async () => {
    const { bridge } = await renderApp();
    bridge.emit('herald:connection-changed', only(backoff));
    await waitFor(() => expect(screen.getByTestId('connection-banner-region')).toHaveTextContent('Connection lost'));
    expect(screen.getByTestId('announcer')).toBeEmptyDOMElement();
    bridge.emit('herald:connection-changed', only(OPEN));
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Back online'));
    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('已恢复连接'));
  });
});

describe('the outbox while offline', () => {
  it('says how many actions wait for the connection, without a spinner; progress starts when sending does', async () => {
    const { bridge, container } = await renderApp();
    bridge.emit('herald:connection-changed', only({ kind: 'offline' }));
    bridge.emit('herald:outbox-changed', { pending: 3, sending: 0, failed: 0, done: 0, total: 3 });
    const sync = await screen.findByTestId('sync-progress');
    await waitFor(() => expect(sync).toHaveTextContent(/^3 actions waiting for the connection$/));
    expect(container.querySelector('.spinner')).toBeNull();

    bridge.emit('herald:outbox-changed', { pending: 1, sending: 0, failed: 0, done: 0, total: 1 });
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent(/^1 action waiting for the connection$/));

    bridge.emit('herald:connection-changed', only(OPEN));
    bridge.emit('herald:outbox-changed', { pending: 2, sending: 1, failed: 0, done: 0, total: 3 });
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('Syncing 0/3'));
    expect(container.querySelector('.spinner')).not.toBeNull();
  });

  it('says it in Chinese', async () => {
    const { bridge } = await renderApp(new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    bridge.emit('herald:connection-changed', only(backoff));
    bridge.emit('herald:outbox-changed', { pending: 3, sending: 0, failed: 0, done: 0, total: 3 });
    await waitFor(() => expect(screen.getByTestId('sync-progress')).toHaveTextContent('3 个操作等待网络连接'));
  });
});
