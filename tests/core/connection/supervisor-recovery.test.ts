/**
 * Recovery policy under the faults users meet: a proxy that buffers a stream after its first bytes, a server that
 * restarts over and over, a server that asks for time (Retry-After). Time is a ManualClock.
 */
import { ManualClock } from '../../helpers/manual-clock';
import { Supervisor } from '../../../src/core/connection/supervisor';
import type { ErrorInfo } from '../../../src/shared/connection-state';
import { FakeSource } from '../helpers/fake-source';

function setup(random = () => 0.999) {
  const clock = new ManualClock(0);
  const source = new FakeSource();
  source.silenceTimeoutMs = 3000;
  const supervisor = new Supervisor({
    source,
    preference: 'auto',
    cursor: { load: () => null, save: () => {} },
    clock,
    random,
  });
  return { clock, source, supervisor };
}

const refused: ErrorInfo = { code: 'network', message: 'connect ECONNREFUSED', refused: true };

describe('Supervisor: a stream that opens, says hello, then goes silent (a buffering proxy)', () => {
  it('counts each silent stream as a failure of SSE and steps down to long-poll', () => {
    const { clock, source, supervisor } = setup();
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      expect(source.last.kind).toBe('sse');
      source.last.up(); // headers + the first bytes (retry:, hello) pass the proxy
      clock.advance(3000); // then nothing: the watchdog calls it dead
      const s = supervisor.state;
      if (s.kind === 'backoff') clock.advance(s.retryAt - clock.now());
    }
    expect(source.last.kind).toBe('longpoll');
  });

  it('a stream that keeps talking through two silence windows is healthy (no step down)', () => {
    const { clock, source, supervisor } = setup();
    supervisor.start();
    for (let i = 0; i < 5; i++) {
      source.last.up();
      for (let t = 0; t < 7; t++) {
        clock.advance(1000);
        source.last.sink.activity();
      }
      source.last.fail('network');
      const s = supervisor.state;
      if (s.kind === 'backoff') clock.advance(s.retryAt - clock.now());
    }
    expect(source.last.kind).toBe('sse');
  });
});

describe('Supervisor: coming back quickly after a server restart', () => {
  it('keeps the wait at or under 4 s while the port refuses, however long the outage', () => {
    const { clock, source, supervisor } = setup();
    supervisor.start();
    const waits: number[] = [];
    for (let i = 0; i < 30; i++) {
      source.last.sink.closed(refused, 'retry');
      const s = supervisor.state;
      if (s.kind !== 'backoff') throw new Error(`expected backoff, got ${s.kind}`);
      waits.push(s.retryAt - clock.now());
      clock.advance(s.retryAt - clock.now());
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(4000);
    // Still full jitter: with another draw the wait is shorter.
    expect(waits[0]).toBeLessThan(waits[5]!);
  });

  it('after many refusals the first ordinary failure starts low again, not at the 60 s cap', () => {
    const { clock, source, supervisor } = setup();
    supervisor.start();
    for (let i = 0; i < 20; i++) {
      source.last.sink.closed(refused, 'retry');
      const s = supervisor.state;
      if (s.kind === 'backoff') clock.advance(s.retryAt - clock.now());
    }
    source.last.fail('server');
    const s = supervisor.state;
    if (s.kind !== 'backoff') throw new Error('expected backoff');
    expect(s.retryAt - clock.now()).toBeLessThanOrEqual(8000);
  });

  it('obeys a 503 Retry-After even past the cap, and the SSE retry hint as a floor', () => {
    const { clock, source, supervisor } = setup(() => 0);
    supervisor.start();
    source.last.sink.closed({ code: 'server', message: 'HTTP 503', status: 503, retryAfterMs: 120_000 }, 'retry');
    let s = supervisor.state;
    if (s.kind !== 'backoff') throw new Error('expected backoff');
    expect(s.retryAt - clock.now()).toBe(120_000);
    clock.advance(120_000);
    source.last.sink.retryHint(2500);
    source.last.sink.closed(refused, 'retry');
    s = supervisor.state;
    if (s.kind !== 'backoff') throw new Error('expected backoff');
    expect(s.retryAt - clock.now()).toBe(2500);
  });

  it('a struggling server (500s) still gets exponential backoff up to the long cap', () => {
    const { clock, source, supervisor } = setup();
    supervisor.setPreference('sse');
    supervisor.start();
    let last = 0;
    for (let i = 0; i < 10; i++) {
      source.last.fail('server');
      const s = supervisor.state;
      if (s.kind !== 'backoff') throw new Error('expected backoff');
      last = s.retryAt - clock.now();
      clock.advance(last);
    }
    expect(last).toBeGreaterThan(30_000);
    expect(last).toBeLessThanOrEqual(60_000);
  });
});
