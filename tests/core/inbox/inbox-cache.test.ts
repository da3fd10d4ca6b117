/** The inbox cache and the cursors beside it: a cursor on disk is never ahead of the saved inbox. */
import { Inbox } from '../../../src/core/inbox/inbox';
import { InboxCache } from '../../../src/core/inbox/inbox-cache';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { ManualClock } from '../../helpers/manual-clock';
import { note } from '../helpers/fake-source';

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

  it('holds a cache written before the publisher-text boundary to its rules: text normalised, items with unusable ids left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-cache-'));
    try {
      const old = (itemId: string, title: string, extra: Record<string, unknown> = {}) => ({
        key: `a/${itemId}`, sourceId: 'a', itemId, eventId: '1', kind: 'notification', title, body: 'b\u0000\uD800', priority: 3,
        time: '2026-11-24T08:00:00.000Z', read: false, likes: 0, liked: false, commentCount: 0, ...extra,
      });
      const items = [
        old('1', 'Build \uFFFE done \u202E', { tags: ['x\ny'], actions: [{ kind: 'view', label: 'Open\u0007', url: 'https://a.example/' }] }),
        old('2\n3', 'newline id'),
        old('4\uD800', 'lone surrogate id'),
      ];
      writeFileSync(join(dir, 'inbox-cache.json'), JSON.stringify({ inbox: { version: 1, items } }));
      const inbox = new Inbox({ logger: silentLogger });
      new InboxCache({ store: new MemoryStore(), inboxStore: new JsonFileStore(join(dir, 'inbox-cache.json')), inbox, clock: new ManualClock(0), logger: silentLogger });
      expect(inbox.items().map((i) => [i.itemId, i.title, i.body, i.tags, i.actions?.[0]?.label])).toEqual([['1', 'Build \uFFFD done ', 'b \uFFFD', ['x y'], 'Open ']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
