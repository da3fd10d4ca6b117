import { ManualClock } from '../../helpers/manual-clock';
import { createHeraldSource, type HeraldSourceDeps } from '../../../src/core/sources/herald';
import { SourceError } from '../../../src/core/transports/http';
import { controllableStream, fakeFetch, json, type Handler } from '../helpers/fake-fetch';
import { note, settle } from '../helpers/fake-source';
import { RecordingSink } from '../helpers/recording-sink';

const BASE = 'http://127.0.0.1:9';

function source(handler: Handler, deps: Partial<HeraldSourceDeps> = {}) {
  const { fetch, requests } = fakeFetch(handler);
  const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
  const src = createHeraldSource({ id: 'h', kind: 'herald', url: `${BASE}/`, token: 'tok' }, { fetch, clock, ...deps });
  return { src, requests, clock };
}

describe('herald source: SSE', () => {
  it('learns the keepalive from hello, so the silence timeout follows the server', async () => {
    const stream = controllableStream();
    const { src, requests } = source(() => stream.response);
    expect(src.silenceTimeoutMs).toBe(35_000);
    const sink = new RecordingSink();
    const t = src.connect('sse', '5', sink);
    await vi.waitFor(() => expect(sink.count('open')).toBe(1));
    expect(requests[0]?.url.pathname).toBe('/events');
    expect(requests[0]?.headers.get('last-event-id')).toBe('5');
    stream.push('event: hello\ndata: {"serverId":"s","cursor":"9","keepaliveMs":200}\n\n');
    await vi.waitFor(() => expect(src.silenceTimeoutMs).toBe(600));
    t.close();
  });

  it('turns messages into validated events, gaps, and malformed reports', async () => {
    const stream = controllableStream();
    const { src } = source(() => stream.response);
    const sink = new RecordingSink();
    const t = src.connect('sse', null, sink);
    await vi.waitFor(() => expect(sink.count('open')).toBe(1));
    stream.push(`id: 1\nevent: notification\ndata: ${JSON.stringify(note('1'))}\n\n`);
    stream.push(`event: gap\ndata: {"after":"0","oldest":"3","latest":"9","reset":false}\n\n`);
    stream.push(`id: 2\nevent: system\ndata: ${JSON.stringify(note('2'))}\n\n`);
    stream.push(`id: 3\nevent: notification\ndata: {not json\n\n`);
    stream.push(`id: 4\nevent: notification\ndata: ${JSON.stringify(note('4'))}\n\n`);
    await vi.waitFor(() => expect(sink.ids).toEqual(['1', '4']));
    expect(sink.meaningful.filter((c) => c.call !== 'open')).toEqual([
      { call: 'events', ids: ['1'], cursor: '1' },
      { call: 'gap', info: { after: '0', reset: false } },
      { call: 'malformed', reason: expect.stringContaining('does not match') },
      { call: 'malformed', reason: 'event data is not JSON' },
      { call: 'events', ids: ['4'], cursor: '4' },
    ]);
    t.close();
  });
});

describe('herald source: polling', () => {
  it('long-polls /poll with the server wait and the cursor, and a client timeout beyond it', async () => {
    const { src, requests, clock } = source(() => new Promise<Response>(() => {}), { herald: { longPollSeconds: 2, requestTimeoutMs: 500 } });
    const sink = new RecordingSink();
    src.connect('longpoll', '7', sink);
    await settle();
    const q = requests[0]?.url.searchParams;
    expect(requests[0]?.url.pathname).toBe('/poll');
    expect([q?.get('cursor'), q?.get('timeout')]).toEqual(['7', '2']);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer tok');
    clock.advance(2499);
    await settle();
    expect(sink.count('closed')).toBe(0);
    clock.advance(1);
    await settle();
    expect(sink.meaningful).toEqual([{ call: 'closed', error: expect.objectContaining({ code: 'timeout' }), outcome: 'retry' }]);
  });

  it('polls with timeout=0 and If-None-Match, and reports a gap field', async () => {
    const answers = [
      json({ events: [note('8'), { id: 'x' }], cursor: '8', hasMore: false, gap: { after: '1', oldest: '5', latest: '8', reset: false } }, { headers: { ETag: '"8"' } }),
      new Response(null, { status: 304 }),
    ];
    const { src, requests, clock } = source(() => answers.shift() ?? new Promise<Response>(() => {}));
    const sink = new RecordingSink();
    const t = src.connect('poll', '1', sink);
    await settle();
    clock.advance(2000);
    await settle();
    expect(requests[0]?.url.searchParams.get('timeout')).toBe('0');
    expect(requests[0]?.headers.get('if-none-match')).toBeNull();
    expect(requests[1]?.headers.get('if-none-match')).toBe('"8"');
    expect(sink.meaningful).toEqual([
      { call: 'open' },
      { call: 'malformed', reason: expect.any(String) },
      { call: 'gap', info: { after: '1', reset: false } },
      { call: 'events', ids: ['8'], cursor: '8' },
    ]);
    t.close();
  });
});

describe('herald source: history, items, actions', () => {
  it('catches up by paging /history?after= with progress, and returns the last id', async () => {
    const pages: Record<string, unknown> = {
      '2': { events: [note('3'), note('4')], next: '4', head: '5' },
      '4': { events: [note('5')], next: null, head: '5' },
    };
    const { src, requests } = source((req) => json(pages[req.url.searchParams.get('after') ?? ''] ?? { events: [], next: null, head: '5' }));
    const batches: { ids: string[]; done: number; total?: number }[] = [];
    const cursor = await src.catchUp('2', (events, p) => batches.push({ ids: events.map((e) => e.id), ...p }), new AbortController().signal);
    expect(cursor).toBe('5');
    expect(batches).toEqual([
      { ids: ['3', '4'], done: 2, total: 3 },
      { ids: ['5'], done: 3, total: 3 },
    ]);
    expect(requests.map((r) => r.url.searchParams.get('limit'))).toEqual(['500', '500']);
  });

  it('catch-up from no cursor starts at the beginning ("0")', async () => {
    const { src, requests } = source(() => json({ events: [], next: null, head: '0' }));
    expect(await src.catchUp(null, () => {}, new AbortController().signal)).toBeNull();
    expect(requests[0]?.url.searchParams.get('after')).toBe('0');
  });

  it('stops paging when the server repeats its next cursor', async () => {
    const { src, requests } = source(() => json({ events: [note('3')], next: '3', head: '9' }));
    await src.catchUp('2', () => {}, new AbortController().signal);
    expect(requests.length).toBeLessThanOrEqual(2);
  });

  it('a history error surfaces as a SourceError with its code', async () => {
    const { src } = source(() => json({ error: { code: 'unauthorized', message: 'no' } }, { status: 401 }));
    await expect(src.catchUp('1', () => {}, new AbortController().signal)).rejects.toMatchObject({ info: { code: 'auth' }, retry: false });
  });

  it('loads recent history newest-first pages into oldest-first batches, and resumes from the head', async () => {
    const { src, requests } = source((req) =>
      req.url.searchParams.get('before') === ''
        ? json({ events: [note('9'), note('8')], next: '8', head: '9' })
        : json({ events: [note('7')], next: null, head: '9' }),
    );
    const batches: string[][] = [];
    const cursor = await src.loadRecent?.(3, (events) => batches.push(events.map((e) => e.id)), new AbortController().signal);
    expect(cursor).toBe('9');
    expect(batches).toEqual([['8', '9'], ['7']]);
    expect(requests.map((r) => r.url.searchParams.get('limit'))).toEqual(['3', '1']);
  });

  it('fetches one item with its comments', async () => {
    const comment = { id: 'c1', itemId: '1', author: 'a', body: 'b', time: '2026-11-24T08:00:00Z' };
    const { src, requests } = source(() => json({ item: {}, comments: [comment, { bad: 1 }], likes: 3, liked: true, read: false }));
    expect(await src.fetchItem?.('1', new AbortController().signal)).toEqual({ comments: [comment], likes: 3, liked: true, read: false });
    expect(requests[0]?.url.pathname).toBe('/items/1');
  });

  it('sends an action with its Idempotency-Key and reports status, body and Retry-After', async () => {
    const { src, requests } = source(() => json({ error: { code: 'internal', message: 'later' } }, { status: 503, headers: { 'Retry-After': '7' } }));
    const r = await src.actions!.send({ type: 'like', itemId: '1' }, 'key-1', new AbortController().signal);
    expect(r).toEqual({ ok: false, status: 503, body: { error: { code: 'internal', message: 'later' } }, retryAfter: 7 });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url.pathname).toBe('/actions');
    expect(requests[0]?.headers.get('idempotency-key')).toBe('key-1');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ type: 'like', itemId: '1' });
  });

  it('an action that cannot reach the server rejects with a retryable network error', async () => {
    const { src } = source(() => Promise.reject(new TypeError('fetch failed')));
    const p = src.actions!.send({ type: 'like', itemId: '1' }, 'k', new AbortController().signal);
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toMatchObject({ info: { code: 'network' }, retry: true });
  });
});
