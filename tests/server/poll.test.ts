import { waitFor } from '../helpers/wait';
import { getJson, serve } from './fixture';

describe('GET /poll', () => {
  it('without a cursor answers at once with no events and the head as cursor', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    server.publish({ title: 'b' });
    const { status, body, headers } = await getJson(`${server.url}/poll`);
    expect(status).toBe(200);
    expect(body).toEqual({ events: [], cursor: '2', hasMore: false, serverId: server.serverId });
    expect(headers.get('etag')).toBe(`"${server.serverId}:2"`);
  });

  it('a poll returns every pending event in one batch, with the last id as cursor', async () => {
    const server = await serve();
    for (let i = 0; i < 4; i++) server.publish({ title: `n${i}` });
    const { body } = await getJson(`${server.url}/poll?cursor=1&timeout=0`);
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(['2', '3', '4']);
    expect(body.cursor).toBe('4');
    expect(body.hasMore).toBe(false);
    expect(body.gap).toBeUndefined();
  });

  it('respects limit and says hasMore', async () => {
    const server = await serve();
    for (let i = 0; i < 5; i++) server.publish({ title: `n${i}` });
    const { body } = await getJson(`${server.url}/poll?cursor=0&limit=2`);
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(['1', '2']);
    expect(body).toMatchObject({ cursor: '2', hasMore: true });
  });

  it('answers 304 to If-None-Match when nothing is new, and 200 once something is', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    const first = await fetch(`${server.url}/poll?cursor=1`, { headers: { 'if-none-match': `"${server.serverId}:1"` } });
    expect(first.status).toBe(304);
    expect(await first.text()).toBe('');
    expect(first.headers.get('etag')).toBe(`"${server.serverId}:1"`);
    server.publish({ title: 'b' });
    const second = await getJson(`${server.url}/poll?cursor=1`, { headers: { 'if-none-match': `"${server.serverId}:1"` } });
    expect(second.status).toBe(200);
    expect(second.body.events.map((e: { id: string }) => e.id)).toEqual(['2']);
    expect(second.headers.get('etag')).toBe(`"${server.serverId}:2"`);
    // Another server instance with the same head is not "not modified".
    const other = await fetch(`${server.url}/poll?cursor=2`, { headers: { 'if-none-match': '"another-server:2"' } });
    expect(other.status).toBe(200);
  });

  it('a long-poll wakes as soon as an event is published', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    const started = Date.now();
    const pending = getJson(`${server.url}/poll?cursor=1&timeout=10`);
    await waitFor(() => server.connections().longPoll === 1, { message: 'the long-poll to be parked' });
    server.publish({ title: 'wake up' });
    const { body } = await pending;
    expect(body.events.map((e: { data: { title: string } }) => e.data.title)).toEqual(['wake up']);
    expect(body.cursor).toBe('2');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a long-poll times out with no events after a fractional timeout', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    const started = Date.now();
    const { status, body } = await getJson(`${server.url}/poll?cursor=1&timeout=0.3`);
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(body).toEqual({ events: [], cursor: '1', hasMore: false, serverId: server.serverId });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
  });

  it('a long-poll with old events pending answers at once', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    const started = Date.now();
    const { body } = await getJson(`${server.url}/poll?cursor=0&timeout=30`);
    expect(body.events).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a gap when the cursor is older than the ring buffer, and reset when ahead', async () => {
    const server = await serve({ bufferSize: 2 });
    for (let i = 0; i < 6; i++) server.publish({ title: `n${i}` });
    const old = await getJson(`${server.url}/poll?cursor=1`);
    expect(old.body).toEqual({ events: [], cursor: '6', hasMore: false, gap: { after: '1', oldest: '5', latest: '6', reset: false }, serverId: server.serverId });
    const ahead = await getJson(`${server.url}/poll?cursor=50&timeout=5`);
    expect(ahead.body.gap).toEqual({ after: '50', oldest: '5', latest: '6', reset: true });
  });

  it('close() releases a waiting long-poll at once', async () => {
    const server = await serve();
    const started = Date.now();
    const pending = fetch(`${server.url}/poll?cursor=0&timeout=60`).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (err: unknown) => ({ status: 0, body: String(err) }),
    );
    await waitFor(() => server.connections().longPoll === 1, { message: 'the long-poll to be parked' });
    await server.close();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.connections().longPoll).toBe(0);
    // Either the empty answer made it out before the socket closed, or the connection ended: never a hang.
    if (result.status !== 0) expect(JSON.parse(result.body)).toMatchObject({ events: [] });
  });

  it.each([
    ['cursor=abc', 'cursor'],
    ['cursor=-1', 'cursor'],
    ['cursor=1&timeout=121', 'timeout'],
    ['cursor=1&timeout=-1', 'timeout'],
    ['cursor=1&timeout=soon', 'timeout'],
    ['cursor=1&limit=0', 'limit'],
    ['cursor=1&limit=501', 'limit'],
    ['cursor=1&limit=2.5', 'limit'],
  ])('refuses %s with 400 bad_request naming %s', async (query, name) => {
    const server = await serve();
    const { status, body } = await getJson(`${server.url}/poll?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(name);
  });
});

describe('GET /poll, client side aborts', () => {
  it('forgets a long-poll the client abandoned', async () => {
    const server = await serve();
    const controller = new AbortController();
    const pending = fetch(`${server.url}/poll?cursor=0&timeout=60`, { signal: controller.signal }).catch((err: unknown) => err);
    await waitFor(() => server.connections().longPoll === 1, { message: 'the long-poll to be parked' });
    controller.abort();
    await pending;
    await waitFor(() => server.connections().longPoll === 0, { message: 'the abandoned long-poll to be dropped' });
    // Publishing afterwards must not trip over the dead socket.
    server.publish({ title: 'after abort' });
    const { body } = await getJson(`${server.url}/poll?cursor=0`);
    expect(body.events).toHaveLength(1);
  });
});
