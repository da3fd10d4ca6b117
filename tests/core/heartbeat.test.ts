import { ManualClock } from '../helpers/manual-clock';
import { Watchdog } from '../../src/core/heartbeat';

describe('Watchdog', () => {
  it('fires once when the link is silent longer than the timeout', () => {
    const clock = new ManualClock();
    const dead: number[] = [];
    new Watchdog({ clock, silenceTimeoutMs: 1000, onDead: (ms) => dead.push(ms) });
    clock.advance(999);
    expect(dead).toEqual([]);
    clock.advance(1);
    expect(dead).toEqual([1000]);
    clock.advance(10_000);
    expect(dead).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('does not fire while bytes keep arriving', () => {
    const clock = new ManualClock();
    const onDead = vi.fn();
    const w = new Watchdog({ clock, silenceTimeoutMs: 1000, onDead });
    for (let i = 0; i < 20; i++) {
      clock.advance(600);
      w.touch();
    }
    expect(onDead).not.toHaveBeenCalled();
    clock.advance(1000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('measures silence from the last touch', () => {
    const clock = new ManualClock();
    const dead: number[] = [];
    const w = new Watchdog({ clock, silenceTimeoutMs: 1000, onDead: (ms) => dead.push(ms) });
    clock.advance(900);
    w.touch();
    clock.advance(999);
    expect(dead).toEqual([]);
    clock.advance(1);
    expect(dead).toEqual([1000]);
  });

  it('reads a changing timeout (a keepalive learned later)', () => {
    const clock = new ManualClock();
    let timeout = 10_000;
    const onDead = vi.fn();
    const w = new Watchdog({ clock, silenceTimeoutMs: () => timeout, onDead });
    timeout = 500;
    w.touch();
    clock.advance(10_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('never fires after dispose and leaves no timer behind', () => {
    const clock = new ManualClock();
    const onDead = vi.fn();
    const w = new Watchdog({ clock, silenceTimeoutMs: 1000, onDead });
    w.dispose();
    clock.advance(5000);
    expect(onDead).not.toHaveBeenCalled();
    expect(clock.pending).toBe(0);
  });
});
