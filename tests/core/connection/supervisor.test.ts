import { ManualClock } from '../../helpers/manual-clock';
import { Supervisor } from '../../../src/core/connection/supervisor';
import { note, settle } from '../helpers/fake-source';
import { supervised } from '../helpers/supervised';

const setup = supervised;

describe('Supervisor: connecting and backoff', () => {
  it('goes connecting → open on the best transport and publishes each state once', () => {
    const { supervisor, source, states, clock } = setup();
    expect(supervisor.state).toEqual({ kind: 'stopped' });
    supervisor.start();
    expect(states).toEqual([{ kind: 'connecting', transport: 'sse', attempt: 0 }]);
    expect(supervisor.transport).toBe('sse');
    source.last.open();
    source.last.open();
    expect(states).toEqual([
      { kind: 'connecting', transport: 'sse', attempt: 0 },
      { kind: 'open', transport: 'sse', since: clock.now() },
    ]);
  });

  it('waits the policy delay after a failure (full jitter), growing per attempt, then reconnects', () => {
    const { supervisor, source, clock } = setup({ baseDelayMs: 1000 });
    supervisor.start();
    source.last.fail('server');
    // random 0.5 × min(cap, 1000 × 2^0)
    expect(supervisor.state).toMatchObject({ kind: 'backoff', transport: 'sse', attempt: 1, retryAt: 500, error: { code: 'server' } });
    expect(supervisor.transport).toBeNull();
    clock.advance(499);
    expect(source.connects).toHaveLength(1);
    clock.advance(1);
    expect(source.connects).toHaveLength(2);
    expect(supervisor.state).toEqual({ kind: 'connecting', transport: 'sse', attempt: 1 });
    source.last.fail('network');
    expect(supervisor.state).toMatchObject({ kind: 'backoff', attempt: 2, retryAt: 500 + 1000 });
  });

  it('never waits less than the server retry hint', () => {
    const { supervisor, source } = setup({ baseDelayMs: 1000 });
    supervisor.start();
    source.last.sink.retryHint(3000);
    source.last.fail('network');
    expect(supervisor.state).toMatchObject({ kind: 'backoff', retryAt: 3000 });
  });

  it('caps the delay', () => {
    const { supervisor, source, clock } = setup({ baseDelayMs: 1000, maxDelayMs: 4000, random: () => 0.999999 });
    supervisor.start();
    for (let i = 0; i < 8; i++) {
      source.last.fail('network');
      const s = supervisor.state;
      if (s.kind !== 'backoff') throw new Error('expected backoff');
      expect(s.retryAt - clock.now()).toBeLessThanOrEqual(4000);
      clock.advance(4000);
    }
  });

  it('resets the attempt counter after a link stayed up long enough', () => {
    const { supervisor, source, clock } = setup({ baseDelayMs: 1000, stableAfterMs: 30_000, preference: 'longpoll' });
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      source.last.fail('network');
      clock.advance(60_000);
    }
    expect(supervisor.state).toMatchObject({ kind: 'connecting', attempt: 3 });
    // Up briefly: the counter keeps growing.
    source.last.up();
    clock.advance(5_000);
    source.last.fail('network');
    expect(supervisor.state).toMatchObject({ kind: 'backoff', attempt: 4 });
    clock.advance(60_000);
    // Up for longer than stableAfterMs: back to the first step.
    source.last.up();
    clock.advance(30_000);
    source.last.fail('network');
    expect(supervisor.state).toMatchObject({ kind: 'backoff', attempt: 1, retryAt: clock.now() + 500 });
  });

  it('runs exactly one attempt at a time', () => {
    const { supervisor, source, clock } = setup();
    supervisor.start();
    supervisor.reconnectNow();
    supervisor.reconnectNow();
    expect(source.connects).toHaveLength(3);
    expect(source.openTransports).toHaveLength(1);
    source.last.fail('network');
    supervisor.reconnectNow();
    // The pending backoff timer was cancelled: time passing starts nothing more.
    clock.advance(120_000);
    expect(source.connects).toHaveLength(4);
    expect(source.openTransports).toHaveLength(1);
  });

  it('ignores reports from a transport it already closed', () => {
    const { supervisor, source } = setup();
    supervisor.start();
    const old = source.last;
    supervisor.reconnectNow();
    source.last.up();
    old.fail('server');
    old.send('1');
    expect(supervisor.state.kind).toBe('open');
    expect(supervisor.state).toMatchObject({ transport: 'sse' });
  });
});

describe('Supervisor: fallback and climb-back', () => {
  it('steps down sse → longpoll → poll after repeated failures, and climbs back later', () => {
    const { supervisor, source, clock } = setup({ fallbackAfterFailures: 3, climbBackAfterMs: 300_000 });
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      expect(source.last.kind).toBe('sse');
      source.last.fail('server');
      clock.advance(60_000);
    }
    expect(source.last.kind).toBe('longpoll');
    source.last.up();
    expect(supervisor.state).toMatchObject({ kind: 'open', transport: 'longpoll' });

    clock.advance(299_999);
    expect(source.last.kind).toBe('longpoll');
    clock.advance(1);
    // Climb back: the long-poll is closed, SSE tried.
    expect(source.last.kind).toBe('sse');
    expect(source.openTransports).toHaveLength(1);
    // Still broken: straight back to long-poll, no backoff wait.
    source.last.fail('server');
    expect(source.last.kind).toBe('longpoll');
    expect(supervisor.state).toMatchObject({ kind: 'connecting', transport: 'longpoll' });
    source.last.up();

    clock.advance(300_000);
    expect(source.last.kind).toBe('sse');
    source.last.up();
    clock.advance(3_000_000);
    // Healthy on the best transport: it stays.
    expect(source.last.kind).toBe('sse');
    expect(source.connects.filter((t) => t.kind === 'sse').length).toBe(5);
  });

  it('does not blame the transport for a server that is simply away (connection refused)', () => {
    const { supervisor, source, clock } = setup({ fallbackAfterFailures: 3 });
    supervisor.start();
    for (let i = 0; i < 6; i++) {
      source.last.fail('network');
      clock.advance(120_000);
    }
    expect(source.last.kind).toBe('sse');
  });

  it('treats "opened but never a frame" (a buffering proxy) as this transport not working here: auto steps down at once', () => {
    const { supervisor, source, clock } = setup({ fallbackAfterFailures: 3 });
    source.silenceTimeoutMs = 1000;
    supervisor.start();
    source.last.open();
    clock.advance(1000);
    expect(source.last.kind).toBe('longpoll');
    expect(source.connects).toHaveLength(2);
  });

  it('a stream that went silent after frames is a stall like any other: retried after a backoff, then stepped down', () => {
    const { supervisor, source, clock } = setup({ fallbackAfterFailures: 2 });
    source.silenceTimeoutMs = 1000;
    supervisor.start();
    source.last.up();
    clock.advance(1000);
    expect(supervisor.state).toMatchObject({ kind: 'backoff', error: { code: 'stalled' } });
    clock.advance(60_000);
    source.last.up();
    clock.advance(1000);
    expect(source.last.kind).toBe('longpoll');
  });

  it('a held-back stream on a fixed sse preference is retried, never failed for good', () => {
    const { supervisor, source, clock } = setup({ preference: 'sse' });
    source.silenceTimeoutMs = 1000;
    supervisor.start();
    source.last.open();
    clock.advance(1000);
    expect(supervisor.state).toMatchObject({ kind: 'backoff', transport: 'sse', error: { code: 'stalled', buffered: true } });
  });

  it('on a 404 of one endpoint, auto steps down at once; on the last rung (or a fixed preference) it backs off and tries again', () => {
    const auto = setup();
    auto.supervisor.start();
    auto.source.last.fail('not_found', 'fail');
    expect(auto.source.last.kind).toBe('longpoll');
    auto.source.last.fail('not_found', 'fail');
    expect(auto.source.last.kind).toBe('poll');
    auto.source.last.fail('not_found', 'fail');
    expect(auto.supervisor.state).toMatchObject({ kind: 'backoff', transport: 'poll', error: { code: 'not_found' } });

    const fixed = setup({ preference: 'sse' });
    fixed.supervisor.start();
    for (let i = 0; i < 8; i++) {
      fixed.source.last.fail('not_found', 'fail');
      expect(fixed.supervisor.state).toMatchObject({ kind: 'backoff', transport: 'sse', error: { code: 'not_found' } });
      fixed.clock.advance(60_000);
    }
    expect(fixed.source.connects).toHaveLength(9);
  });

  it('a fixed preference uses only that transport', () => {
    const { supervisor, source, clock } = setup({ preference: 'longpoll', fallbackAfterFailures: 1 });
    supervisor.start();
    for (let i = 0; i < 5; i++) {
      source.last.fail('server');
      clock.advance(120_000);
    }
    expect(new Set(source.connects.map((t) => t.kind))).toEqual(new Set(['longpoll']));
  });

  it('setPreference switches transport at once', () => {
    const { supervisor, source } = setup();
    supervisor.start();
    source.last.up();
    supervisor.setPreference('poll');
    expect(source.connects.map((t) => t.kind)).toEqual(['sse', 'poll']);
    expect(source.openTransports).toHaveLength(1);
  });

  it('fails clearly when the preferred transport is not supported by the source', () => {
    const { supervisor, source } = setup({ preference: 'poll' });
    source.transports = ['sse'];
    const s = new Supervisor({ source, preference: 'poll', cursor: { load: () => null, save: () => {} }, clock: new ManualClock() });
    s.start();
    expect(s.state).toMatchObject({ kind: 'failed', error: { code: 'invalid_input' } });
    expect(supervisor.state.kind).toBe('stopped');
  });
});

describe('Supervisor: heartbeat watchdog', () => {
  it('reconnects an open stream that goes silent longer than the source allows', () => {
    const { supervisor, source, clock } = setup();
    source.silenceTimeoutMs = 1000;
    supervisor.start();
    const first = source.last.up();
    for (let i = 0; i < 10; i++) {
      clock.advance(900);
      first.sink.activity();
    }
    expect(first.closed).toBe(false);
    clock.advance(1000);
    expect(first.closed).toBe(true);
    const s = supervisor.state;
    expect(s).toMatchObject({ kind: 'backoff', error: { code: 'stalled' } });
    clock.advance(s.kind === 'backoff' ? s.retryAt - clock.now() : 0);
    expect(source.connects).toHaveLength(2);
    expect(supervisor.state).toMatchObject({ kind: 'connecting', transport: 'sse' });
  });

  it('does not watch request/response transports (they time out per request)', () => {
    const { supervisor, source, clock } = setup({ preference: 'poll' });
    source.silenceTimeoutMs = 1000;
    supervisor.start();
    source.last.up();
    clock.advance(60_000);
    expect(supervisor.state.kind).toBe('open');
  });
});

describe('Supervisor: suspend, offline, hidden, failed', () => {
  it('suspend closes everything and leaves no timer; resume reconnects at once', () => {
    const { supervisor, source, clock } = setup();
    supervisor.start();
    for (let i = 0; i < 4; i++) {
      source.last.fail('network');
      clock.advance(60_000);
    }
    source.last.fail('network');
    supervisor.suspend();
    expect(supervisor.state).toEqual({ kind: 'paused', reason: 'suspend' });
    expect(source.openTransports).toHaveLength(0);
    expect(clock.pending).toBe(0);
    const before = source.connects.length;
    supervisor.resume();
    expect(source.connects).toHaveLength(before + 1);
    expect(supervisor.state).toEqual({ kind: 'connecting', transport: 'sse', attempt: 0 });
  });

  it('resume() after unnoticed sleep (timer drift) replaces a possibly dead link at once', () => {
    const { supervisor, source } = setup();
    supervisor.start();
    const old = source.last.up();
    supervisor.resume();
    expect(old.closed).toBe(true);
    expect(source.connects).toHaveLength(2);
    expect(source.openTransports).toHaveLength(1);
  });

  it('offline closes the link and every timer; online reconnects now', () => {
    const { supervisor, source, clock } = setup();
    supervisor.start();
    source.last.fail('network');
    supervisor.setOnline(false);
    expect(supervisor.state).toEqual({ kind: 'offline' });
    expect(clock.pending).toBe(0);
    clock.advance(600_000);
    expect(source.connects).toHaveLength(1);
    supervisor.setOnline(true);
    expect(source.connects).toHaveLength(2);
    expect(supervisor.state.kind).toBe('connecting');
  });

  it('hidden pauses interval polling only, with no timer left; visible polls again at once', () => {
    const sse = setup();
    sse.supervisor.start();
    sse.source.last.up();
    sse.supervisor.setVisible(false);
    expect(sse.supervisor.state.kind).toBe('open');
    expect(sse.source.openTransports).toHaveLength(1);

    const poll = setup({ preference: 'poll' });
    poll.supervisor.start();
    poll.source.last.up();
    poll.supervisor.setVisible(false);
    expect(poll.supervisor.state).toEqual({ kind: 'paused', reason: 'hidden' });
    expect(poll.source.openTransports).toHaveLength(0);
    expect(poll.clock.pending).toBe(0);
    poll.supervisor.setVisible(true);
    expect(poll.source.connects).toHaveLength(2);
    expect(poll.supervisor.state.kind).toBe('connecting');
  });

  it('an auth refusal fails without retrying until reconnectNow', () => {
    const { supervisor, source, clock } = setup();
    supervisor.start();
    source.last.fail('auth', 'fail');
    expect(supervisor.state).toMatchObject({ kind: 'failed', error: { code: 'auth' } });
    expect(clock.pending).toBe(0);
    clock.advance(3_600_000);
    supervisor.setOnline(false);
    supervisor.setOnline(true);
    expect(source.connects).toHaveLength(1);
    supervisor.reconnectNow();
    expect(source.connects).toHaveLength(2);
    expect(supervisor.state.kind).toBe('connecting');
  });

  it('stop closes everything and says stopped', () => {
    const { supervisor, source, clock } = setup();
    supervisor.start();
    source.last.fail('network');
    supervisor.stop();
    expect(supervisor.state).toEqual({ kind: 'stopped' });
    expect(source.openTransports).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });
});

describe('Supervisor: delivery, cursor, de-dup', () => {
  it('delivers in order, saves the cursor after each batch, and resumes from it', async () => {
    const { supervisor, source, store, received, ids, clock } = setup();
    supervisor.start();
    source.last.up();
    source.last.send('1', '2');
    await settle();
    source.last.send('3');
    await settle();
    expect(ids()).toEqual(['1', '2', '3']);
    expect(received.every((r) => !r.catchUp)).toBe(true);
    expect(received[0]?.events[0]?.source).toBe('fake');
    expect(store.saves).toEqual(['2', '3']);
    source.last.fail('network');
    clock.advance(60_000);
    expect(source.last.cursor).toBe('3');
  });

  it('writes the cursor once for a burst of batches dispatched in one task', async () => {
    const { supervisor, source, store, ids } = setup();
    supervisor.start();
    source.last.up();
    for (let i = 1; i <= 100; i++) source.last.send(String(i));
    await settle();
    expect(ids()).toHaveLength(100);
    expect(store.saves).toEqual(['100']);
  });

  it('never saves an empty id as the cursor', () => {
    const { supervisor, source, store } = setup();
    supervisor.start();
    source.last.up();
    source.last.sink.events([], '');
    source.last.sink.events([], null);
    expect(store.saves).toEqual([]);
  });

  it('drops replays across a reconnect and a transport switch', () => {
    const { supervisor, source, clock, ids } = setup();
    supervisor.start();
    source.last.up();
    source.last.send('1', '2', '3');
    source.last.fail('network');
    clock.advance(60_000);
    source.last.up();
    source.last.send('2', '3', '4');
    supervisor.setPreference('longpoll');
    source.last.up();
    source.last.send('3', '4', '5');
    expect(ids()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('a listener that throws breaks neither the supervisor nor other listeners', async () => {
    const { supervisor, source, store, ids } = setup();
    supervisor.onDidChangeState(() => {
      throw new Error('listener bug');
    });
    supervisor.onDidReceiveEvents(() => {
      throw new Error('listener bug');
    });
    supervisor.start();
    source.last.up();
    source.last.send('1');
    source.last.fail('server');
    await settle();
    expect(ids()).toEqual(['1']);
    expect(store.value).toBe('1');
    expect(supervisor.state.kind).toBe('backoff');
  });

  it('counts malformed events and keeps the link', () => {
    const { supervisor, source } = setup();
    supervisor.start();
    source.last.up();
    source.last.sink.malformed('bad json');
    source.last.sink.malformed('unknown type');
    expect(supervisor.malformedCount).toBe(2);
    expect(supervisor.state.kind).toBe('open');
  });
});

describe('Supervisor: catch-up', () => {
  it('on a gap, holds live events, delivers history as catch-up, then the held ones', async () => {
    const { supervisor, source, store, received, ids, caughtUp } = setup();
    source.history = ['1', '2', '3', '4', '5'].map(note);
    supervisor.start();
    source.last.up();
    source.last.send('1', '2');
    source.manualCatchUp = true;
    source.last.sink.gap({ after: '2', reset: false });
    source.last.send('6');
    expect(ids()).toEqual(['1', '2']);
    source.pending[0]?.resolve();
    await settle();
    expect(source.catchUps).toEqual(['2']);
    expect(ids()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(received.map((r) => r.catchUp)).toEqual([false, true, false]);
    expect(caughtUp).toEqual([3]);
    expect(store.value).toBe('6');
  });

  it('keeps memory bounded: a flood of live events during a slow catch-up drops the link, not memory', () => {
    const { supervisor, source } = setup();
    supervisor.start();
    const t = source.last.up();
    source.manualCatchUp = true;
    t.sink.gap({ after: '1', reset: false });
    const many = Array.from({ length: 20_001 }, (_, i) => note(String(100 + i)));
    t.sink.events(many.slice(0, 10_000), null);
    expect(t.closed).toBe(false);
    t.sink.events(many.slice(10_000), null);
    expect(t.closed).toBe(true);
    expect(supervisor.state.kind).toBe('backoff');
  });

  it('a gap with reset drops the cursor and the remembered ids, and reloads', async () => {
    const { supervisor, source, store, ids } = setup();
    supervisor.start();
    source.last.up();
    source.last.send('1', '2', '3');
    source.history = ['1', '2'].map(note);
    source.last.sink.gap({ after: '3', reset: true });
    await settle();
    expect(source.catchUps).toEqual([null]);
    expect(ids()).toEqual(['1', '2', '3', '1', '2']);
    expect(store.value).toBe('2');
  });

  it('a failed gap catch-up closes the link and retries with backoff', async () => {
    const { supervisor, source } = setup();
    supervisor.start();
    source.last.up();
    source.manualCatchUp = true;
    source.last.sink.gap({ after: '2', reset: false });
    source.pending[0]?.reject(new Error('boom'));
    await settle();
    expect(supervisor.state).toMatchObject({ kind: 'backoff', error: { code: 'network' } });
  });

  it('with a saved cursor, catches up from history before going live', async () => {
    const { supervisor, source, received, caughtUp } = setup({ saved: '2' });
    source.history = ['1', '2', '3', '4'].map(note);
    supervisor.start();
    expect(source.connects).toHaveLength(0);
    await settle();
    expect(source.catchUps).toEqual(['2']);
    expect(received).toEqual([{ events: [expect.objectContaining({ id: '3' }), expect.objectContaining({ id: '4' })], catchUp: true }]);
    expect(caughtUp).toEqual([2]);
    expect(source.last.cursor).toBe('4');
  });

  it('catches up again only after a disconnect longer than catchUpAfterMs', async () => {
    const { supervisor, source, clock } = setup({ catchUpAfterMs: 60_000, baseDelayMs: 100 });
    supervisor.start();
    source.last.up();
    source.last.send('1');
    source.last.fail('network');
    clock.advance(1000);
    await settle();
    expect(source.catchUps).toEqual([]);
    expect(source.connects).toHaveLength(2);
    source.last.up();
    supervisor.suspend();
    clock.advance(61_000);
    supervisor.resume();
    await settle();
    expect(source.catchUps).toEqual(['1']);
    expect(source.connects).toHaveLength(3);
  });

  it('stop during a catch-up delivers nothing more', async () => {
    const { supervisor, source, ids } = setup({ saved: '1' });
    source.history = ['1', '2'].map(note);
    source.manualCatchUp = true;
    supervisor.start();
    supervisor.stop();
    source.pending[0]?.resolve();
    await settle();
    expect(ids()).toEqual([]);
    expect(source.connects).toHaveLength(0);
  });
});
