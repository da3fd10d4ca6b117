import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { FakeBridge, makeItem, makeItems, ok } from './fake-bridge';
import { renderApp, rows } from './render-app';

describe('notification list', () => {
  it('shows server text as text, never as HTML', async () => {
    const title = '<img src=x onerror=alert(1)>';
    const body = '<script>alert("x")</script><b>bold</b>';
    const { container } = await renderApp(new FakeBridge({ items: [makeItem(1, { title, body })] }));
    expect(screen.getByText(title)).toBeInTheDocument();
    expect(screen.getByText(body)).toBeInTheDocument();
    expect(container.querySelector('img, script, b')).toBeNull();

    await fireEvent.click(rows(container)[0]!);
    const detail = await screen.findByTestId('item-detail');
    expect(within(detail).getByRole('heading', { name: title })).toBeInTheDocument();
    expect(detail.querySelector('img, script, b')).toBeNull();
  });

  it('keeps only a window of rows in the DOM for 100 000 items, and scrolling moves it', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(100_000) }));
    const first = rows(container);
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThanOrEqual(50);
    expect(first[0]).toHaveTextContent('Item 100000');
    expect(screen.getByTestId('unread-count')).toHaveTextContent('100,000 unread');

    const viewport = screen.getByTestId('notification-list');
    Object.defineProperty(viewport, 'scrollTop', { configurable: true, value: 76 * 50_000 });
    await fireEvent.scroll(viewport);
    const later = rows(container);
    expect(later.length).toBeLessThanOrEqual(50);
    expect(screen.queryByText('Item 100000')).toBeNull();
    const indexes = later.map((r) => Number(r.dataset.index));
    expect(Math.min(...indexes)).toBeGreaterThan(49_000);
    expect(indexes).toContain(50_000);
    expect(screen.getByText('Item 50000')).toBeInTheDocument();
  });

  it('draws the snapshot\'s first page at once and fetches older items a page at a time, in order', async () => {
    const all = makeItems(5500); // newest first
    const bridge = new FakeBridge({ items: all.slice(0, 1000), itemsTotal: 5500, unread: 5500 });
    bridge.older = all.slice(1000);
    const { container } = await renderApp(bridge);
    expect(rows(container)[0]).toHaveTextContent('Item 5500');
    await waitFor(() => expect(screen.getByTestId('unread-count')).toHaveTextContent('5,500 unread'));
    expect(bridge.getItems.mock.calls.map(([after]) => after.key)).toEqual(['main/4501', 'main/2501', 'main/501']);
    // A live item during the paging lands on top, once.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(6000)] }], unread: 5501 });
    await waitFor(() => expect(rows(container)[0]).toHaveTextContent('Item 6000'));
    expect(screen.getByTestId('unread-count')).toHaveTextContent('5,501 unread');
  });

  it('counts every unread item of a big inbox at once, while its older pages are still loading (the core\'s count)', async () => {
    const bridge = new FakeBridge({ items: makeItems(1000), itemsTotal: 5500, unread: 5500 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    bridge.getItems.mockImplementation(async () => {
      await held;
      return ok([]);
    });
    await renderApp(bridge);
    await waitFor(() => expect(bridge.getItems).toHaveBeenCalled());
    expect(screen.getByTestId('unread-count')).toHaveTextContent('5,500 unread');
    // A live change carries the core's new count.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [makeItem(1000, { read: true })] }], unread: 5499 });
    await waitFor(() => expect(screen.getByTestId('unread-count')).toHaveTextContent('5,499 unread'));
    release();
  });

  it('shows newest first and adds live items at the top', async () => {
    const { container, bridge } = await renderApp(new FakeBridge({ items: makeItems(2) }));
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'added', items: [makeItem(3, { title: 'Fresh news' })] }], unread: 3 });
    await waitFor(() => expect(rows(container)[0]).toHaveTextContent('Fresh news'));
    expect(screen.getByTestId('unread-count')).toHaveTextContent('3 unread');
  });

  it('marks an item read through the outbox when it is opened, and the unread count follows', async () => {
    const { container, bridge } = await renderApp(new FakeBridge({ items: makeItems(3) }));
    await fireEvent.click(rows(container)[1]!);
    expect(bridge.act).toHaveBeenCalledWith('main', { type: 'mark_read', itemId: '2' });
    // Main answers with the optimistic item.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [makeItem(2, { read: true, pending: { read: true } })] }], unread: 2 });
    await waitFor(() => expect(screen.getByTestId('unread-count')).toHaveTextContent('2 unread'));
    expect(rows(container)[1]).toHaveTextContent('Waiting to sync');
    // Opening a read item sends nothing.
    await fireEvent.click(rows(container)[1]!);
    expect(bridge.act).toHaveBeenCalledTimes(1);
  });

  it('marks all read per source, up to the newest item shown', async () => {
    const items = [makeItem(4, { sourceId: 'work' }), makeItem(3), makeItem(2, { sourceId: 'work' }), makeItem(1, { read: true })];
    const { bridge } = await renderApp(new FakeBridge({ items }));
    await fireEvent.click(screen.getByTestId('mark-all-read'));
    expect(bridge.act).toHaveBeenCalledWith('work', { type: 'mark_all_read', upTo: '4' });
    expect(bridge.act).toHaveBeenCalledWith('main', { type: 'mark_all_read', upTo: '3' });
  });

  it('filters by unread, type and priority, and searches', async () => {
    const items = [
      makeItem(4, { kind: 'system', level: 'critical', title: 'Database down', priority: 5 }),
      makeItem(3, { title: 'Invoice paid', read: true }),
      makeItem(2, { title: 'New follower', priority: 2 }),
      makeItem(1, { title: 'Invoice due', priority: 4 }),
    ];
    const { container } = await renderApp(new FakeBridge({ items }));
    const titles = () => rows(container).map((r) => r.querySelector('.title')?.textContent);

    await fireEvent.click(screen.getByRole('button', { name: 'Unread' }));
    expect(titles()).toEqual(['Database down', 'New follower', 'Invoice due']);
    await fireEvent.click(screen.getByRole('button', { name: 'All' }));

    await fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'system' } });
    expect(titles()).toEqual(['Database down']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'all' } });

    await fireEvent.change(screen.getByRole('combobox', { name: 'Priority' }), { target: { value: '4' } });
    expect(titles()).toEqual(['Database down', 'Invoice due']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Priority' }), { target: { value: '1' } });

    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'invoice' } });
    expect(titles()).toEqual(['Invoice paid', 'Invoice due']);
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('Nothing matches these filters.')).toBeInTheDocument();
  });

  it('shows system messages distinctly, with their level', async () => {
    const { container } = await renderApp(
      new FakeBridge({ items: [makeItem(2, { kind: 'system', level: 'warning', title: 'Maintenance tonight' }), makeItem(1)] }),
    );
    const [system, plain] = rows(container);
    expect(system).toHaveAttribute('data-level', 'warning');
    expect(system).toHaveTextContent('System · Warning');
    expect(plain).not.toHaveAttribute('data-level');
  });

  it('labels rows with their source when there are several sources', async () => {
    const open = { kind: 'open', transport: 'sse', since: 0 } as const;
    const bridge = new FakeBridge({
      items: [makeItem(2, { sourceId: 'ops' }), makeItem(1)],
      connection: {
        overall: open,
        sources: [
          { id: 'main', label: 'Team', kind: 'herald', state: open, malformed: 0 },
          { id: 'ops', label: 'Ops alerts', kind: 'ntfy', state: open, malformed: 0 },
        ],
      },
    });
    const { container } = await renderApp(bridge);
    expect(rows(container)[0]).toHaveTextContent('Ops alerts');
    expect(rows(container)[1]).toHaveTextContent('Team');
  });

  it('reloads the list when main says the inbox was reset', async () => {
    const { container, bridge } = await renderApp(new FakeBridge({ items: makeItems(2) }));
    bridge.snapshot = { ...bridge.snapshot, items: [makeItem(9, { title: 'After reset' })] };
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'reset' }], unread: 1 });
    await waitFor(() => expect(rows(container).map((r) => r.querySelector('.title')?.textContent)).toEqual(['After reset']));
  });

  it('moves between rows with the arrow keys', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(5) }));
    const [first] = rows(container);
    first!.focus();
    await fireEvent.keyDown(first!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(rows(container)[1]));
  });
});
