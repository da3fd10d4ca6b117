import { ConnectionHistory } from '../../../src/core/connection/connection-history';
import type { ConnectionState } from '../../../src/shared/connection-state';
import type { ConnectionSummary } from '../../../src/shared/inbox';

function summary(states: Record<string, ConnectionState>): ConnectionSummary {
  const sources = Object.entries(states).map(([id, state]) => ({ id, label: id, kind: 'herald' as const, state, malformed: 0 }));
  return { overall: sources[0]?.state ?? { kind: 'stopped' }, sources };
}

const backoff = (attempt: number): ConnectionState => ({ kind: 'backoff', transport: 'sse', attempt, retryAt: 0, error: { code: 'network', message: 'refused' } });

describe('connection history (what diagnostics show of a source’s recent connection)', () => {
  it('keeps each change once, in order, with its error, and a repeated summary adds nothing', () => {
    const h = new ConnectionHistory();
    h.record(summary({ a: { kind: 'connecting', transport: 'sse', attempt: 1 } }), 1);
    h.record(summary({ a: backoff(1) }), 2);
    h.record(summary({ a: backoff(1) }), 3);
    h.record(summary({ a: { kind: 'open', transport: 'sse', since: 4 } }), 4);
    expect(h.of('a').map((c) => [c.at, c.kind, c.error?.code])).toEqual([
      [1, 'connecting', undefined],
      [2, 'backoff', 'network'],
      [4, 'open', undefined],
    ]);
  });

  it('a reconnect loop keeps only the newest changes, per source', () => {
    const h = new ConnectionHistory(5);
    for (let i = 1; i <= 1000; i++) h.record(summary({ a: backoff(i), b: { kind: 'open', transport: 'sse', since: 0 } }), i);
    expect(h.of('a').map((c) => c.attempt)).toEqual([996, 997, 998, 999, 1000]);
    expect(h.of('b')).toHaveLength(1);
  });

  it('forgets a source that was removed', () => {
    const h = new ConnectionHistory();
    h.record(summary({ a: backoff(1), b: backoff(1) }), 1);
    h.record(summary({ b: backoff(2) }), 2);
    expect(h.of('a')).toEqual([]);
    expect(h.of('b')).toHaveLength(2);
  });
});
