/** The ladder rule on its own: every kind of closed link, on every rung. */
import { nextMove, TransportLadder, type ClosedLink, type LadderState } from '../../../src/core/connection/transport-ladder';
import type { ErrorInfo } from '../../../src/shared/connection-state';

const err = (code: ErrorInfo['code'], extra: Partial<ErrorInfo> = {}): ErrorInfo => ({ code, message: code, ...extra });
const link = (over: Partial<ClosedLink> = {}): ClosedLink => ({ error: err('server'), outcome: 'retry', healthy: false, probeFrom: null, ...over });
const ladder = (over: Partial<LadderState> = {}): LadderState => ({ level: 0, rungs: 3, transportFailures: 0, fallbackAfter: 3, ...over });

describe('transport ladder', () => {
  it('fails at once on bad credentials, on any rung, even on a climb-back try', () => {
    for (const code of ['auth', 'forbidden'] as const) {
      expect(nextMove(link({ error: err(code) }), ladder())).toEqual({ kind: 'fail' });
      expect(nextMove(link({ error: err(code), probeFrom: 1 }), ladder())).toEqual({ kind: 'fail' });
    }
  });

  it('a failed climb-back goes back to the rung that worked; a healthy one is judged as usual', () => {
    expect(nextMove(link({ probeFrom: 1 }), ladder())).toEqual({ kind: 'return', level: 1 });
    expect(nextMove(link({ probeFrom: 1, healthy: true }), ladder())).toEqual({ kind: 'retry', transportFailures: 0 });
  });

  it('"not here" steps down, and on the lowest rung is retried (a proxy mid-deploy): only refused credentials fail', () => {
    expect(nextMove(link({ error: err('not_found'), outcome: 'fail' }), ladder())).toEqual({ kind: 'step-down' });
    expect(nextMove(link({ error: err('not_found'), outcome: 'fail' }), ladder({ level: 2, transportFailures: 1 }))).toEqual({ kind: 'retry', transportFailures: 1 });
    expect(nextMove(link({ error: err('gone'), outcome: 'fail' }), ladder({ level: 2 }))).toEqual({ kind: 'retry', transportFailures: 0 });
    expect(nextMove(link({ error: err('auth'), outcome: 'fail' }), ladder())).toEqual({ kind: 'fail' });
    expect(nextMove(link({ error: err('forbidden'), outcome: 'fail' }), ladder({ level: 2 }))).toEqual({ kind: 'fail' });
  });

  it('counts transport failures (not refusals, not healthy links) and steps down at the third', () => {
    expect(nextMove(link({ error: err('stalled') }), ladder({ transportFailures: 1 }))).toEqual({ kind: 'retry', transportFailures: 2 });
    expect(nextMove(link({ error: err('stalled') }), ladder({ transportFailures: 2 }))).toEqual({ kind: 'step-down' });
    expect(nextMove(link({ error: err('network', { refused: true }) }), ladder({ transportFailures: 2 }))).toEqual({ kind: 'retry', transportFailures: 2 });
    expect(nextMove(link({ error: err('stalled'), healthy: true }), ladder({ transportFailures: 2 }))).toEqual({ kind: 'retry', transportFailures: 2 });
    // On the lowest rung there is nowhere to go: keep retrying.
    expect(nextMove(link({ error: err('stalled') }), ladder({ level: 2, transportFailures: 5 }))).toEqual({ kind: 'retry', transportFailures: 6 });
  });

  it('with no rung at all there is nothing to retry', () => {
    expect(nextMove(link({ outcome: 'fail' }), ladder({ rungs: 0 }))).toEqual({ kind: 'fail' });
  });
});

describe('TransportLadder (the ladder a supervisor stands on)', () => {
  const closed = (over: Partial<ClosedLink> = {}): ClosedLink => link(over);

  it('counts failures on a rung, steps down, and climbs back one rung at a time', () => {
    const l = new TransportLadder(['sse', 'longpoll', 'poll'], 'auto', 2);
    expect(l.current).toBe('sse');
    expect(l.onClosed(closed())).toEqual({ kind: 'retry', transportFailures: 1 });
    expect(l.onClosed(closed())).toEqual({ kind: 'step-down' });
    expect([l.current, l.belowBest]).toEqual(['longpoll', true]);
    // Failures start over on the new rung.
    expect(l.onClosed(closed())).toEqual({ kind: 'retry', transportFailures: 1 });
    expect(l.climb()).toBe('sse');
    expect(l.onClosed(closed({ probeFrom: 1 }))).toEqual({ kind: 'return', level: 1 });
    expect(l.current).toBe('longpoll');
  });

  it('a fixed preference has one rung (or none when the source lacks it); changing it starts over', () => {
    const l = new TransportLadder(['sse', 'poll'], 'poll', 3);
    expect([l.current, l.belowBest]).toEqual(['poll', false]);
    expect(l.setPreference('poll')).toBe(false);
    expect(l.setPreference('longpoll')).toBe(true);
    expect(l.current).toBeUndefined();
    l.setPreference('auto');
    expect(l.current).toBe('sse');
  });
});
