/**
 * A digest is due at a wall-clock time. Timers do not count the time a computer sleeps, so a digest collected before
 * a two-hour sleep must not wait its whole 30 minutes again after waking: it is shown within a minute of waking.
 */
import { DigestCollector, type PendingDigest } from '../../../src/core/notify/digests';
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
});
