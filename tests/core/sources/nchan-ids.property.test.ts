/**
 * Properties of the Nchan parsers that read what the server (or a publisher through it) sends: message ids, multiplexed
 * ids, Last-Modified + Etag, saved cursors and message bodies. Never a throw, whatever the input; what comes out is
 * well-formed; and an id cannot make the parser work without bound.
 */
import fc from 'fast-check';
import { toHeraldEvent } from '../../../src/core/sources/nchan-message';
import { decodeCursor, formatMessageId, idFromHeaders, parseMessageId, parseMultiId } from '../../../src/core/sources/nchan-position';

/** Id-like text (digits, colons, brackets, commas, dashes) often, anything at all otherwise. */
const idText = fc.oneof(
  fc.array(fc.constantFrom('1', '0', '9', ':', '[', ']', ',', '-', ' ', 'x', '12345678901'), { maxLength: 40 }).map((a) => a.join('')),
  fc.string({ maxLength: 60 }),
);

describe('Nchan ids (properties)', () => {
  it('parseMessageId never throws, and what it reads formats back to the same id', () => {
    fc.assert(
      fc.property(idText, (raw) => {
        const id = parseMessageId(raw);
        if (id === null) return;
        expect(Number.isSafeInteger(id.time) && Number.isSafeInteger(id.tag)).toBe(true);
        expect(parseMessageId(formatMessageId(id))).toEqual(id);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseMultiId never throws, and names one channel of the list with a well-formed id', () => {
    fc.assert(
      fc.property(idText, (raw) => {
        const r = parseMultiId(raw);
        if (r === null) return;
        const tags = raw.trim().slice(raw.trim().indexOf(':') + 1).split(',');
        expect(r.index).toBeGreaterThanOrEqual(0);
        expect(r.index).toBeLessThan(tags.length);
        expect(tags[r.index]).toBe(`[${r.id.tag}]`);
        expect(Number.isSafeInteger(r.id.time) && r.id.tag <= 999_999_999).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the multiplexed ids Nchan 1.3.6 sends', () => {
    expect(parseMultiId('1796083426:0,[1],-')).toEqual({ index: 1, id: { time: 1796083426, tag: 1 } });
    expect(parseMultiId('1796083426:[3]')).toEqual({ index: 0, id: { time: 1796083426, tag: 3 } });
    expect(parseMultiId('1796083426:[1],[2]')).toBeNull();
    expect(parseMultiId('1796083426:0,1')).toBeNull();
  });

  it('a long run of digits in a multiplexed id is refused at once (its pattern used to backtrack exponentially)', () => {
    // 28 digits took 9 s with the old pattern, each more doubling it: this one would never end.
    expect(parseMultiId(`1:${'1'.repeat(5000)}!`)).toBeNull();
    expect(parseMultiId(`1:${'1,'.repeat(5000)}[2]`)).toEqual({ index: 5000, id: { time: 1, tag: 2 } });
  });

  it('idFromHeaders and decodeCursor never throw on any header or saved text', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 40 })), fc.option(idText), fc.option(fc.string({ maxLength: 200 })), (lastModified, etag, saved) => {
        const id = idFromHeaders(lastModified, etag);
        if (id !== null) expect(Number.isFinite(id.time) && Number.isSafeInteger(id.tag)).toBe(true);
        for (const [, position] of decodeCursor(saved)) expect(parseMessageId(position.id)).not.toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('toHeraldEvent never throws on any body or event name, and a taken message is a well-formed event', () => {
    const body = fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));
    const name = fc.oneof(fc.constantFrom('message', 'notification', 'system', 'new_comment', 'like_update', 'read_update', 'gap'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(body, name, (text, eventName) => {
        const r = toHeraldEvent({ channel: 'ops', eventId: 'ops:1:0', time: 1_795_510_446, eventName, body: text });
        if (r.ok) {
          expect(r.event.id).toBe('ops:1:0');
          expect(Number.isNaN(Date.parse(r.event.time))).toBe(false);
        } else expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});
