/**
 * The `--since` text (and a source's `since` in `--sources`): any text is read without throwing, as a start or as
 * nothing, and every start reads back from its own written form.
 */
import fc from 'fast-check';
import { formatHistoryStart, MAX_AGO_SECONDS, parseHistoryStart, type HistoryStart } from '../../src/shared/history-start';

const starts: fc.Arbitrary<HistoryStart> = fc.oneof(
  fc.constant({ kind: 'all' } as const),
  fc.constant({ kind: 'now' } as const),
  fc.integer({ min: 1, max: MAX_AGO_SECONDS }).map((seconds) => ({ kind: 'ago', seconds }) as const),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}$/).filter((id) => id !== 'all' && id !== 'now' && !/^(\d+[smhd])+$/.test(id)).map((id) => ({ kind: 'id', id }) as const),
);

describe('parseHistoryStart', () => {
  it('reads the forms the help names', () => {
    expect(parseHistoryStart('all')).toEqual({ kind: 'all' });
    expect(parseHistoryStart('now')).toEqual({ kind: 'now' });
    expect(parseHistoryStart('1h')).toEqual({ kind: 'ago', seconds: 3600 });
    expect(parseHistoryStart('90s')).toEqual({ kind: 'ago', seconds: 90 });
    expect(parseHistoryStart('7d')).toEqual({ kind: 'ago', seconds: 7 * 86_400 });
    expect(parseHistoryStart('42')).toEqual({ kind: 'id', id: '42' });
    expect(parseHistoryStart('hH3kt9PDMz7V')).toEqual({ kind: 'id', id: 'hH3kt9PDMz7V' });
  });

  it('names no start for an empty text, a zero or an endless span, or characters no id has', () => {
    for (const t of ['', ' ', '0h', '400d', '1h30m', '2d4h', '-1h', 'a b', 'x/y', '@1']) expect(parseHistoryStart(t)).toBeNull();
  });

  it('never throws, and what it reads is well formed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const start = parseHistoryStart(text);
        if (start === null) return;
        if (start.kind === 'ago') expect(Number.isInteger(start.seconds) && start.seconds > 0 && start.seconds <= MAX_AGO_SECONDS).toBe(true);
        if (start.kind === 'id') expect(start.id.length).toBeGreaterThan(0);
        // Whatever was read writes back to a text that reads the same.
        expect(parseHistoryStart(formatHistoryStart(start))).toEqual(start);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every start back from its written form', () => {
    fc.assert(fc.property(starts, (start) => {
        expect(parseHistoryStart(formatHistoryStart(start))).toEqual(start);
      }), { numRuns: 2000 });
  });
});
