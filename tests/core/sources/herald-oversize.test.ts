/**
 * An event over the size limit reaches the Herald source on every path — the live stream (cut short by the framing,
 * or whole), a poll or long-poll answer — and is skipped the same way each time: the oversize report (the user's
 * "message too large" notice), not a malformed count, and the events around it go on.
 */
import { parsePollAnswer, readStreamMessage, type StreamState } from '../../../src/core/sources/herald-answers';
import { createSseFraming, OVERSIZED_DATA } from '../../../src/core/transports/sse-framing';
import { LIMITS } from '../../../src/shared/actions';
import { RecordingSink } from '../helpers/recording-sink';

const event = (id: number, body = '') => ({ id: String(id), type: 'notification', time: '2026-12-07T12:00:00.000Z', data: { itemId: String(id), title: `t${id}`, body, priority: 3 } });
const huge = 'z'.repeat(LIMITS.eventMaxBytes + 1);

describe('Herald: an event too large to take', () => {
  it('on the stream, cut short by the framing or measured whole: the oversize report, then the next event', () => {
    const sink = new RecordingSink();
    const stream: StreamState = { position: null, serverId: null };
    const framed = createSseFraming({ maxFrameChars: 1000 })(`data: ${'x'.repeat(5000)}\n\n`);
    const data = framed.slice(framed.indexOf(':') + 1, framed.indexOf('\n'));
    expect(data).toBe(OVERSIZED_DATA);
    readStreamMessage('message', data, sink, stream, () => {});
    readStreamMessage('notification', JSON.stringify(event(2, huge)), sink, stream, () => {});
    readStreamMessage('notification', JSON.stringify(event(3)), sink, stream, () => {});
    expect(sink.calls).toEqual([
      { call: 'lost', info: { reason: 'skipped_oversized' } },
      { call: 'lost', info: { reason: 'skipped_oversized' } },
      { call: 'events', ids: ['3'], cursor: '3' },
    ]);
  });

  it('in a poll or long-poll answer: skipped with one oversize report, the others delivered', () => {
    const result = parsePollAnswer({ cursor: '3', events: [event(1), event(2, huge), event(3)] }, null);
    expect(result.events.map((e) => e.id)).toEqual(['1', '3']);
    expect(result.lost).toEqual([{ reason: 'skipped_oversized' }]);
    expect(result.malformed).toEqual([]);
  });
});
