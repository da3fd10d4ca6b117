/**
 * A digest is due at a wall-clock time. Timers do not count the time a computer sleeps, so a digest collected before
 * a two-hour sleep must not wait its whole 30 minutes again after waking: it is shown within a minute of waking.
 * The wall clock can also go back (set by hand, a wrong time fixed by the network): then a digest still comes within
 * its own length, not as much later as the clock went back.
 */
import { DigestCollector, type PendingDigest } from '../../../src/core/notify/digests';
import { MemoryStore } from '../../../src/core/store';
import type { Clock } from '../../../src/core/base/clock';
import { ManualClock } from '../../helpers/manual-clock';

/** Timers run on `inner` (monotonic, stops while asleep); `now()` is the wall clock, which jumps over a sleep. */
function sleepingClock(inner: ManualClock) {
  let slept = 0;
  const clock: Clock = { now: () => inner.now() + slept, setTimeout: (fn, ms) => inner.setTimeout(fn, ms), clearTimeout: (h) => inner.clearTimeout(h) };
  return { clock, sleep: (ms: number) => (slept += ms) };
}

describe('digests across sleep', () => {
  it('a digest due while the computer slept is shown within a minute of waking', () => {
    const inner = new ManualClock();
    const { clock, sleep } = sleepingClock(inner);
    const shown: PendingDigest[] = [];
    const collector = new DigestCollector({ clock, onDue: (d) => shown.push(d) });
    collector.add({ kind: 'rule', id: 'ci' }, 30, { key: 'home/ci:1', title: 'Build 1', sourceId: 'home' });
    inner.advance(5 * 60_000);
    sleep(2 * 3_600_000);
    inner.advance(60_000);
    expect(shown).toHaveLength(1);
    collector.dispose();
  });

  it('without sleep it is shown at its time, not before', () => {
    const clock = new ManualClock();
    const shown: PendingDigest[] = [];
    const collector = new DigestCollector({ clock, onDue: (d) => shown.push(d) });
    collector.add({ kind: 'source', id: 'home' }, 30, { key: 'home/1', title: 'a', sourceId: 'home' });
    clock.advance(30 * 60_000 - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toHaveLength(1);
    collector.dispose();
  });

  it('a clock set back a day in the middle of a 30-minute digest: it is shown within 30 minutes, not a day later', () => {
    const inner = new ManualClock();
    const { clock, sleep: jump } = sleepingClock(inner);
    const shown: PendingDigest[] = [];
    const collector = new DigestCollector({ clock, onDue: (d) => shown.push(d) });
    collector.add({ kind: 'rule', id: 'ci' }, 30, { key: 'home/ci:1', title: 'Build 1', sourceId: 'home' });
    inner.advance(5 * 60_000);
    jump(-24 * 3_600_000);
    collector.add({ kind: 'rule', id: 'ci' }, 30, { key: 'home/ci:2', title: 'Build 2', sourceId: 'home' });
    inner.advance(31 * 60_000);
    expect(shown.map((d) => d.count)).toEqual([2]);
    collector.dispose();
  });

  it('a clock set back while Herald was off: the saved digest is shown within its length after starting', () => {
    const inner = new ManualClock();
    const { clock, sleep: jump } = sleepingClock(inner);
    const store = new MemoryStore();
    const first = new DigestCollector({ clock, store, onDue: () => {} });
    first.add({ kind: 'source', id: 'home' }, 10, { key: 'home/1', title: 'a', sourceId: 'home' });
    first.dispose();
    jump(-7 * 24 * 3_600_000);
    const shown: PendingDigest[] = [];
    const second = new DigestCollector({ clock, store, onDue: (d) => shown.push(d) });
    inner.advance(11 * 60_000);
    expect(shown).toHaveLength(1);
    second.dispose();
  });
});
