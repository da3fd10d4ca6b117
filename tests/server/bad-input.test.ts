import { connect } from 'node:net';
import { getJson, postJson, serve, subscribe } from './fixture';
import type { RunningServer } from '../../src/server/index';

/** Send raw bytes and collect whatever comes back until the server closes or a short deadline. */
function raw(server: RunningServer, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => undefined);
    // end(): send and half-close, so a half-sent request ends rather than waiting for the rest.
    socket.end(bytes);
  });
}

async function stillServes(server: RunningServer): Promise<void> {
  const before = server.head();
  const res = await postJson(`${server.url}/publish`, { title: 'still alive' });
  expect(res.status).toBe(201);
  expect(Number(server.head())).toBe(Number(before) + 1);
  expect((await getJson(`${server.url}/heartbeat`)).status).toBe(200);
}

describe('bad input', () => {
  it('answers each bad request with a 4xx JSON error, and keeps serving', async () => {
    const server = await serve();
    const item = server.publish({ title: 'target' });
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/publish', { method: 'POST', body: '{"title":' }, 400, 'bad_json'],
      ['/publish', { method: 'POST', body: '' }, 400, 'bad_json'],
      ['/publish', { method: 'POST', body: '"just a string"' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"type":"read_update"}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"title":""}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"title":"x","priority":9}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"title":"x","url":"javascript:alert(1)"}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"title":"x","tags":[1]}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"type":"system","title":"x","level":"panic"}' }, 422, 'invalid_event'],
      ['/publish', { method: 'POST', body: '{"type":"new_comment","itemId":"404","body":"hi"}' }, 422, 'unknown_item'],
      ['/publish', { method: 'POST', body: JSON.stringify({ title: 'x'.repeat(501) }) }, 422, 'invalid_event'],
      ['/publish', { method: 'GET' }, 405, 'method_not_allowed'],
      ['/publish', { method: 'POST', body: JSON.stringify({ title: 'x', body: 'y'.repeat(70 * 1024) }) }, 413, 'too_large'],
      ['/actions', { method: 'POST', headers: { 'idempotency-key': 'b1' }, body: 'not json' }, 400, 'bad_json'],
      ['/actions', { method: 'POST', headers: { 'idempotency-key': 'b2' }, body: '{"type":"nope"}' }, 422, 'invalid_action'],
      ['/actions', { method: 'POST', body: `{"type":"like","itemId":"${item.id}"}` }, 400, 'missing_idempotency_key'],
      ['/actions', { method: 'POST', headers: { 'idempotency-key': 'b3' }, body: 'z'.repeat(65 * 1024) }, 413, 'too_large'],
      ['/actions', { method: 'DELETE' }, 405, 'method_not_allowed'],
      ['/events', { method: 'POST', body: '{}' }, 405, 'method_not_allowed'],
      ['/items/1', { method: 'PUT', body: '{}' }, 405, 'method_not_allowed'],
      ['/items/%E0%A4%A', {}, 400, 'bad_request'],
      ['/nowhere', {}, 404, 'not_found'],
      ['/', {}, 404, 'not_found'],
      ['/_test/faults', { method: 'POST', body: '{"sse":"404"}' }, 404, 'not_found'],
      ['/poll?cursor=%00', {}, 400, 'bad_request'],
    ];
    for (const [path, given, status, code] of cases) {
      // Programs declare JSON bodies (a plain-text POST is a browser trick, see browser-requests.test.ts).
      const init = given.method === 'POST' ? { ...given, headers: { 'content-type': 'application/json', ...(given.headers as Record<string, string>) } } : given;
      const res = await getJson(`${server.url}${path}`, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(res.body?.error?.code, `${init.method ?? 'GET'} ${path}`).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(server.head()).toBe('1');
    await stillServes(server);
  });

  it('survives malformed HTTP and half-sent requests', async () => {
    const server = await serve();
    const garbage = await raw(server, 'THIS IS NOT HTTP\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    await raw(server, 'POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"tit');
    await raw(server, '\x00\x01\x02\xff\xfe');
    await stillServes(server);
  });

  it('a subscriber that vanishes mid-stream does not break delivery to others', async () => {
    const server = await serve();
    const controller = new AbortController();
    const gone = await fetch(`${server.url}/events`, { signal: controller.signal });
    expect(gone.status).toBe(200);
    const stays = await subscribe(server);
    controller.abort();
    server.publish({ title: 'after a subscriber left' });
    await stays.until((f) => f.some((x) => x.event === 'notification'));
    await stillServes(server);
  });

  it('publish() throws a clear error on bad input and emits nothing', async () => {
    const server = await serve();
    expect(() => server.publish({ title: '' })).toThrow(/invalid_event.*title/);
    expect(() => server.publish({ type: 'like_update', itemId: 'missing' })).toThrow(/unknown_item/);
    expect(() => server.publish({ title: 'x', priority: 0 })).toThrow(/priority/);
    expect(server.head()).toBe('0');
  });
});

describe('bearer token', () => {
  it('refuses every endpoint without the right token, with 401 unauthorized', async () => {
    const server = await serve({ token: 's3cret' });
    for (const path of ['/events', '/poll?cursor=0', '/heartbeat', '/history', '/items/1', '/nowhere']) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret' }, { authorization: 'Bearer ' }] as Array<Record<string, string>>) {
        const res = await getJson(`${server.url}${path}`, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    const publish = await postJson(`${server.url}/publish`, { title: 'sneaky' });
    expect(publish.status).toBe(401);
    expect(server.head()).toBe('0');
  });

  it('serves everything with the right token', async () => {
    const server = await serve({ token: 's3cret' });
    const auth = { authorization: 'Bearer s3cret' };
    expect((await postJson(`${server.url}/publish`, { title: 'ok' }, auth)).status).toBe(201);
    expect((await getJson(`${server.url}/heartbeat`, { headers: auth })).body.cursor).toBe('1');
    const reader = await subscribe(server, '?lastEventId=0', auth);
    await reader.until((f) => f.some((x) => x.event === 'notification'));
  });
});

describe('close', () => {
  it('frees the port: a new server can listen on it at once', async () => {
    const server = await serve();
    const reader = await subscribe(server);
    await reader.until((f) => f.some((x) => x.event === 'hello'));
    const { port } = server;
    await server.close();
    const again = await serve({ port });
    expect(again.port).toBe(port);
    expect((await getJson(`${again.url}/heartbeat`)).status).toBe(200);
  });
});
