import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { InboxComment } from '../../src/shared/inbox';
import { FakeBridge, OPEN, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const comment = (id: string, body: string, patch: Partial<InboxComment> = {}): InboxComment => ({
  id,
  itemId: '1',
  author: 'Ann',
  body,
  time: '2026-11-24T08:00:00Z',
  ...patch,
});

async function openFirst(bridge: FakeBridge) {
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  await waitFor(() => expect(bridge.getComments).toHaveBeenCalledWith('main/1'));
  return { ...r, detail };
}

/**
 * Animations recorded by the jsdom stand-in in setup.ts whose keyframes mention `text`. Svelte first runs a
 * zero-length "delay" animation, then the real one: only the real ones (duration > 0) count.
 */
function animationsWith(text: string) {
  return globalThis.__animations.filter((a) => a.duration > 0 && JSON.stringify(a.keyframes).includes(text));
}

describe('item detail', () => {
  it('shows the item and its comments', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { title: 'Release 2.0', body: 'Notes\nsecond line', read: true, commentCount: 1 })] });
    bridge.comments.set('main/1', [comment('c1', 'Great work!')]);
    const { detail } = await openFirst(bridge);
    expect(within(detail).getByRole('heading', { name: 'Release 2.0' })).toBeInTheDocument();
    expect(await within(detail).findByText('Great work!')).toBeInTheDocument();
    expect(within(detail).getByText('Comments (1)')).toBeInTheDocument();
  });

  it('offline: the comments Herald knows stay, marked possibly stale in words, and refresh by themselves on reconnect', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, commentCount: 2 })] });
    const stale = { comments: [comment('c1', 'seen before'), comment('pending:k1', 'written offline', { pending: true, author: '' })], stale: { code: 'network' as const, message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:1' } };
    bridge.getComments.mockResolvedValueOnce({ ok: true, value: stale });
    const { detail } = await openFirst(bridge);
    expect(await within(detail).findByText('seen before')).toBeInTheDocument();
    expect(within(detail).getByText('written offline')).toBeInTheDocument();
    const note = within(detail).getByTestId('comments-stale');
    expect(note).toHaveTextContent('These comments may be out of date: the network cannot reach the server');
    expect(note.textContent).not.toContain('ECONNREFUSED');

    bridge.comments.set('main/1', [comment('c1', 'seen before'), comment('c2', 'written offline')]);
    const OFFLINE = { kind: 'backoff' as const, transport: 'sse' as const, attempt: 1, retryAt: 0, error: stale.stale };
    const summary = (state: typeof OFFLINE | typeof OPEN) => ({ overall: state, sources: [{ id: 'main', label: 'Main', kind: 'herald' as const, state, malformed: 0 }] });
    bridge.emit('herald:connection-changed', summary(OFFLINE));
    bridge.emit('herald:connection-changed', summary(OPEN));
    await waitFor(() => expect(within(detail).queryByTestId('comments-stale')).toBeNull());
    expect(bridge.getComments).toHaveBeenCalledTimes(2);
    expect(within(detail).getByText('written offline')).toBeInTheDocument();
  });

  it('likes through the outbox: pending first, then the confirmed count, with a bump each time it changes', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, likes: 2 })] });
    await openFirst(bridge);
    expect(screen.getByTestId('like-count')).toHaveTextContent('2');

    await fireEvent.click(screen.getByTestId('like-button'));
    expect(bridge.act).toHaveBeenCalledWith('main', { type: 'like', itemId: '1' });
    bridge.emit('herald:inbox-changed', {
      changes: [{ kind: 'updated', items: [makeItem(1, { read: true, likes: 3, liked: true, pending: { like: true } })] }],
      unread: 0,
    });
    await waitFor(() => expect(screen.getByTestId('like-count')).toHaveTextContent('3'));
    expect(screen.getByTestId('like-pending')).toHaveTextContent('Waiting to sync');
    expect(screen.getByTestId('like-button')).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(animationsWith('scale(1.2)').length).toBe(1));
    const bump = animationsWith('scale(1.2)');
    expect(bump[0]!.duration).toBe(200);

    // Confirmed by the server: the pending mark goes away.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [makeItem(1, { read: true, likes: 3, liked: true })] }], unread: 0 });
    await waitFor(() => expect(screen.queryByTestId('like-pending')).toBeNull());

    // Someone else likes it too (a like_update from the server): the count bumps again.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'updated', items: [makeItem(1, { read: true, likes: 4, liked: true })] }], unread: 0 });
    await waitFor(() => expect(screen.getByTestId('like-count')).toHaveTextContent('4'));
    await waitFor(() => expect(animationsWith('scale(1.2)').length).toBe(2));

    // Clicking again unlikes.
    await fireEvent.click(screen.getByTestId('like-button'));
    expect(bridge.act).toHaveBeenLastCalledWith('main', { type: 'unlike', itemId: '1' });
  });

  it('adds a comment that arrives while reading, fading it in; the first load does not fade', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true })] });
    bridge.comments.set('main/1', [comment('c1', 'Old comment')]);
    const { detail } = await openFirst(bridge);
    await within(detail).findByText('Old comment');
    expect(animationsWith('"opacity":"0"')).toHaveLength(0);

    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'comment', itemKey: 'main/1', comment: comment('c2', '<i>live</i> one') }], unread: 0 });
    const added = await within(detail).findByText('<i>live</i> one');
    expect(detail.querySelector('i')).toBeNull();
    await waitFor(() => expect(animationsWith('"opacity":"0"')).toHaveLength(1));
    const fades = animationsWith('"opacity":"0"');
    expect(fades[0]!.duration).toBe(300);
    expect(fades[0]!.element).toBe(added.closest('li'));
    // A comment for another item does not show here.
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'comment', itemKey: 'main/2', comment: comment('c3', 'Elsewhere') }], unread: 0 });
    expect(within(detail).queryByText('Elsewhere')).toBeNull();
  });

  it('sends a comment through the outbox and shows it pending until the server confirms it', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true })] });
    const { detail } = await openFirst(bridge);
    const input = screen.getByTestId('comment-input');
    expect(screen.getByTestId('comment-send')).toBeDisabled();
    await fireEvent.input(input, { target: { value: 'Count me in' } });
    await fireEvent.click(screen.getByTestId('comment-send'));
    expect(bridge.act).toHaveBeenCalledWith('main', { type: 'comment', itemId: '1', body: 'Count me in' });
    await waitFor(() => expect(input).toHaveValue(''));

    // Main echoes the pending comment, then the server's copy.
    bridge.emit('herald:inbox-changed', {
      changes: [
        { kind: 'updated', items: [makeItem(1, { read: true, commentCount: 1, pending: { comments: 1 } })] },
        { kind: 'comment', itemKey: 'main/1', comment: comment('pending:key-1', 'Count me in', { author: '', pending: true, outboxKey: 'key-1' }) },
      ],
      unread: 0,
    });
    await waitFor(() => expect(screen.getByTestId('comment-pending')).toHaveTextContent('Sending…'));
    bridge.emit('herald:inbox-changed', {
      changes: [
        { kind: 'comment', itemKey: 'main/1', comment: comment('c9', 'Count me in', { author: 'me' }) },
        { kind: 'updated', items: [makeItem(1, { read: true, commentCount: 1 })] },
      ],
      unread: 0,
    });
    await waitFor(() => expect(screen.queryByTestId('comment-pending')).toBeNull());
    expect(within(detail).getAllByTestId('comment')).toHaveLength(1);
    expect(within(detail).getByText('me')).toBeInTheDocument();
  });

  it('keeps the text when main refuses to queue the comment, and says why', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true })] });
    await openFirst(bridge);
    bridge.act.mockResolvedValueOnce({ ok: false, error: { code: 'outbox_full', message: 'outbox is full' } });
    const input = screen.getByTestId('comment-input');
    await fireEvent.input(input, { target: { value: 'Will this fit?' } });
    await fireEvent.click(screen.getByTestId('comment-send'));
    expect(await screen.findByTestId('action-error')).toHaveTextContent('too many actions are waiting to be sent');
    expect(input).toHaveValue('Will this fit?');
  });

  it('opens the item a native notification was clicked for', async () => {
    const bridge = new FakeBridge({ items: [makeItem(2, { title: 'Second' }), makeItem(1, { title: 'First' })] });
    await renderApp(bridge);
    bridge.emit('herald:focus-item', 'main/1');
    const detail = await screen.findByTestId('item-detail');
    expect(within(detail).getByRole('heading', { name: 'First' })).toBeInTheDocument();
    expect(bridge.act).toHaveBeenCalledWith('main', { type: 'mark_read', itemId: '1' });
  });

  it('offers only web links without credentials, through main, and says where the link goes', async () => {
    const bridge = new FakeBridge({
      items: [
        makeItem(3, { url: 'https://bank.example@evil.example/login', read: true }),
        makeItem(2, { url: 'javascript:alert(1)', read: true }),
        makeItem(1, { url: 'https://example.com/x', read: true }),
      ],
    });
    const { container } = await renderApp(bridge);
    for (const i of [0, 1]) {
      await fireEvent.click(rows(container)[i]!);
      await screen.findByTestId('item-detail');
      expect(screen.queryByTestId('open-link')).toBeNull();
    }
    await fireEvent.click(rows(container)[2]!);
    const button = await screen.findByTestId('open-link');
    expect(button.textContent?.replace(/[\u2068\u2069]/g, '').trim()).toBe('Open example.com');
    expect(button).toHaveAttribute('title', 'https://example.com/x');
    await fireEvent.click(button);
    expect(bridge.openExternal).toHaveBeenCalledWith('https://example.com/x');

    // Main may still refuse (too many links at once): the window says so instead of doing nothing.
    bridge.openExternal.mockResolvedValueOnce({ ok: false, error: { code: 'rate_limited', message: 'too many links opened' } });
    await fireEvent.click(button);
    const alert = await screen.findByTestId('action-error');
    expect(alert).toHaveTextContent('Something went wrong:');
    expect(alert).not.toHaveTextContent('too many links opened');
  });

  it('shows a look-alike host in punycode', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { url: 'https://аpple.com/', read: true })] });
    const { container } = await renderApp(bridge);
    await fireEvent.click(rows(container)[0]!);
    expect((await screen.findByTestId('open-link')).textContent).toContain('xn--pple-43d.com');
  });
});

describe('item detail: what an ntfy sender attached', () => {
  it('shows actions, attachment, icon, markdown and expiry as text and links, and loads nothing remote', async () => {
    const bridge = new FakeBridge({
      items: [
        makeItem(1, {
          read: true,
          actions: [
            { kind: 'view', label: 'Open graphs', url: 'https://grafana.example/d/disk' },
            { kind: 'http', label: 'Silence', url: 'https://alerts.example/silence', method: 'PUT' },
            { kind: 'broadcast', label: 'Take picture', extras: { cmd: 'pic' } },
          ],
          attachment: { name: 'report.pdf', url: 'https://files.example/report.pdf', type: 'application/pdf', size: 20480 },
          icon: 'https://img.example/icon.png',
          markdown: true,
          expires: '2026-11-25T08:00:00Z',
        }),
      ],
    });
    const { detail } = await openFirst(bridge);
    const extras = within(detail).getByTestId('item-extras');
    const actions = within(extras).getAllByTestId('item-action');
    expect(actions.map((a) => a.dataset.kind)).toEqual(['view', 'http', 'broadcast']);
    expect(actions[1]).toHaveTextContent('Sends PUT to \u2068https://alerts.example/silence\u2069');
    // Run only after a confirmation (tests/renderer/sender-actions.svelte.test.ts); nothing is sent by showing it.
    expect(within(actions[1]!).getByTestId('action-run')).toHaveTextContent('Send…');
    expect(within(extras).getByTestId('item-attachment')).toHaveTextContent('report.pdf');
    expect(within(extras).getByTestId('item-attachment')).toHaveTextContent('20 KB');
    expect(within(extras).getByTestId('item-icon')).toHaveTextContent('https://img.example/icon.png');
    // The markdown flag now renders the body (tests/renderer/markdown-body.svelte.test.ts), no note needed.
    expect(within(detail).getByTestId('detail-body').dataset.format).toBe('markdown');
    // No <img>: an icon or an image would tell the sender the user's address.
    expect(detail.querySelector('img')).toBeNull();
    await fireEvent.click(within(actions[0]!).getByRole('button', { name: /Open .*grafana\.example/ }));
    expect(bridge.openExternal).toHaveBeenCalledWith('https://grafana.example/d/disk');
    await fireEvent.click(within(extras).getByRole('button', { name: /Open attachment/ }));
    expect(bridge.openExternal).toHaveBeenCalledWith('https://files.example/report.pdf');
  });
});
