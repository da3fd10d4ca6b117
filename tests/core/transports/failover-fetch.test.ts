/**
 * The failover fetch over real HTTP servers on 127.0.0.1: which failures move a request to the next address of the
 * server (refused, 502-504), which do not (a 4xx, our own abort), and that the address that answered stays in use.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createFailoverFetch } from '../../../src/core/transports/failover-fetch';
import { freePort } from '../../support/free-port';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server answering every request with `status` and its own name; it counts what it was asked. */
async function answering(name: string, status: number): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'text/plain' }).end(name);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

describe('failover fetch', () => {
  it('sends a request refused at the first address to the next, path and query kept, and stays there', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const second = await answering('second', 200);
    const f = createFailoverFetch([closed, `${second.url}/`], fetch);
    const r = await f.fetch(`${closed}/history?after=3`);
    expect(await r.text()).toBe('second');
    expect(second.asked).toEqual(['/history?after=3']);
    expect(f.currentIndex).toBe(1);
    await f.fetch(`${closed}/poll`);
    expect(second.asked).toEqual(['/history?after=3', '/poll']);
  });

  it.each([502, 503, 504])('moves on a gateway answer %i', async (status) => {
    const gateway = await answering('gateway', status);
    const second = await answering('second', 200);
    const f = createFailoverFetch([gateway.url, second.url], fetch);
    expect(await (await f.fetch(`${gateway.url}/events`)).text()).toBe('second');
  });

  it.each([400, 401, 404, 500])('does not move on the server answer %i: every address would give it', async (status) => {
    const first = await answering('first', status);
    const second = await answering('second', 200);
    const f = createFailoverFetch([first.url, second.url], fetch);
    const r = await f.fetch(`${first.url}/events`);
    expect(r.status).toBe(status);
    expect(second.asked).toEqual([]);
    expect(f.currentIndex).toBe(0);
  });

  it('gives the last failure when every address is unreachable, and the next request starts where this one did', async () => {
    const a = await answering('a', 502);
    const b = await answering('b', 503);
    const f = createFailoverFetch([a.url, b.url], fetch);
    expect((await f.fetch(`${a.url}/poll`)).status).toBe(503);
    expect(f.currentIndex).toBe(0);
    expect([a.asked.length, b.asked.length]).toEqual([1, 1]);
  });

  it('does not try another address for a request the caller aborted', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const second = await answering('second', 200);
    const f = createFailoverFetch([closed, second.url], fetch);
    const abort = new AbortController();
    abort.abort();
    await expect(f.fetch(`${closed}/events`, { signal: abort.signal })).rejects.toThrow();
    expect(second.asked).toEqual([]);
  });

  it('sends the next request to the next address when the first accepted the connection and never answered', async () => {
    // A black hole: the TCP connection is accepted, nothing ever comes back. Only the caller's deadline ends it.
    const held: Socket[] = [];
    const hole = createTcpServer((socket) => void held.push(socket.on('data', () => undefined)));
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    try {
      const holeUrl = `http://127.0.0.1:${(hole.address() as AddressInfo).port}`;
      const second = await answering('second', 200);
      const f = createFailoverFetch([holeUrl, second.url], fetch);
      const deadline = new AbortController();
      const pending = f.fetch(`${holeUrl}/poll?timeout=30`, { signal: deadline.signal });
      await new Promise<void>((r) => (held.length > 0 ? r() : hole.once('connection', () => r())));
      deadline.abort(new Error('timeout'));
      await expect(pending).rejects.toThrow();
      expect(second.asked).toEqual([]);
      expect(await (await f.fetch(`${holeUrl}/poll?timeout=30`)).text()).toBe('second');
      expect(f.currentIndex).toBe(1);
    } finally {
      for (const s of held) s.destroy();
      await new Promise((r) => hole.close(r));
    }
  });

  it('a fallback address that redirects to another origin does not take the token there', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const elsewhere: Array<string | undefined> = [];
    const third = createServer((req, res) => {
      elsewhere.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('elsewhere');
    });
    servers.push(third);
    await new Promise<void>((r) => third.listen(0, '127.0.0.1', r));
    const thirdUrl = `http://localhost:${(third.address() as AddressInfo).port}`;
    const redirecting = createServer((req, res) => void res.writeHead(307, { location: `${thirdUrl}${req.url}` }).end());
    servers.push(redirecting);
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const f = createFailoverFetch([closed, `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`], fetch);
    const r = await f.fetch(`${closed}/poll`, { headers: { authorization: 'Bearer s3cret' } });
    expect(await r.text()).toBe('elsewhere');
    // Fetch drops Authorization on a cross-origin redirect: the token stays with the addresses it was given for.
    expect(elsewhere).toEqual([undefined]);
  });
});
