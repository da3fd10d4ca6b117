/**
 * The inbox against a plain model, over random sequences of what happens to it: items arriving (several sources, few
 * times so equal times are common), read updates by id and up to a cursor, like updates, waiting actions coming and
 * going (the optimistic overlay), acknowledgements, local mark-read, a source removed, the cap evicting. After every
 * step: the same items as the model, newest first with equal times in arrival order, and the unread count equal to
 * the items shown unread.
 */
import fc from 'fast-check';
import { Inbox } from '../../../src/core/inbox/inbox';
import type { HeraldEvent } from '../../../src/shared/events';
import type { OutboxEntry } from '../../../src/shared/outbox';

const SOURCES = ['a', 'b'] as const;
const TIMES = ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z'];
const LIMIT = 6;

type Step =
  | { kind: 'notes'; source: string; ids: Array<{ id: number; time: number }> }
  | { kind: 'readIds'; source: string; ids: number[] }
  | { kind: 'readUpTo'; source: string; upTo: number }
  | { kind: 'like'; source: string; id: number; likes: number }
  | { kind: 'pending'; marks: Array<{ source: string; id: number | '*'; upTo?: number }> }
  | { kind: 'ack'; source: string; id: number }
  | { kind: 'readHere'; source: string; id: number }
  | { kind: 'remove'; source: string };

const source = fc.constantFrom(...SOURCES);
const id = fc.integer({ min: 1, max: 12 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('notes' as const), source, ids: fc.array(fc.record({ id, time: fc.integer({ min: 0, max: TIMES.length - 1 }) }), { minLength: 1, maxLength: 5 }) }) },
  fc.record({ kind: fc.constant('readIds' as const), source, ids: fc.array(id, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('readUpTo' as const), source, upTo: id }),
  fc.record({ kind: fc.constant('like' as const), source, id, likes: fc.nat(5) }),
  fc.record({ kind: fc.constant('pending' as const), marks: fc.array(fc.record({ source, id: fc.oneof(id, fc.constant('*' as const)), upTo: fc.option(id, { nil: undefined }) }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('ack' as const), source, id }),
  fc.record({ kind: fc.constant('readHere' as const), source, id }),
  fc.record({ kind: fc.constant('remove' as const), source }),
);

interface ModelItem {
  key: string;
  source: string;
  id: number;
  time: string;
  arrival: number;
  read: boolean;
}

let eventSeq = 0;
let entrySeq = 0;

function note(itemId: number, time: string): HeraldEvent {
  // The event id is the item id: "read up to N" covers items 1..N.
  return { id: String(itemId), type: 'notification', time, data: { itemId: String(itemId), title: `n${itemId}`, body: '', priority: 3 } };
}

function other<T extends HeraldEvent['type']>(type: T, data: Extract<HeraldEvent, { type: T }>['data']): HeraldEvent {
  return { id: String(1000 + ++eventSeq), type, time: TIMES[0]!, data } as HeraldEvent;
}

function olderFirst(x: ModelItem, y: ModelItem): number {
  return x.time !== y.time ? (x.time < y.time ? -1 : 1) : x.arrival - y.arrival;
}

describe('Inbox (model-based)', () => {
  it('keeps the model’s items, in its order, and counts exactly the items shown unread', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const inbox = new Inbox({ limit: LIMIT });
        const model = new Map<string, ModelItem>();
        let arrivals = 0;
        let pending: OutboxEntry[] = [];
        const evict = () => {
          while (model.size > LIMIT) {
            const all = [...model.values()].sort(olderFirst);
            const victim = all.find((m) => m.read) ?? all[0]!;
            model.delete(victim.key);
          }
        };
        for (const s of steps) {
          switch (s.kind) {
            case 'notes': {
              inbox.apply(s.source, s.ids.map((n) => note(n.id, TIMES[n.time]!)));
              for (const n of s.ids) {
                const key = `${s.source}/${n.id}`;
                if (!model.has(key)) model.set(key, { key, source: s.source, id: n.id, time: TIMES[n.time]!, arrival: ++arrivals, read: false });
              }
              evict();
              break;
            }
            case 'readIds':
              inbox.apply(s.source, [other('read_update', { itemIds: s.ids.map(String) })]);
              for (const n of s.ids) {
                const m = model.get(`${s.source}/${n}`);
                if (m) m.read = true;
              }
              break;
            case 'readUpTo':
              inbox.apply(s.source, [other('read_update', { itemIds: [], upTo: String(s.upTo) })]);
              for (const m of model.values()) if (m.source === s.source && m.id <= s.upTo) m.read = true;
              break;
            case 'like':
              inbox.apply(s.source, [other('like_update', { itemId: String(s.id), likes: s.likes, liked: s.likes > 0 })]);
              break;
            case 'pending':
              pending = s.marks.map((m) => ({
                key: `e${++entrySeq}`,
                sourceId: m.source,
                action: m.id === '*' ? (m.upTo === undefined ? { type: 'mark_all_read' } : { type: 'mark_all_read', upTo: String(m.upTo) }) : { type: 'mark_read', itemId: String(m.id) },
                createdAt: entrySeq,
                state: { kind: 'pending', attempts: 0 },
              }));
              inbox.setPending(pending);
              break;
            case 'ack': {
              inbox.acknowledge({ key: `e${++entrySeq}`, sourceId: s.source, action: { type: 'mark_read', itemId: String(s.id) }, createdAt: entrySeq, state: { kind: 'pending', attempts: 0 } }, {});
              const m = model.get(`${s.source}/${s.id}`);
              if (m) m.read = true;
              break;
            }
            case 'readHere': {
              inbox.markReadHere(`${s.source}/${s.id}`);
              const m = model.get(`${s.source}/${s.id}`);
              if (m) m.read = true;
              break;
            }
            case 'remove':
              inbox.removeSource(s.source);
              for (const [k, m] of model) if (m.source === s.source) model.delete(k);
              break;
          }
          const items = inbox.items();
          const expected = [...model.values()].sort(olderFirst).reverse();
          expect(items.map((i) => i.key)).toEqual(expected.map((m) => m.key));
          // Shown read: read on the server, or a waiting mark-read covers it.
          const pendingRead = (m: ModelItem) =>
            pending.some((e) => e.sourceId === m.source && (e.action.type === 'mark_read' ? e.action.itemId === String(m.id) : e.action.type === 'mark_all_read' && (e.action.upTo === undefined || m.id <= Number(e.action.upTo))));
          expect(items.map((i) => i.read)).toEqual(expected.map((m) => m.read || pendingRead(m)));
          expect(inbox.unreadCount()).toBe(items.filter((i) => !i.read).length);
          // What the displays get is the item as shown, nothing of the inbox's bookkeeping.
          for (const i of items) expect(Object.keys(i)).not.toContain('seq');
        }
      }),
      { numRuns: 300 },
    );
  });
});
