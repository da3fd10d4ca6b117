/** The inbox cache and the cursors beside it: a cursor on disk is never ahead of the saved inbox. */
import { Inbox } from '../../src/core/inbox';
import { InboxCache } from '../../src/core/inbox-cache';
import { silentLogger } from '../../src/core/log';
import { MemoryStore } from '../../src/core/store';
import { ManualClock } from '../helpers/manual-clock';
import { note } from './helpers/fake-source';

function setup(withCache = true) {
  const clock = new ManualClock(0);
  const store = new MemoryStore();
  const inboxStore = withCache ? new MemoryStore() : null;
  const inbox = new Inbox({ logger: silentLogger });
  const cache = new InboxCache({ store, inboxStore, inbox, clock, logger: silentLogger });
  const savedIds = () => (inboxStore?.get<{ items: { itemId: string }[] }>('inbox')?.items ?? []).map((i) => i.itemId);
  return { clock, store, inbox, cache, savedIds };
}

describe('InboxCache', () => {
  it("writes a source's first cursor at once, with the snapshot holding its events", () => {
    const { store, inbox, cache, savedIds } = setup();
    inbox.apply('a', [note('1'), note('2')]);
    cache.cursorStore('a').save('2');
    expect(store.get('cursor:a')).toBe('2');
    expect(savedIds().sort()).toEqual(['1', '2']);
  });

  it('later cursors wait for the next snapshot (at most 2 s), and read back as saved meanwhile', () => {
    const { clock, store, inbox, cache, savedIds } = setup();
    const cursors = cache.cursorStore('a');
    cursors.save('0');
    inbox.apply('a', [note('1')]);
    cursors.save('1');
    expect(store.get('cursor:a')).toBe('0');
    expect(cursors.load()).toBe('1');
    clock.advance(2000);
    expect(store.get('cursor:a')).toBe('1');
    expect(savedIds()).toEqual(['1']);
  });

  it('restores what was saved into a new inbox; dispose writes what is waiting', () => {
    const first = setup();
    first.cache.cursorStore('a').save('0');
    first.inbox.apply('a', [note('5')]);
    first.cache.cursorStore('a').save('5');
    first.cache.dispose();
    expect(first.store.get('cursor:a')).toBe('5');
    expect(first.savedIds()).toEqual(['5']);
    const inbox = new Inbox({ logger: silentLogger });
    const inboxStore = new MemoryStore();
    inboxStore.set('inbox', first.inbox.toSnapshot());
    new InboxCache({ store: first.store, inboxStore, inbox, clock: first.clock, logger: silentLogger });
    expect(inbox.items().map((i) => i.itemId)).toEqual(['5']);
  });

  it('without a cache (the CLI) cursors are written as they come', () => {
    const { store, cache } = setup(false);
    cache.cursorStore('a').save('3');
    expect(store.get('cursor:a')).toBe('3');
    cache.cursorStore('a').save(null);
    expect(store.get('cursor:a')).toBeUndefined();
  });

  it('reads a saved value that is not text as unusable, not as "never read"', () => {
    const { store, cache } = setup(false);
    store.set('cursor:a', 42);
    expect(cache.cursorStore('a').load()).toEqual({ unusable: expect.stringContaining('not text') });
    store.set('cursor:b', '7');
    expect(cache.cursorStore('b').load()).toBe('7');
  });

  it('after a damaged file was set aside (cursorsLost), a missing cursor is unusable once per source, then "never read"', () => {
    const clock = new ManualClock(0);
    const cache = new InboxCache({ store: new MemoryStore(), inboxStore: null, inbox: new Inbox({ logger: silentLogger }), clock, logger: silentLogger, cursorsLost: true });
    expect(cache.cursorStore('a').load()).toEqual({ unusable: expect.stringContaining('damaged') });
    expect(cache.cursorStore('a').load()).toBeNull();
    expect(cache.cursorStore('b').load()).toEqual({ unusable: expect.stringContaining('damaged') });
  });
});
