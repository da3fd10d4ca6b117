import { InboxIndex } from '../../src/renderer/src/lib/inbox-index';
import type { InboxChange, InboxItem } from '../../src/shared/inbox';
import { makeItem, makeItems } from './fake-bridge';

/** The list as if each change, and each added item, came alone: the rule the index must keep. */
function oneByOne(start: readonly InboxItem[], changes: readonly InboxChange[]): InboxItem[] {
  let list = [...start];
  for (const c of changes) {
    if (c.kind === 'added') {
      for (const item of c.items) {
        if (list.some((i) => i.key === item.key)) continue;
        // Before the first item not newer than it: later arrivals first among equal times.
        const at = list.findIndex((i) => i.time <= item.time);
        list.splice(at < 0 ? list.length : at, 0, item);
      }
    } else if (c.kind === 'updated') {
      for (const item of c.items) list = list.map((i) => (i.key === item.key ? item : i));
    } else if (c.kind === 'removed') {
      list = list.filter((i) => !c.keys.includes(i.key));
    }
  }
  return list;
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('InboxIndex', () => {
  it('keeps the list, the unread count and the sources as if every change came alone (random batches)', () => {
    const rnd = random(7);
    const index = new InboxIndex();
    let expected = makeItems(20, (n) => ({ read: n % 3 === 0 }));
    index.load(expected);
    for (let round = 0; round < 200; round++) {
      const changes: InboxChange[] = [];
      for (let c = 0; c < 1 + Math.floor(rnd() * 3); c++) {
        const pick = rnd();
        // Few distinct times, so equal times (and their order) are exercised; a few keys, so repeats are too.
        const item = () => makeItem(Math.floor(rnd() * 60), { sourceId: rnd() < 0.2 ? 'other' : 'main', read: rnd() < 0.5, likes: Math.floor(rnd() * 5) });
        if (pick < 0.55) changes.push({ kind: 'added', items: Array.from({ length: 1 + Math.floor(rnd() * 4) }, item) });
        else if (pick < 0.8) changes.push({ kind: 'updated', items: [item()].map((i) => ({ ...i, time: expected.find((e) => e.key === i.key)?.time ?? i.time })) });
        else changes.push({ kind: 'removed', keys: [item().key, item().key] });
      }
      const before = index.items;
      index.apply(changes);
      expected = oneByOne(expected, changes);
      expect(index.items.map((i) => i.key)).toEqual(expected.map((i) => i.key));
      expect(index.items).toEqual(expected);
      expect(index.unread).toBe(expected.filter((i) => !i.read).length);
      expect([...index.sourceIds].sort()).toEqual([...new Set(expected.map((i) => i.sourceId))].sort());
      for (const i of expected) expect(index.get(i.key)).toBe(i);
      // The list the window holds is never changed under it: a change is a new array.
      if (index.items !== before) expect(before).not.toBe(index.items);
    }
  });

  it('returns the items that entered the list and leaves the array alone when nothing changed', () => {
    const index = new InboxIndex();
    index.load(makeItems(3));
    const before = index.items;
    expect(index.apply([{ kind: 'added', items: [makeItem(2)] }, { kind: 'updated', items: [makeItem(9)] }, { kind: 'removed', keys: ['main/9'] }])).toEqual([]);
    expect(index.items).toBe(before);
    const entered = index.apply([{ kind: 'added', items: [makeItem(4)] }, { kind: 'updated', items: [makeItem(1, { read: true })] }]);
    expect(entered.map((i) => [i.key, i.read])).toEqual([
      ['main/4', false],
      ['main/1', true],
    ]);
    expect(index.unread).toBe(3);
  });

  it('gives a new set of sources only when the sources change', () => {
    const index = new InboxIndex();
    index.load(makeItems(2));
    const first = index.sourceIds;
    index.apply([{ kind: 'added', items: [makeItem(3)] }]);
    expect(index.sourceIds).toBe(first);
    index.apply([{ kind: 'added', items: [makeItem(4, { sourceId: 'ops' })] }]);
    expect([...index.sourceIds].sort()).toEqual(['main', 'ops']);
    index.apply([{ kind: 'removed', keys: ['ops/4'] }]);
    expect([...index.sourceIds]).toEqual(['main']);
  });
});
