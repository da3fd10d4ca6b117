/**
 * A web page as the attacker: browsers let any page send "simple" requests to 127.0.0.1 (a text/plain POST needs no
 * preflight) and DNS rebinding makes a foreign name point at it. None of these may publish or act; programs
 * (no Origin, JSON bodies) still can. Real server on 127.0.0.1.
 */
import { request } from 'node:http';
import { getJson, postJson, serve } from './fixture';

/** A raw request, so the test controls Host and Origin exactly as a browser would send them. */
function send(port: number, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the reference server refuses browser-style cross-origin requests', () => {
  it('a web page cannot publish, act or read', async () => {
    const server = await serve();
    const item = server.publish({ title: 'target' });
    const head = server.head();
    const publish = JSON.stringify({ title: 'Your account is locked', priority: 5, url: 'https://evil.example/login' });
    const attempts: Array<[string, Record<string, string>, string | undefined, number]> = [
      // <form enctype=text/plain> or fetch(no-cors) from https://evil.example
      ['/publish', { 'content-type': 'text/plain', origin: 'https://evil.example' }, publish, 403],
      // the same without Origin (an old browser, a privacy extension): still not JSON
      ['/publish', { 'content-type': 'text/plain' }, publish, 415],
      ['/publish', { 'content-type': 'application/x-www-form-urlencoded' }, publish, 415],
      ['/publish', { 'content-type': 'multipart/form-data; boundary=x' }, publish, 415],
      ['/publish', {}, publish, 415],
      // a JSON POST from a page (would need a preflight, which is never granted) — refused by Origin anyway
      ['/publish', { 'content-type': 'application/json', origin: 'null' }, publish, 403],
      ['/actions', { 'content-type': 'text/plain', origin: 'https://evil.example', 'idempotency-key': 'k1' }, JSON.stringify({ type: 'like', itemId: item.id }), 403],
      // DNS rebinding: evil.example resolved to 127.0.0.1, so the page is "same-origin" and sends no Origin on GET
      ['/publish', { 'content-type': 'application/json', host: `evil.example:${server.port}` }, publish, 403],
      ['/events', { host: `evil.example:${server.port}`, accept: 'text/event-stream' }, undefined, 403],
      ['/history', { origin: 'https://evil.example' }, undefined, 403],
    ];
    for (const [path, headers, body, status] of attempts) {
      const res = await send(server.port, path, headers, body);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(status);
    }
    expect(server.head()).toBe(head);
    expect(server.actionLog().applied).toEqual([]);

    // Programs are unaffected: no Origin, JSON body, a loopback Host (127.0.0.1 or localhost).
    expect((await postJson(`${server.url}/publish`, { title: 'from a program' })).status).toBe(201);
    expect((await send(server.port, '/publish', { 'content-type': 'application/json; charset=utf-8', host: `localhost:${server.port}` }, '{"title":"ok"}')).status).toBe(201);
    expect((await getJson(`${server.url}/heartbeat`, { headers: { origin: server.url } })).status).toBe(200);
  });
});
