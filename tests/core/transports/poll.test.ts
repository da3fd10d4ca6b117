import { ManualClock } from '../../helpers/manual-clock';
import type { ExchangeHooks } from '../../../src/core/transports/exchange';
import { createPollTransport } from '../../../src/core/transports/poll';
import { validateEvents } from '../../../src/core/validate-event';
import { note, settle } from '../helpers/fake-source';
import { fakeFetch, json, type Handler } from '../helpers/fake-fetch';
import { RecordingSink } from '../helpers/recording-sink';

const hooks: ExchangeHooks = {
  buildRequest: ({ cursor, etag }) => ({
    url: `http://127.0.0.1:9/poll?cursor=${cursor ?? ''}`,
    headers: etag ? { 'If-None-Match': etag } : ({} as Record<string, string>),
  }),
  parse: async (res) => {
    const body = (await res.json()) as { events: unknown; cursor: string };
    return { ...validateEvents(body.events), cursor: body.cursor };
  },
};

function start(handler: Handler, cursor: string | null = '0') {
  const clock = new ManualClock(0);
  const { fetch, requests } = fakeFetch(handler);
  const sink = new RecordingSink();
  const transport = createPollTransport({ ...hooks, fetch, clock, cursor, sink, requestTimeoutMs: 5000 });
  return { clock, requests, sink, transport };
}

describe('poll transport', () => {
  it('polls at once, then on the adaptive interval: faster with data, slower when idle (304)', async () => {
    let n = 0;
    const { clock, requests, sink, transport } = start(() => {
      n++;
      if (n === 1) return json({ events: [note('1')], cursor: '1' }, { headers: { ETag: '"1"' } });
      return new Response(null, { status: 304, headers: { ETag: '"1"' } });
    });
    await settle();
    expect(requests).toHaveLength(1);
    expect(sink.meaningful).toEqual([{ call: 'open' }, { call: 'events', ids: ['1'], cursor: '1' }]);
    // New data: 3000 / 2, but not below the 2 s floor.
    clock.advance(1999);
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(requests).toHaveLength(2);
    expect(requests[1]?.url.searchParams.get('cursor')).toBe('1');
    expect(requests[1]?.headers.get('if-none-match')).toBe('"1"');
    // 304: idle, 2000 × 1.2.
    clock.advance(2399);
    await settle();
    expect(requests).toHaveLength(2);
    clock.advance(1);
    await settle();
    expect(requests).toHaveLength(3);
    expect(sink.count('activity')).toBe(3);
    transport.close();
  });

  it('leaves no timer and sends nothing once closed', async () => {
    const { clock, requests, transport } = start(() => json({ events: [], cursor: '0' }));
    await settle();
    transport.close();
    expect(clock.pending).toBe(0);
    clock.advance(600_000);
    await settle();
    expect(requests).toHaveLength(1);
  });

  it('rides out a transient error by polling slower, and gives up after three in a row', async () => {
    let n = 0;
    const { clock, requests, sink } = start(() => (++n === 1 ? json({ events: [], cursor: '0' }) : json({ error: {} }, { status: 500 })));
    await settle();
    for (const wait of [3600, 7200]) {
      clock.advance(wait);
      await settle();
      expect(sink.count('closed')).toBe(0);
    }
    clock.advance(14_400);
    await settle();
    expect(requests).toHaveLength(4);
    expect(sink.meaningful.at(-1)).toMatchObject({ call: 'closed', error: { code: 'server', status: 500 }, outcome: 'retry' });
    expect(clock.pending).toBe(0);
  });

  it('reports a failing first poll and an auth refusal at once', async () => {
    const down = start(() => Promise.reject(new TypeError('fetch failed')));
    await settle();
    expect(down.sink.meaningful).toEqual([{ call: 'closed', error: { code: 'network', message: 'fetch failed' }, outcome: 'retry' }]);

    let n = 0;
    const auth = start(() => (++n === 1 ? json({ events: [], cursor: '0' }) : json({ error: { message: 'bad token' } }, { status: 401 })));
    await settle();
    auth.clock.advance(3600);
    await settle();
    expect(auth.sink.meaningful.at(-1)).toEqual({ call: 'closed', error: { code: 'auth', status: 401, message: 'HTTP 401: bad token' }, outcome: 'fail' });
  });

  it('times out a request that never answers', async () => {
    const { clock, sink } = start(() => new Promise<Response>(() => {}));
    await settle();
    clock.advance(5000);
    await settle();
    expect(sink.meaningful).toEqual([{ call: 'closed', error: { code: 'timeout', message: 'no answer in time' }, outcome: 'retry' }]);
  });
});
