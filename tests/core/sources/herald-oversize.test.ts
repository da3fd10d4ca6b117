/**
 * An event over the size limit reaches the Herald source on every path — the live stream (cut short by the framing,
 * or whole), a poll or long-poll answer — and is skipped the same way each time: the oversize report (the user's
 * "message too large" notice), not a malformed count, and the events around it go on.
 */
import { parsePollAnswer, readStreamMessage, streamState } from '../../../src/core/sources/herald-answers';
import { createBatchingSink } from '../../../src/core/transports/batching-sink';
import { createSseFraming, OVERSIZED_DATA } from '../../../src/core/transports/sse-framing';
import { LIMITS } from '../../../src/shared/actions';
import { RecordingSink } from '../helpers/recording-sink';
import { fakeFetch, json } from '../helpers/fake-fetch';
import { ManualClock } from '../../helpers/manual-clock';
import { createHeraldSource } from '../../../src/core/sources/herald';

const event = (id: number, body = '') => ({ id: String(id), type: 'notification', time: '2026-12-07T12:00:00.000Z', data: { itemId: String(id), title: `t${id}`, body, priority: 3 } });
const huge = 'z'.repeat(LIMITS.eventMaxBytes + 1);

describe('Herald: an event too large to take', () => {
  it('on the stream, cut short by the framing or measured whole: the oversize report, then the next event', () => {
    const recorded = new RecordingSink();
    // As the Herald source reads its stream: through the batching sink (events of a chunk delivered together).
    const sink = createBatchingSink(recorded);
    const stream = streamState(null);
    const framed = createSseFraming({ maxFrameChars: 1000 })(`data: ${'x'.repeat(5000)}\n\n`);
    const data = framed.slice(framed.indexOf(':') + 1, framed.indexOf('\n'));
    expect(data).toBe(OVERSIZED_DATA);
    readStreamMessage('message', data, sink, stream, () => {});
    readStreamMessage('notification', JSON.stringify(event(2, huge)), sink, stream, () => {});
    readStreamMessage('notification', JSON.stringify(event(3)), sink, stream, () => {});
    sink.flush();
    expect(recorded.calls).toEqual([
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

describe('Herald: an answer over the answer limit made of events each within the event limit', () => {
  // 170 events of 200 KiB: any page of more than ~160 of them is over the 32 MiB an answer may take, although the
  // protocol allows every one of them (256 KiB each, up to 500 a page).
  const pool = Array.from({ length: 170 }, (_, i) => event(i + 1, 'b'.repeat(200 * 1024)));

  it('catch-up asks for smaller pages until they fit: every event is delivered, none is retried forever', { timeout: 60_000 }, async () => {
    const { fetch, requests } = fakeFetch((req) => {
      const after = Number(req.url.searchParams.get('after'));
      const limit = Number(req.url.searchParams.get('limit'));
      const page = pool.slice(after, after + limit);
      const last = page.at(-1)?.id ?? null;
      return json({ events: page, next: after + limit < pool.length ? last : null, head: '170' });
    });
    const src = createHeraldSource({ id: 'h', kind: 'herald', url: 'http://127.0.0.1:9/' }, { fetch, clock: new ManualClock(Date.parse('2026-12-07T12:00:00Z')) });
    const ids: string[] = [];
    const cursor = await src.catchUp('0', (events) => ids.push(...events.map((e) => e.id)), new AbortController().signal);
    expect(ids).toEqual(pool.map((e) => e.id));
    expect(cursor).toBe('170');
    // Bounded: a few halvings, then pages that fit.
    expect(requests.length).toBeLessThan(12);
  });

  it('a long-poll asks for fewer events at each reconnect after an answer too large, until one fits', { timeout: 60_000 }, async () => {
    let answeredOne = false;
    const { fetch, requests } = fakeFetch((req) => {
      // After the first answer that fits, the server has nothing new (the long-poll waits): memory stays small.
      if (answeredOne) return new Promise<Response>(() => {});
      const limit = Number(req.url.searchParams.get('limit'));
      answeredOne = limit < 150;
      const page = pool.slice(0, limit);
      return json({ events: page, cursor: page.at(-1)!.id, hasMore: limit < pool.length, serverId: 's' });
    });
    const src = createHeraldSource({ id: 'h', kind: 'herald', url: 'http://127.0.0.1:9/' }, { fetch, clock: new ManualClock(Date.parse('2026-12-07T12:00:00Z')) });
    let delivered: string[] = [];
    // The supervisor reconnects after each retryable close; a few reconnects at most.
    for (let attempt = 0; attempt < 6 && delivered.length === 0; attempt++) {
      const sink = new RecordingSink();
      const link = src.connect('longpoll', '0', sink);
      await vi.waitFor(() => expect(sink.count('closed') + sink.count('events')).toBeGreaterThan(0), { timeout: 20_000 });
      delivered = sink.calls.flatMap((c) => (c.call === 'events' ? c.ids : []));
      link.close();
    }
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered).toEqual(pool.slice(0, delivered.length).map((e) => e.id));
    expect(Number(requests.at(-1)!.url.searchParams.get('limit'))).toBeLessThan(170);
  });
});
