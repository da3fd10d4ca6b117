import { createSseTransport } from '../../../src/core/transports/sse';
import { controllableStream, fakeFetch, json } from '../helpers/fake-fetch';
import { RecordingSink } from '../helpers/recording-sink';
import { waitFor } from '../../helpers/wait';

function open(handler: Parameters<typeof fakeFetch>[0], extra: { lastEventId?: string | null } = {}) {
  const { fetch, requests } = fakeFetch(handler);
  const sink = new RecordingSink();
  const messages: { type: string; data: string; id: string }[] = [];
  const transport = createSseTransport({
    url: 'http://127.0.0.1:9/events',
    fetch,
    headers: { Authorization: 'Bearer s3cret' },
    lastEventId: extra.lastEventId ?? null,
    eventTypes: ['notification', 'gap'],
    onMessage: (type, data, id) => {
      if (data === 'throw') throw new Error('parser bug');
      messages.push({ type, data, id });
    },
    sink,
  });
  return { transport, sink, messages, requests };
}

/** A link whose stream the test writes to, once it is open. */
async function openLive(extra: { lastEventId?: string | null } = {}) {
  const stream = controllableStream();
  const opened = open(() => stream.response, extra);
  await until(() => opened.sink.count('open') === 1, 'the link to open');
  return { stream, ...opened };
}

/** Waits for what the transport reports, with a deadline (real timers; the fake-timer tests use vi.waitFor). */
const until = (check: () => boolean, what: string) => waitFor(check, { timeoutMs: 2000, intervalMs: 2, message: what });

describe('SSE transport', () => {
  it('sends the token and the saved cursor as Last-Event-ID on the first request', async () => {
    const { requests, transport } = await openLive({ lastEventId: '41' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer s3cret');
    expect(requests[0]?.headers.get('last-event-id')).toBe('41');
    expect(requests[0]?.headers.get('accept')).toBe('text/event-stream');
    transport.close();
  });

  it('reports complete frames as activity (keepalive comments too) and named events to the parser', async () => {
    const { stream, sink, messages, transport } = await openLive();
    stream.push(': keepalive 2026-11-24T08:00:00Z\n\n');
    await until(() => sink.count('activity') === 1, 'the keepalive');
    expect(messages).toEqual([]);
    stream.push('id: 7\nevent: notification\ndata: {"x":1}\n\n');
    stream.push('event: gap\ndata: {"after":"1"}\n\n');
    stream.push('data: plain\n\n');
    await until(() => messages.length === 3, 'three events');
    expect(messages).toEqual([
      { type: 'notification', data: '{"x":1}', id: '7' },
      { type: 'gap', data: '{"after":"1"}', id: '' },
      { type: 'message', data: 'plain', id: '' },
    ]);
    expect(sink.count('activity')).toBe(4);
    transport.close();
  });

  it('bytes that never finish a frame are not life: a stream dribbling an endless event reports no activity', async () => {
    const { stream, sink, transport } = await openLive();
    stream.push(': keepalive\n\n');
    await until(() => sink.count('activity') === 1, 'the keepalive');
    stream.push('data: ');
    for (let i = 0; i < 50; i++) stream.push('x');
    stream.push(': not a comment, still the data line');
    stream.push(': keepalive\n\n');
    await until(() => sink.count('activity') === 2, 'the keepalive after the dribble');
    // 53 chunks arrived; only the two complete frames counted.
    expect(sink.count('activity')).toBe(2);
    transport.close();
  });

  it('passes the retry: hint on, even split across chunks', async () => {
    const { stream, sink, transport } = await openLive();
    stream.push('ret');
    stream.push('ry: 2500\n\n');
    await until(() => sink.count('retryHint') === 1, 'the retry hint');
    expect(sink.meaningful).toContainEqual({ call: 'retryHint', ms: 2500 });
    transport.close();
  });

  it('counts unknown event names and parser failures as malformed, and keeps the stream', async () => {
    const { stream, sink, messages, transport } = await openLive();
    stream.push('event: mystery\ndata: {}\n\n');
    stream.push('event: notification\ndata: throw\n\n');
    stream.push('event: notification\ndata: ok\n\n');
    await until(() => messages.length === 1, 'the good event after the bad ones');
    expect(sink.meaningful.filter((c) => c.call === 'malformed')).toHaveLength(2);
    expect(sink.count('closed')).toBe(0);
    transport.close();
  });

  // "Nothing more happens" is checked on fake timers: time is moved past any reconnect eventsource could have
  // scheduled, instead of sleeping and hoping that was long enough. These tests wait with vi.waitFor, which knows
  // fake timers (the shared waitFor polls on setTimeout, which they replace).
  afterEach(() => vi.useRealTimers());

  it('reports the end of the stream once and never lets eventsource reconnect by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = controllableStream();
    const { sink, requests } = open(() => stream.response);
    await vi.waitFor(() => expect(sink.count('open')).toBe(1));
    // A 1 ms retry: eventsource would have reconnected almost at once.
    stream.push('retry: 1\n\n');
    stream.end();
    await vi.waitFor(() => expect(sink.count('closed')).toBe(1));
    expect(sink.meaningful.at(-1)).toMatchObject({ call: 'closed', error: { code: 'network' }, outcome: 'retry' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
    expect(sink.count('closed')).toBe(1);
  });

  it('reports a refused connection as a retryable network error, once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { sink, requests } = open(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })));
    await vi.waitFor(() => expect(sink.count('closed')).toBe(1));
    expect(sink.meaningful).toEqual([{ call: 'closed', error: { code: 'network', message: 'fetch failed: ECONNREFUSED' }, outcome: 'retry' }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [401, 'auth', 'fail'],
    [403, 'forbidden', 'fail'],
    [404, 'not_found', 'fail'],
    [429, 'rate_limited', 'retry'],
    [503, 'server', 'retry'],
  ] as const)('classifies HTTP %i as %s (outcome %s) with the server message', async (status, code, outcome) => {
    const { sink } = open(() => json({ error: { code: 'x', message: 'told you' } }, { status }));
    await until(() => sink.count('closed') === 1, 'the end');
    expect(sink.meaningful).toEqual([{ call: 'closed', error: { code, status, message: `HTTP ${status}: told you` }, outcome }]);
  });

  it('rejects a 200 that is not an event stream', async () => {
    const { sink } = open(() => json({ hello: 1 }));
    await until(() => sink.count('closed') === 1, 'the end');
    expect(sink.meaningful[0]).toMatchObject({ call: 'closed', error: { code: 'bad_response' }, outcome: 'retry' });
    expect(sink.count('open')).toBe(0);
  });

  it('after close(), the request is aborted and the sink hears nothing more', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = controllableStream();
    const { sink, transport, requests } = open(() => stream.response);
    await vi.waitFor(() => expect(sink.count('open')).toBe(1));
    transport.close();
    expect(requests[0]?.signal?.aborted).toBe(true);
    const before = sink.calls.length;
    try {
      stream.push('event: notification\ndata: late\n\n');
      stream.end();
    } catch {
      // The stream may already be cancelled: that is the point.
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sink.calls.length).toBe(before);
  });
});

describe('SSE fields eventsource does not expose', () => {
  it('reads retry with CRLF, LF and CR line ends, and only all-digit values', async () => {
    const { stream, sink, transport } = await openLive();
    stream.push('retry: 10s\nretry: -1\r\nretry: 10\r\n\rretry:20\r');
    stream.push('\n');
    await until(() => sink.count('retryHint') === 2, 'two retry hints');
    expect(sink.meaningful.filter((c) => c.call === 'retryHint')).toEqual([
      { call: 'retryHint', ms: 10 },
      { call: 'retryHint', ms: 20 },
    ]);
    transport.close();
  });

  it('does not mistake the tail of a long data line for a field', async () => {
    const { stream, sink, messages, transport } = await openLive();
    stream.push(`data: ${'x'.repeat(1000)}`);
    stream.push('retry: 5\n\n');
    stream.push('retry: 6\n\n');
    await until(() => sink.count('retryHint') === 1, 'the retry hint');
    expect(sink.meaningful.filter((c) => c.call === 'retryHint')).toEqual([{ call: 'retryHint', ms: 6 }]);
    expect(messages).toEqual([{ type: 'message', data: `${'x'.repeat(1000)}retry: 5`, id: '' }]);
    transport.close();
  });

  it("with otherNames: 'message', takes every event, any name, with its own id or ''", async () => {
    const stream = controllableStream();
    const { fetch } = fakeFetch(() => stream.response);
    const sink = new RecordingSink();
    const got: { type: string; data: string; id: string }[] = [];
    const comments: string[] = [];
    const transport = createSseTransport({
      url: 'http://127.0.0.1:9/events',
      fetch,
      eventTypes: ['system'],
      otherNames: 'message',
      onMessage: (type, data, id) => got.push({ type, data, id }),
      onComment: (text) => comments.push(text),
      sink,
    });
    await until(() => sink.count('open') === 1, 'the link to open');
    stream.push(': hi\n\nid: 1\nevent: deploy\ndata: x\n\nevent: system\ndata: y\n\nevent: open\ndata: z\n\nevent: ping\n\n:408: 408 Request Timeout\n\n');
    await until(() => got.length === 3, 'three events');
    expect(got).toEqual([
      { type: 'message', data: 'x', id: '1' },
      { type: 'system', data: 'y', id: '' },
      { type: 'message', data: 'z', id: '' },
    ]);
    expect(comments).toEqual(['hi', '408: 408 Request Timeout']);
    expect(sink.count('open')).toBe(1);
    expect(sink.meaningful.filter((c) => c.call === 'malformed')).toEqual([]);
    transport.close();
  });
});
