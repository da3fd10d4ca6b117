import { OnceTimer } from '../../../src/core/base/clock';
import { ManualClock } from '../../helpers/manual-clock';

describe('OnceTimer', () => {
  it('runs once when due, and is no longer pending', () => {
    const clock = new ManualClock(0);
    const timer = new OnceTimer(clock);
    const runs: number[] = [];
    timer.schedule(100, () => runs.push(clock.now()));
    expect(clock.pending).toBe(1);
    clock.advance(99);
    expect(runs).toEqual([]);
    clock.advance(1);
    expect(runs).toEqual([100]);
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(runs).toEqual([100]);
    expect(clock.pending).toBe(0);
  });

  it('scheduling again replaces what was pending', () => {
    const clock = new ManualClock(0);
    const timer = new OnceTimer(clock);
    const runs: string[] = [];
    timer.schedule(100, () => runs.push('first'));
    clock.advance(50);
    timer.schedule(100, () => runs.push('second'));
    expect(clock.pending).toBe(1);
    clock.advance(60);
    expect(runs).toEqual([]);
    clock.advance(40);
    expect(runs).toEqual(['second']);
  });

  it('can schedule itself again from its own callback', () => {
    const clock = new ManualClock(0);
    const timer = new OnceTimer(clock);
    let runs = 0;
    const tick = (): void => {
      if (++runs < 3) timer.schedule(10, tick);
    };
    timer.schedule(10, tick);
    clock.advance(100);
    expect(runs).toBe(3);
    expect(clock.pending).toBe(0);
  });

  it('ensure keeps what is pending (a burst runs once, at the first one\'s time) and schedules when nothing is', () => {
    const clock = new ManualClock();
    const timer = new OnceTimer(clock);
    const runs: string[] = [];
    timer.ensure(100, () => runs.push('first'));
    clock.advance(50);
    timer.ensure(100, () => runs.push('second'));
    clock.advance(50);
    expect(runs).toEqual(['first']);
    clock.advance(100);
    expect(runs).toEqual(['first']);
    timer.ensure(10, () => runs.push('third'));
    clock.advance(10);
    expect(runs).toEqual(['first', 'third']);
  });

  it('cancel stops what was pending; dispose also refuses anything later', () => {
    const clock = new ManualClock(0);
    const timer = new OnceTimer(clock);
    const fn = vi.fn();
    timer.schedule(10, fn);
    timer.cancel();
    expect(clock.pending).toBe(0);
    timer.schedule(10, fn);
    timer.dispose();
    timer.schedule(10, fn);
    expect(clock.pending).toBe(0);
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pending).toBe(0);
  });

  it('clamps what setTimeout cannot wait (past 2^31-1 ms it would fire at once)', () => {
    const clock = new ManualClock(0);
    const timer = new OnceTimer(clock);
    const fn = vi.fn();
    timer.schedule(Number.MAX_SAFE_INTEGER, fn);
    expect(clock.nextAt()).toBe(2_147_483_647);
    timer.schedule(-5, fn);
    expect(clock.nextAt()).toBe(0);
  });
});
