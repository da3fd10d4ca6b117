/**
 * The egress door with real HTTP servers on 127.0.0.1: the connection goes to the address the policy judged (DNS
 * rebinding cannot switch it), at most four requests are in flight at once however many are asked for, and a
 * source's budget runs out. The resolver is injected: test host names map to 127.0.0.x, and the sources "live" on
 * 127.0.0.1 so the same-host exception lets the test servers through (the exception itself is tested in
 * egress-policy.test.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Clock } from '../../../src/core/base/clock';
import { Egress } from '../../../src/core/egress/egress';
import { waitFor } from '../../helpers/wait';

async function listen(server: Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}
const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));

describe('DNS rebinding', () => {
  let first: Server;
  let second: Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    first = createServer((req, res) => (seen.push(`first ${req.headers.host}`), res.end('first')));
    second = createServer((req, res) => (seen.push('second'), res.end('second')));
    port = await listen(first, '127.0.0.1');
    await listen(second, '127.0.0.2', port);
  });
  afterAll(async () => {
    await close(first);
    await close(second);
  });

  it('connects to the answer that was judged, not to a later one, and sends the name as Host', async () => {
    // First answer: the source's own address (allowed). Every later answer: another loopback address (refused).
    const asked: string[] = [];
    const egress = new Egress({
      resolve: async (host) => {
        asked.push(host);
        if (host === 'source.test') return ['127.0.0.1'];
        return asked.filter((h) => h === host).length === 1 ? ['127.0.0.1'] : ['127.0.0.2'];
      },
    });
    const answer = await egress.fetch({ sourceId: 's', sourceAddress: `http://source.test:${port}/`, url: `http://rebind.test:${port}/x` });
    expect(await answer.text()).toBe('first');
    expect(seen).toEqual([`first rebind.test:${port}`]);
    expect(asked.filter((h) => h === 'rebind.test')).toHaveLength(1);
  });

  it('a name that answers a public address and a loopback one at once is refused before any connection', async () => {
    const egress = new Egress({ resolve: async (host) => (host === 'source.test' ? ['93.184.216.34'] : ['93.184.216.34', '127.0.0.1']) });
    const before = seen.length;
    await expect(egress.fetch({ sourceId: 's', sourceAddress: 'http://source.test/', url: `http://rebind.test:${port}/x` })).rejects.toMatchObject({
      reason: 'blocked',
      range: 'loopback',
    });
    expect(seen.length).toBe(before);
  });
});

describe('limits', () => {
  let server: Server;
  let base = '';
  const held: ServerResponse[] = [];
  let active = 0;
  let most = 0;

  beforeAll(async () => {
    server = createServer((_req: IncomingMessage, res) => {
      active++;
      most = Math.max(most, active);
      res.once('finish', () => active--);
      held.push(res);
    });
    base = `http://127.0.0.1:${await listen(server, '127.0.0.1')}`;
  });
  afterAll(() => close(server));

  it('30 requests at once: at most 4 reach the host together, the rest wait their turn, all are answered', async () => {
    const egress = new Egress();
    const source = { sourceId: 'imgs', sourceAddress: 'http://127.0.0.1:1/' };
    const all = Array.from({ length: 30 }, (_, i) => egress.fetch({ ...source, url: `${base}/${i}.png` }).then((r) => r.text()));
    await waitFor(() => held.length === 4 && egress.load().waiting === 26, { message: '4 in flight, 26 waiting' });
    expect(active).toBe(4);
    let answered = 0;
    while (answered < 30) {
      await waitFor(() => held.length > 0, { message: 'the next request' });
      for (const res of held.splice(0)) {
        res.end('ok');
        answered++;
      }
    }
    expect(await Promise.all(all)).toEqual(Array(30).fill('ok'));
    expect(most).toBeLessThanOrEqual(4);
    expect(egress.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('a source that spent its budget is refused without a request; a little later it may ask again', async () => {
    let now = 0;
    const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    // Every name answers a private address, so no try ever connects: refused by the address rules, yet each spends
    // budget all the same.
    const egress = new Egress({ clock, burst: 3, perSecond: 1, resolve: async () => ['10.0.0.1'] });
    const source = { sourceId: 'flood', sourceAddress: 'http://127.0.0.1:1/' };
    for (let i = 0; i < 3; i++) await expect(egress.fetch({ ...source, url: 'http://a.test/' })).rejects.toMatchObject({ reason: 'blocked' });
    await expect(egress.fetch({ ...source, url: 'http://a.test/' })).rejects.toMatchObject({ reason: 'rate_limited' });
    // Another source has its own budget.
    await expect(egress.fetch({ sourceId: 'other', sourceAddress: undefined, url: 'http://a.test/' })).rejects.toMatchObject({ reason: 'blocked' });
    now += 1000;
    await expect(egress.fetch({ ...source, url: 'http://a.test/' })).rejects.toMatchObject({ reason: 'blocked' });
    await expect(egress.fetch({ ...source, url: 'http://a.test/' })).rejects.toMatchObject({ reason: 'rate_limited' });
  });

  it('a name whose DNS answer never comes: at most 4 lookups at once, and the deadline ends each request', async () => {
    // A publisher whose names resolve through a server that never answers: each lookup would hold one of main's few
    // resolver threads, and a request without a slot or a deadline would wait as long as the system resolver does.
    const pending: Array<(addresses: string[]) => void> = [];
    const egress = new Egress({ timeoutMs: 200, resolve: () => new Promise<string[]>((resolve) => pending.push(resolve)) });
    const asks = Array.from({ length: 10 }, (_, i) => egress.fetch({ sourceId: 'slow-dns', sourceAddress: undefined, url: `http://n${i}.test/` }));
    const outcomes: string[] = [];
    const settled = asks.map((ask, i) => ask.then(() => (outcomes[i] = 'answered'), (err: unknown) => (outcomes[i] = err instanceof Error ? err.name : 'error')));
    await waitFor(() => pending.length >= 4, { message: 'lookups under way' });
    expect(pending.length).toBe(4);
    expect(egress.load()).toEqual({ active: 4, waiting: 6 });
    // The deadline ends the four requests whose lookup hangs; their slots stay taken until the lookups return.
    await waitFor(() => outcomes.filter(Boolean).length === 4, { message: 'the deadline ended the four hanging requests' });
    expect(outcomes.filter(Boolean)).toEqual(Array(4).fill('TimeoutError'));
    expect(pending.length).toBe(4);
    for (const answer of pending.splice(0)) answer(['10.0.0.1']);
    await waitFor(() => pending.length === 4, { message: 'the next four lookups' });
    for (const answer of pending.splice(0)) answer(['10.0.0.1']);
    await waitFor(() => pending.length === 2, { message: 'the last two lookups' });
    for (const answer of pending.splice(0)) answer(['10.0.0.1']);
    await Promise.all(settled);
    await waitFor(() => egress.load().active === 0, { message: 'every slot freed' });
  });

  it('a host that answers and then stalls holds its slot only until the deadline', async () => {
    const stalled: ServerResponse[] = [];
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write('x');
      stalled.push(res);
    });
    const url = `http://127.0.0.1:${await listen(slow, '127.0.0.1')}/slow.png`;
    try {
      const egress = new Egress({ timeoutMs: 300 });
      const answer = await egress.fetch({ sourceId: 's', sourceAddress: 'http://127.0.0.1:1/', url });
      expect(egress.load().active).toBe(1);
      await expect(answer.text()).rejects.toThrow();
      await waitFor(() => egress.load().active === 0, { message: 'the slot freed' });
    } finally {
      for (const res of stalled) res.destroy();
      await close(slow);
    }
  });
});
