import { ManualClock } from '../../helpers/manual-clock';
import { Watchdog } from '../../../src/core/connection/watchdog';

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

  it('says whether any frame ever arrived when it fires (opened but never a frame: held back on the way)', () => {
    const clock = new ManualClock();
    const dead: [number, boolean][] = [];
    new Watchdog({ clock, silenceTimeoutMs: 1000, onDead: (ms, heard) => dead.push([ms, heard]) });
    clock.advance(1000);
    const w = new Watchdog({ clock, silenceTimeoutMs: 1000, onDead: (ms, heard) => dead.push([ms, heard]) });
    w.framesArrived(1);
    clock.advance(1000);
    expect(dead).toEqual([
      [1000, false],
      [1000, true],
    ]);
  });

  it('several frames in one read after a silence longer than three quarters of its window: held back (a proxy flushing every 16 KiB)', () => {
    const clock = new ManualClock();
    const heldBack: [number, number][] = [];
    const onDead = vi.fn();
    // A 15 s keepalive: a 35 s window.
    const w = new Watchdog({ clock, silenceTimeoutMs: 35_000, onDead, onHeldBack: (ms, frames) => heldBack.push([ms, frames]) });
    w.framesArrived(3); // retry, hello and an event, at once on connect: nothing was silent
    for (let i = 0; i < 5; i++) {
      clock.advance(15_000);
      w.framesArrived(1); // a keepalive per period: alive
    }
    clock.advance(5_000);
    w.framesArrived(40); // a busy moment: many at once, right after the last
    clock.advance(26_000);
    w.framesArrived(2); // a keepalive late by 11 s, and an event with it: the network, not a buffer
    expect(heldBack).toEqual([]);
    clock.advance(30_000);
    w.framesArrived(12); // 30 s of nothing, then a dozen frames at once: they waited somewhere
    expect(heldBack).toEqual([[30_000, 12]]);
    expect(w.disposed).toBe(true);
    clock.advance(100_000);
    expect(onDead).not.toHaveBeenCalled();
  });

  it('never takes a pause of two seconds or less for holding back, however short the keepalive', () => {
    const clock = new ManualClock();
    const onHeldBack = vi.fn();
    // A 0.8 s keepalive: a 2.4 s window, three quarters of it 1.8 s.
    const w = new Watchdog({ clock, silenceTimeoutMs: 2400, onDead: () => {}, onHeldBack });
    clock.advance(2000);
    w.framesArrived(5);
    expect(w.disposed).toBe(false);
    expect(onHeldBack).not.toHaveBeenCalled();
  });
});
