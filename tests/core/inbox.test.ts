import { Inbox } from '../../src/core/inbox';
import type { HeraldEvent } from '../../src/shared/events';
import type { InboxChange } from '../../src/shared/inbox';
import type { OutboxEntry } from '../../src/shared/outbox';

let seq = 0;
function note(id: number, title = `n${id}`): HeraldEvent {
  return { id: String(id), type: 'notification', time: new Date(1_700_000_000_000 + id * 1000).toISOString(), data: { itemId: String(id), title, body: 'b', priority: 3 } };
}
function ev<T extends HeraldEvent['type']>(id: number, type: T, data: Extract<HeraldEvent, { type: T }>['data']): HeraldEvent {
  return { id: String(id), type, time: new Date().toISOString(), data } as HeraldEvent;
}
function entry(action: OutboxEntry['action'], state: OutboxEntry['state'] = { kind: 'pending', attempts: 0 }): OutboxEntry {
  return { key: `k${++seq}`, sourceId: 's', action, createdAt: 1000 + seq, state };
}

describe('Inbox', () => {
  it('lists notifications newest first and counts unread', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1), note(2), note(3)]);
    expect(inbox.items().map((i) => i.itemId)).toEqual(['3', '2', '1']);
    expect(inbox.unreadCount()).toBe(3);
  });

  it('ignores a repeated notification for the same item', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1)]);
    inbox.apply('s', [note(1)]);
    expect(inbox.items()).toHaveLength(1);
  });

  it('keeps items of different sources apart', () => {
    const inbox = new Inbox();
    inbox.apply('a', [note(1)]);
    inbox.apply('b', [note(1)]);
    expect(inbox.items().map((i) => i.key).sort()).toEqual(['a/1', 'b/1']);
  });

  it('applies read, like and comment events and reports them as changes', () => {
    const inbox = new Inbox();
    const seen: InboxChange[] = [];
    inbox.onDidChange((c) => seen.push(...c));
    inbox.apply('s', [note(1), note(2)]);
    inbox.apply('s', [
      ev(3, 'read_update', { itemIds: ['1'] }),
      ev(4, 'like_update', { itemId: '2', likes: 5, liked: false }),
      ev(5, 'new_comment', { itemId: '2', comment: { id: 'c1', itemId: '2', author: '张伟', body: '写得好', time: 't' } }),
    ]);
    expect(inbox.unreadCount()).toBe(1);
    expect(inbox.get('s/2')).toMatchObject({ likes: 5, commentCount: 1 });
    expect(seen.some((c) => c.kind === 'comment' && c.comment.body === '写得好')).toBe(true);
    // The same comment delivered twice (stream + action answer) counts once.
    inbox.apply('s', [ev(6, 'new_comment', { itemId: '2', comment: { id: 'c1', itemId: '2', author: '张伟', body: '写得好', time: 't' } })]);
    expect(inbox.get('s/2')?.commentCount).toBe(1);
  });

  it('marks everything up to a cursor read', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(8), note(9), note(10), note(11)]);
    inbox.apply('s', [ev(12, 'read_update', { itemIds: [], upTo: '10' })]);
    expect(inbox.items().filter((i) => !i.read).map((i) => i.itemId)).toEqual(['11']);
  });

  it('shows pending actions at once and drops them when they fail', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1)]);
    const like = entry({ type: 'like', itemId: '1' });
    const read = entry({ type: 'mark_read', itemId: '1' });
    inbox.setPending([like, read]);
    expect(inbox.get('s/1')).toMatchObject({ likes: 1, liked: true, read: true, pending: { like: true, read: true } });
    expect(inbox.unreadCount()).toBe(0);
    inbox.setPending([{ ...like, state: { kind: 'failed', attempts: 1, failedAt: 0, error: { code: 'invalid_input', message: 'no' } } }]);
    expect(inbox.get('s/1')).toMatchObject({ likes: 0, liked: false, read: false });
    expect(inbox.get('s/1')?.pending).toBeUndefined();
  });

  it('folds an acknowledged like into the server state so the count does not flicker', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1)]);
    const like = entry({ type: 'like', itemId: '1' });
    inbox.setPending([like]);
    inbox.acknowledge(like, { likes: 4, liked: true });
    inbox.setPending([]);
    expect(inbox.get('s/1')).toMatchObject({ likes: 4, liked: true });
  });

  it('shows a pending comment, then replaces it with the server copy', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1)]);
    const c = entry({ type: 'comment', itemId: '1', body: '<b>hi</b>' });
    inbox.setPending([c]);
    expect(inbox.liveComments('s/1')).toMatchObject([{ body: '<b>hi</b>', pending: true }]);
    expect(inbox.get('s/1')?.commentCount).toBe(1);
    inbox.acknowledge(c, { comment: { id: 'c9', itemId: '1', author: 'me', body: '<b>hi</b>', time: 't' } });
    inbox.setPending([]);
    expect(inbox.liveComments('s/1')).toEqual([{ id: 'c9', itemId: '1', author: 'me', body: '<b>hi</b>', time: 't' }]);
    expect(inbox.get('s/1')?.commentCount).toBe(1);
  });

  it('mark all read is optimistic for every unread item of its source only', () => {
    const inbox = new Inbox();
    inbox.apply('s', [note(1), note(2)]);
    inbox.apply('t', [note(1)]);
    inbox.setPending([entry({ type: 'mark_all_read' })]);
    expect(inbox.unreadCount()).toBe(1);
  });

  it('keeps at most its limit, dropping the oldest read items first', () => {
    const inbox = new Inbox({ limit: 3 });
    inbox.apply('s', [note(1), note(2), note(3)]);
    inbox.apply('s', [ev(4, 'read_update', { itemIds: ['2'] })]);
    inbox.apply('s', [note(5)]);
    expect(inbox.items().map((i) => i.itemId)).toEqual(['5', '3', '1']);
  });

  it('survives a snapshot round trip', () => {
    const a = new Inbox();
    a.apply('s', [note(1, '系统维护'), note(2)]);
    a.apply('s', [ev(3, 'read_update', { itemIds: ['2'] })]);
    const b = new Inbox();
    b.restore(JSON.parse(JSON.stringify(a.toSnapshot())));
    expect(b.items().map((i) => [i.itemId, i.title, i.read])).toEqual([['2', 'n2', true], ['1', '系统维护', false]]);
  });
});
