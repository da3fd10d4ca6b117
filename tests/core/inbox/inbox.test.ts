import { Inbox } from '../../../src/core/inbox/inbox';
import type { HeraldEvent } from '../../../src/shared/events';
import type { InboxChange } from '../../../src/shared/inbox';
import type { OutboxEntry } from '../../../src/shared/outbox';

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

describe('Inbox at its cap and its unread count', () => {
  /** A small seeded generator, so a failing run names its seed. */
  function seeded(seed: number): () => number {
    let s = seed % 2147483647 || 1;
    return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  }

  it('drops the oldest read items first, then the oldest unread, even when events arrive out of time order', () => {
    const inbox = new Inbox({ limit: 4 });
    const removed: string[] = [];
    inbox.onDidChange((cs) => cs.forEach((c) => c.kind === 'removed' && removed.push(...c.keys)));
    // Arrival order 5, 1, 3, 2: the list is by time all the same.
    inbox.apply('s', [note(5), note(1), note(3), note(2)]);
    expect(inbox.items().map((i) => i.itemId)).toEqual(['5', '3', '2', '1']);
    inbox.apply('s', [ev(6, 'read_update', { itemIds: ['3', '5'] })]);
    inbox.apply('s', [note(7)]);
    expect(removed).toEqual(['s/3']);
    inbox.apply('s', [note(8), note(4)]);
    expect(removed).toEqual(['s/3', 's/5', 's/1']);
    expect(inbox.items().map((i) => i.itemId)).toEqual(['8', '7', '4', '2']);
    expect(inbox.unreadCount()).toBe(4);
  });

  it('stays in order over thousands of evictions (the oldest leave, the newest stay)', () => {
    const inbox = new Inbox({ limit: 1500 });
    for (let i = 1; i <= 5000; i += 100) inbox.apply('s', Array.from({ length: 100 }, (_, j) => note(i + j)));
    inbox.apply('s', [ev(6000, 'read_update', { itemIds: ['4000', '4001'] })]);
    inbox.apply('s', [note(5001), note(5002)]);
    const ids = inbox.items().map((i) => Number(i.itemId));
    expect(ids).toHaveLength(1500);
    expect(ids.slice(0, 3)).toEqual([5002, 5001, 5000]);
    expect(ids).not.toContain(4000);
    expect(ids.at(-1)).toBe(3501);
    expect(inbox.unreadCount()).toBe(1500);
    expect(inbox.toSnapshot(2).items.map((i) => i.itemId)).toEqual(['5002', '5001']);
  });

  it('keeps its unread count equal to the unread items shown, through events, pending actions, caps and restores', () => {
    const seed = Date.now() % 1_000_000;
    const random = seeded(seed);
    const inbox = new Inbox({ limit: 40 });
    let id = 0;
    let pending: OutboxEntry[] = [];
    const shownUnread = () => inbox.items().filter((i) => !i.read).length;
    for (let step = 0; step < 400; step++) {
      const r = random();
      const source = random() < 0.8 ? 's' : 't';
      const someId = () => String(1 + Math.floor(random() * Math.max(1, id)));
      if (r < 0.45) {
        const batch = Array.from({ length: 1 + Math.floor(random() * 4) }, () => note(++id));
        // Now and then one arrives late, older than what is shown.
        if (random() < 0.2) {
          const late = note(Math.max(1, id - 30));
          batch.push({ ...late, id: String(++id), data: { ...late.data, itemId: `late${step}` } } as HeraldEvent);
        }
        inbox.apply(source, batch);
      } else if (r < 0.6) {
        inbox.apply(source, [ev(++id, 'read_update', random() < 0.7 ? { itemIds: [someId(), someId()] } : { itemIds: [], upTo: someId() })]);
      } else if (r < 0.8) {
        const action: OutboxEntry['action'] = random() < 0.7 ? { type: 'mark_read', itemId: someId() } : random() < 0.5 ? { type: 'mark_all_read', upTo: someId() } : { type: 'like', itemId: someId() };
        pending = [...pending, { ...entry(action), sourceId: source }];
        inbox.setPending(pending);
      } else if (r < 0.93 && pending.length > 0) {
        const [first, ...rest] = pending;
        inbox.acknowledge(first!, {});
        pending = rest;
        inbox.setPending(pending);
      } else if (r < 0.96) {
        inbox.removeSource('t');
      } else {
        const copy = new Inbox({ limit: 40 });
        copy.restore(JSON.parse(JSON.stringify(inbox.toSnapshot())));
        copy.setPending(pending);
        expect(copy.unreadCount(), `seed ${seed}, step ${step} (restored)`).toBe(copy.items().filter((i) => !i.read).length);
      }
      expect(inbox.unreadCount(), `seed ${seed}, step ${step}`).toBe(shownUnread());
      expect(inbox.items().length, `seed ${seed}, step ${step}`).toBeLessThanOrEqual(40);
    }
  });
});
