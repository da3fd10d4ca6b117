import fc from 'fast-check';
import { parseEventJson, validateEvent, validateEvents } from '../../src/core/validate-event';
import { LIMITS } from '../../src/shared/actions';

const time = '2026-11-24T08:00:00.000Z';
const good = {
  notification: { id: '1', type: 'notification', time, data: { itemId: '1', title: 'T', body: 'B', priority: 3, url: 'https://x', tags: ['a'] } },
  system: { id: '2', type: 'system', time, data: { itemId: '2', title: 'T', body: 'B', level: 'warning', priority: 5 } },
  new_comment: { id: '3', type: 'new_comment', time, data: { itemId: '1', comment: { id: 'c1', itemId: '1', author: 'ann', body: 'hi', time } } },
  like_update: { id: '4', type: 'like_update', time, data: { itemId: '1', likes: 2, liked: true } },
  read_update: { id: '5', type: 'read_update', time, data: { itemIds: ['1'], upTo: '5' } },
};

describe('validateEvent', () => {
  it.each(Object.entries(good))('accepts a well-formed %s event unchanged', (_type, value) => {
    expect(validateEvent(value)).toEqual({ ok: true, event: value });
  });

  it('keeps only known fields', () => {
    const r = validateEvent({ ...good.like_update, extra: 1, data: { ...good.like_update.data, junk: '<script>' } });
    expect(r).toEqual({ ok: true, event: good.like_update });
  });

  it.each([
    ['not an object', 42, 'not an object'],
    ['unknown type', { ...good.notification, type: 'party' }, 'unknown event type'],
    ['missing id', { ...good.notification, id: '' }, 'id'],
    ['bad time', { ...good.notification, time: 'yesterday' }, 'time'],
    ['priority out of range', { ...good.notification, data: { ...good.notification.data, priority: 9 } }, 'priority'],
    ['bad level', { ...good.system, data: { ...good.system.data, level: 'meh' } }, 'level'],
    ['comment without author', { ...good.new_comment, data: { itemId: '1', comment: { id: 'c', itemId: '1', body: 'x', time } } }, 'comment'],
    ['negative likes', { ...good.like_update, data: { itemId: '1', likes: -1, liked: false } }, 'likes'],
    ['itemIds not a list', { ...good.read_update, data: { itemIds: '1' } }, 'itemIds'],
  ])('rejects %s with a reason', (_name, value, reason) => {
    const r = validateEvent(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('events with no body (servers do send them)', () => {
  const { body: _n, ...noBodyN } = good.notification.data;
  const { body: _s, ...noBodyS } = good.system.data;

  it.each([
    ['notification without body', { ...good.notification, data: noBodyN }],
    ['system message without body', { ...good.system, data: noBodyS }],
    ['notification with a null body', { ...good.notification, data: { ...good.notification.data, body: null } }],
  ])('keeps a %s, with an empty body', (_name, value) => {
    const r = validateEvent(value);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.event.data as { body: string }).body).toBe('');
  });

  it('keeps them in a history page too: none is dropped, so every one is counted in the inbox', () => {
    const r = validateEvents([good.notification, { ...good.system, data: noBodyS }]);
    expect(r.events.map((e) => e.id)).toEqual(['1', '2']);
    expect(r.malformed).toEqual([]);
  });

  it('still rejects a body that is not text', () => {
    expect(validateEvent({ ...good.notification, data: { ...good.notification.data, body: 42 } }).ok).toBe(false);
  });
});

describe('parseEventJson', () => {
  it('rejects bad JSON, a type that does not match the SSE event name, and oversized events', () => {
    expect(parseEventJson('{oops')).toEqual({ ok: false, reason: 'event data is not JSON' });
    expect(parseEventJson(JSON.stringify(good.system), 'notification').ok).toBe(false);
    const huge = JSON.stringify({ ...good.notification, data: { ...good.notification.data, body: 'x'.repeat(LIMITS.eventMaxBytes) } });
    expect(parseEventJson(huge)).toEqual({ ok: false, reason: `event larger than ${LIMITS.eventMaxBytes} bytes`, oversized: true });
  });

  it('counts bytes, not characters', () => {
    const chars = Math.ceil(LIMITS.eventMaxBytes / 3);
    const wide = JSON.stringify({ ...good.notification, data: { ...good.notification.data, body: '通'.repeat(chars) } });
    expect(wide.length).toBeLessThan(LIMITS.eventMaxBytes);
    expect(parseEventJson(wide).ok).toBe(false);
  });
});

describe('validateEvents', () => {
  it('keeps the good ones in order and gives a reason per bad one', () => {
    const r = validateEvents([good.notification, { nope: true }, good.system]);
    expect(r.events.map((e) => e.id)).toEqual(['1', '2']);
    expect(r.malformed).toHaveLength(1);
  });

  it('skips an event larger than the limit (a poll answer, a history page), counting it apart from the malformed', () => {
    const huge = { ...good.notification, id: '9', data: { ...good.notification.data, body: 'x'.repeat(1024 * 1024) } };
    const wide = { ...good.notification, id: '8', data: { ...good.notification.data, body: '通'.repeat(Math.ceil(LIMITS.eventMaxBytes / 3)) } };
    const r = validateEvents([good.notification, huge, wide, { nope: true }, good.system]);
    expect(r.events.map((e) => e.id)).toEqual(['1', '2']);
    expect(r.oversized).toBe(2);
    expect(r.malformed).toHaveLength(1);
  });
});

describe('event times (property)', () => {
  // The rule, as written in validate-event.ts: a time Date.parse reads; kept as it is when strict ISO-8601, else
  // rewritten to ISO. Any shortcut for the common form must give exactly this.
  const STRICT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;
  const rule = (v: string): string | null => (v.length > 100 || Number.isNaN(Date.parse(v)) ? null : STRICT.test(v) ? v : new Date(v).toISOString());
  const digits = (n: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '5', '9'), minLength: n, maxLength: n });
  const isoLike = fc
    .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3), fc.constantFrom('Z', 'z', '+00:00', ''), fc.constantFrom('-', '/', 'T', ' '))
    .map(([y, mo, d, h, mi, s, ms, zone, sep]) => `${y}${sep === '/' ? '/' : '-'}${mo}-${d}${sep === ' ' ? ' ' : 'T'}${h}:${mi}:${s}.${ms}${zone}`);
  it('any time-like text is accepted, kept or rewritten exactly as the rule says', () => {
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.string({ maxLength: 30 })), (t) => {
        const r = validateEvent({ ...good.like_update, time: t });
        const want = rule(t);
        if (want === null) expect(r.ok).toBe(false);
        else expect(r.ok && r.event.time).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});
