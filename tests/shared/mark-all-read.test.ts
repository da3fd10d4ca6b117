import { markAllReadActions, type InboxItem } from '../../src/shared/inbox';
import { markAllRead } from '../../src/main/mark-all-read';

const item = (sourceId: string, n: number, read: boolean) =>
  ({ key: `${sourceId}/${n}`, sourceId, itemId: String(n), eventId: `${sourceId}-e${n}`, time: `2026-01-01T00:00:0${n}Z`, read }) as InboxItem;

describe('"mark all as read", one rule for the tray and the window', () => {
  const items = [item('a', 3, true), item('b', 5, true), item('a', 2, false), item('a', 1, false), item('c', 4, false)];

  it('one action per source with unread items, up to that source\'s newest item', () => {
    expect(markAllReadActions(items)).toEqual([
      { sourceId: 'a', upTo: 'a-e3' },
      { sourceId: 'c', upTo: 'c-e4' },
    ]);
    expect(markAllReadActions([item('a', 1, true)])).toEqual([]);
  });

  it('the tray sends exactly those actions', () => {
    const sent: unknown[] = [];
    const count = markAllRead({ items: () => items, act: (sourceId, action) => (sent.push([sourceId, action]), undefined as never) });
    expect(count).toBe(2);
    expect(sent).toEqual([
      ['a', { type: 'mark_all_read', upTo: 'a-e3' }],
      ['c', { type: 'mark_all_read', upTo: 'c-e4' }],
    ]);
  });
});
