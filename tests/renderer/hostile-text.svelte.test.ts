/** Odd and hostile text as servers really send it: blank titles, huge bodies, long names; and big counts. */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { isLongBody } from '../../src/renderer/src/lib/long-text';
import { FakeBridge, OPEN, makeItem, makeItems } from './fake-bridge';
import { renderApp, rows } from './render-app';

async function openFirst(bridge: FakeBridge) {
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[0]!);
  return { ...r, detail: await screen.findByTestId('item-detail') };
}

describe('hostile and odd text', () => {
  it('shows an empty title as the source’s name in the row and the detail', async () => {
    const { container, detail } = await openFirst(new FakeBridge({ items: [makeItem(1, { title: '   ' })] }));
    expect(rows(container)[0]!.querySelector('.title')).toHaveTextContent(/^Main$/);
    expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent(/^Main$/);
  });

  it('shows "(no title)" when the source has no name either, in both languages', async () => {
    const connection = { overall: OPEN, sources: [{ id: 'main', label: '', kind: 'herald' as const, state: OPEN, malformed: 0 }] };
    const { container, bridge } = await renderApp(new FakeBridge({ connection, items: [makeItem(1, { title: '' })] }));
    expect(rows(container)[0]!.querySelector('.title')).toHaveTextContent(/^\(no title\)$/);
    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(rows(container)[0]!.querySelector('.title')).toHaveTextContent(/^（无标题）$/));
  });

  it('clamps a body of 5 000 newlines behind "Show more", keeping Like and the comments in reach', async () => {
    const body = `first line${'\n'.repeat(5000)}last line`;
    const { detail } = await openFirst(new FakeBridge({ items: [makeItem(1, { body })] }));
    const text = within(detail).getByTestId('detail-body');
    expect(text).toHaveClass('clamped');
    const more = within(detail).getByTestId('show-more');
    expect(more).toHaveTextContent('Show more');
    expect(more).toHaveAttribute('aria-expanded', 'false');
    expect(more).toHaveAttribute('aria-controls', text.id);
    // The whole text is still there for search and screen readers; only its box is clamped.
    expect(text.textContent).toContain('last line');
    expect(within(detail).getByTestId('like-button')).toBeInTheDocument();

    await fireEvent.click(more);
    expect(text).not.toHaveClass('clamped');
    expect(more).toHaveTextContent('Show less');
    expect(more).toHaveAttribute('aria-expanded', 'true');
  });

  it('offers no "Show more" for an ordinary body', async () => {
    const { detail } = await openFirst(new FakeBridge({ items: [makeItem(1, { body: 'one\ntwo\nthree' })] }));
    expect(within(detail).queryByTestId('show-more')).toBeNull();
    expect(within(detail).getByTestId('detail-body')).not.toHaveClass('clamped');
  });

  it('knows a long body by its lines or its length', () => {
    expect(isLongBody('')).toBe(false);
    expect(isLongBody('a\n'.repeat(11))).toBe(false);
    expect(isLongBody('a\n'.repeat(12))).toBe(true);
    expect(isLongBody('x'.repeat(1201))).toBe(true);
    expect(isLongBody('\n'.repeat(5000))).toBe(true);
  });

  it('shows an item with an empty body (a server sent none)', async () => {
    const { container, detail } = await openFirst(new FakeBridge({ items: [makeItem(1, { title: 'Ping', body: '' })] }));
    expect(rows(container)).toHaveLength(1);
    expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent('Ping');
    expect(within(detail).getByTestId('detail-body')).toHaveTextContent('');
  });

  it('writes a large unread count with the language’s grouping', async () => {
    const { bridge } = await renderApp(new FakeBridge({ items: makeItems(12_345) }));
    expect(screen.getByTestId('unread-count')).toHaveTextContent(/^12,345 unread$/);
    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(screen.getByTestId('unread-count')).toHaveTextContent(/^12,345 条未读$/));
  });
});
