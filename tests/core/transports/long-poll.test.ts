import { ManualClock } from '../../helpers/manual-clock';
import type { ExchangeHooks } from '../../../src/core/transports/exchange';
import { createLongPollTransport } from '../../../src/core/transports/long-poll';
import { validateEvents } from '../../../src/core/validate-event';
import { note, settle } from '../helpers/fake-source';
import { fakeFetch, json, type Handler } from '../helpers/fake-fetch';
import { RecordingSink } from '../helpers/recording-sink';

const hooks: ExchangeHooks = {
  buildRequest: ({ cursor }) => ({ url: `http://127.0.0.1:9/poll?timeout=25&cursor=${cursor ?? ''}` }),
  parse: async (res) => {
    const body = (await res.json()) as { events: unknown; cursor: string; gap?: { after: string; reset: boolean } };
    return { ...validateEvents(body.events), cursor: body.cursor, ...(body.gap ? { gap: body.gap } : {}) };
  },
  idleStatuses: [408],
};

function start(handler: Handler, cursor: string | null = '0') {
  const clock = new ManualClock(0);
  const { fetch, requests } = fakeFetch(handler);
  const sink = new RecordingSink();
  const transport = createLongPollTransport({ ...hooks, fetch, clock, cursor, sink, requestTimeoutMs: 30_000, minEmptyIntervalMs: 1000 });
  return { clock, requests, sink, transport };
}

describe('long-poll transport', () => {
  it('asks again at once after a batch, carrying the new cursor', async () => {
    const answers = [json({ events: [note('1'), note('2')], cursor: '2' }), json({ events: [note('3')], cursor: '3' })];
    const { requests, sink, transport } = start(() => answers.shift() ?? new Promise<Response>(() => {}));
    await settle();
    await settle();
    expect(requests.map((r) => r.url.searchParams.get('cursor'))).toEqual(['0', '2', '3']);
    expect(sink.meaningful).toEqual([
      { call: 'open' },
      { call: 'events', ids: ['1', '2'], cursor: '2' },
      { call: 'events', ids: ['3'], cursor: '3' },
    ]);
    transport.close();
  });

  it('reports a gap before the events of the same answer', async () => {
    const answers = [json({ events: [note('9')], cursor: '9', gap: { after: '1', reset: false } })];
    const { sink, transport } = start(() => answers.shift() ?? new Promise<Response>(() => {}));
    await settle();
    expect(sink.meaningful).toEqual([
      { call: 'open' },
      { call: 'gap', info: { after: '1', reset: false } },
      { call: 'events', ids: ['9'], cursor: '9' },
    ]);
    transport.close();
  });

  it('does not spin on a server that answers empty at once: waits out minEmptyIntervalMs', async () => {
    const { clock, requests, transport } = start(() => json({ events: [], cursor: '0' }));
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(999);
    await settle();
    expect(requests).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(requests).toHaveLength(2);
    transport.close();
  });

  it('treats a source idle status (408) as an empty answer', async () => {
    const { clock, requests, sink, transport } = start(() => new Response(null, { status: 408 }));
    await settle();
    clock.advance(1000);
    await settle();
    expect(requests).toHaveLength(2);
    expect(sink.count('closed')).toBe(0);
    expect(sink.count('open')).toBe(1);
    transport.close();
  });

  it('a request that outlives the client timeout is a dead link (a stalled server)', async () => {
    const { clock, sink, requests } = start(() => new Promise<Response>(() => {}));
    await settle();
    clock.advance(30_000);
    await settle();
    expect(sink.meaningful).toEqual([{ call: 'closed', error: { code: 'timeout', message: 'no answer in time' }, outcome: 'retry' }]);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('close() aborts the request in flight and reports nothing', async () => {
    const { sink, transport, requests, clock } = start(() => new Promise<Response>(() => {}));
    await settle();
    transport.close();
    await settle();
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(sink.calls).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('an answer the parser cannot read is a bad_response failure', async () => {
    const { sink } = start(() => new Response('not json', { status: 200 }));
    await settle();
    expect(sink.meaningful).toEqual([{ call: 'closed', error: expect.objectContaining({ code: 'bad_response' }), outcome: 'retry' }]);
  });
});
