/**
 * The ordering rules of an ntfy stream (src/core/sources/ntfy-live-order.ts) on a ManualClock, where the real server
 * cannot be made to misbehave on cue: the replay first, a lone live message as it is, a swapped burst in the cache's
 * order, and a failed ordering read that lets the burst through in arrival order instead of ending the link.
 * (The whole against the real ntfy: tests/cli/ntfy-order.test.ts.)
 */
import type { HeraldEvent } from '../../../src/shared/events';
import { LiveOrder, type CacheRead } from '../../../src/core/sources/ntfy-live-order';
import { ManualClock } from '../../helpers/manual-clock';
import { note, settle } from '../helpers/fake-source';

function harness(cursor: string | null, answer: (from: string) => Promise<CacheRead>) {
  const clock = new ManualClock(0);
  const delivered: string[] = [];
  const cursors: (string | null)[] = [];
  const reads: string[] = [];
  const failures: unknown[] = [];
  const order = new LiveOrder(cursor, {
    clock,
    read: (from) => {
      reads.push(from);
      return answer(from);
    },
    deliver: (events: HeraldEvent[], c) => {
      delivered.push(...events.map((e) => e.id));
      cursors.push(c);
    },
    lost: () => {},
    failed: (err) => failures.push(err),
  });
  const live = (id: string) => order.live({ id, event: note(id), cursor: `${id}@100` });
  return { clock, order, delivered, cursors, reads, failures, live };
}

const read = (ids: string[]): Promise<CacheRead> => Promise.resolve({ events: ids.map(note), ids: new Set(ids), last: ids.length ? `${ids.at(-1)}@100` : null });

describe('the order of an ntfy stream', () => {
  it('delivers the replay first, then the live messages it did not contain', async () => {
    const h = harness('a@100', () => read(['b', 'c']));
    h.live('d');
    h.live('c');
    h.order.opened();
    await settle();
    expect(h.reads).toEqual(['a@100']);
    expect(h.delivered).toEqual(['b', 'c']);
    // 'd' came live after the replay's read: it follows once its hold is over (alone: as it is).
    h.clock.advance(50);
    expect(h.delivered).toEqual(['b', 'c', 'd']);
  });

  it('passes a lone live message on after the hold, without reading', () => {
    const h = harness(null, () => Promise.reject(new Error('no read expected')));
    h.order.setCursor('100');
    h.live('a');
    expect(h.delivered).toEqual([]);
    h.clock.advance(50);
    expect(h.delivered).toEqual(['a']);
    expect(h.reads).toEqual([]);
  });

  it('puts a swapped burst in the cache order', async () => {
    const h = harness(null, () => read(['a', 'b', 'c']));
    h.order.setCursor('100');
    h.live('b');
    h.live('a');
    h.live('c');
    h.clock.advance(50);
    await settle();
    expect(h.reads).toEqual(['100']);
    expect(h.delivered).toEqual(['a', 'b', 'c']);
    expect(h.cursors.at(-1)).toBe('c@100');
  });

  it('lets a burst through in arrival order when the ordering read fails, and keeps the link', async () => {
    const h = harness(null, () => Promise.reject(new Error('HTTP 429')));
    h.order.setCursor('100');
    h.live('b');
    h.live('a');
    h.clock.advance(50);
    await settle();
    expect(h.delivered).toEqual(['b', 'a']);
    expect(h.failures).toEqual([]);
  });

  it('ends the link when the replay cannot be read', async () => {
    const h = harness('a@100', () => Promise.reject(new Error('HTTP 500')));
    h.order.opened();
    await settle();
    expect(h.failures).toHaveLength(1);
    expect(h.delivered).toEqual([]);
  });

  it('holds a busy stream at most maxHoldMs before ordering it', async () => {
    const h = harness(null, () => read(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u']));
    h.order.setCursor('100');
    // A message every 49 ms keeps the 50 ms hold from ever running out by itself.
    for (const id of 'abcdefghijklmnopqrstu') {
      h.live(id);
      h.clock.advance(49);
    }
    await settle();
    expect(h.reads).toHaveLength(1);
    expect(h.delivered.length).toBeGreaterThan(0);
  });
});
