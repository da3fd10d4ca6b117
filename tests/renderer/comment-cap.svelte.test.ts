/**
 * An item with more comments than Herald keeps (the newest 200, src/shared/stream-limits.ts): the window never drops
 * the rest silently — it says how many earlier comments are not shown, in the reader's language, and keeps that true
 * as live comments push older ones out of the open item.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import type { InboxComment } from '../../src/shared/inbox';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { COMMENTS_KEPT_PER_ITEM } from '../../src/shared/stream-limits';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const comment = (n: number): InboxComment => ({
  id: `c${n}`,
  itemId: '1',
  author: 'Ann',
  body: `comment number ${n}`,
  time: new Date(Date.UTC(2026, 11, 7) + n * 1000).toISOString(),
});
const newest = Array.from({ length: COMMENTS_KEPT_PER_ITEM }, (_, i) => comment(9801 + i));

async function openItem(bridge: FakeBridge) {
  const r = await renderApp(bridge);
  await fireEvent.click(rows(r.container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  await within(detail).findByText('comment number 10000');
  return detail;
}

describe('comments left out of an item', () => {
  it('says how many earlier comments are not shown, in English', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, commentCount: 10_000 })] });
    bridge.getComments.mockResolvedValue({ ok: true, value: { comments: newest, omittedComments: 9800 } });
    const detail = await openItem(bridge);
    expect(within(detail).getByTestId('comments-omitted')).toHaveTextContent('9,800 earlier comments are not shown');
    expect(within(detail).getAllByTestId('comment')).toHaveLength(COMMENTS_KEPT_PER_ITEM);
  });

  it('and in Chinese', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, commentCount: 10_000 })], settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } });
    bridge.getComments.mockResolvedValue({ ok: true, value: { comments: newest, omittedComments: 9800 } });
    const detail = await openItem(bridge);
    expect(within(detail).getByTestId('comments-omitted')).toHaveTextContent('另有 9,800 条较早的评论未显示');
  });

  it('says nothing when nothing was left out', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, commentCount: 200 })] });
    bridge.getComments.mockResolvedValue({ ok: true, value: { comments: newest } });
    const detail = await openItem(bridge);
    expect(within(detail).queryByTestId('comments-omitted')).toBeNull();
  });

  it('a live comment on a full list pushes out the oldest one shown, and the count says so', async () => {
    const bridge = new FakeBridge({ items: [makeItem(1, { read: true, commentCount: 200 })] });
    bridge.getComments.mockResolvedValue({ ok: true, value: { comments: newest } });
    const detail = await openItem(bridge);
    bridge.emit('herald:inbox-changed', { changes: [{ kind: 'comment', itemKey: 'main/1', comment: comment(10_001) }], unread: 0 });
    await within(detail).findByText('comment number 10001');
    await waitFor(() => expect(within(detail).queryByText('comment number 9801')).toBeNull());
    expect(within(detail).getAllByTestId('comment')).toHaveLength(COMMENTS_KEPT_PER_ITEM);
    expect(within(detail).getByTestId('comments-omitted')).toHaveTextContent('1 earlier comment is not shown');
  });
});
