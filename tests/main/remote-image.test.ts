/**
 * Remote images through main: only for allowed sources, only URLs the source's items carry, only raster images of a
 * bounded size, never a redirect. A real HTTP server on 127.0.0.1 plays the image host.
 */
import { createServer, type Server } from 'node:http';
import { carriesUrl, createRemoteImageLoader } from '../../src/main/remote-image';
import { remoteImageSrc } from '../../src/shared/remote-image';
import { Egress } from '../../src/core/egress/egress';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/a.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url === '/a.svg') return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg onload="alert(1)"/>');
    if (req.url === '/big.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(6 * 1024 * 1024));
    if (req.url === '/moved.png') return res.writeHead(302, { location: '/a.png' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** An item whose Markdown body shows each of `urls` as an image. */
const showing = (urls: string[]) => ({ body: urls.map((u) => `![x](${u})`).join(' '), markdown: true });

function loader(allowed: string[], known: string[]) {
  // The source lives on 127.0.0.1, like the image host: the egress policy's same-host exception lets it through.
  return createRemoteImageLoader({
    allowed: (id) => allowed.includes(id),
    item: (_id, itemId) => (itemId === 'i1' ? showing(known) : undefined),
    sourceAddress: () => 'http://127.0.0.1:1/',
    egress: new Egress(),
    timeoutMs: 5000,
  });
}
const request = (source: string, url: string, item = 'i1') => new URL(remoteImageSrc(source, item, url), 'app://herald/');

describe('remote images', () => {
  it('serves an allowed source’s known PNG as itself, with nosniff and a closed CSP', async () => {
    const r = await loader(['team'], [`${base}/a.png`])(request('team', `${base}/a.png`));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await r.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses a source that was not allowed, and a URL its items do not carry, without fetching', async () => {
    const before = hits.length;
    expect((await loader([], [`${base}/a.png`])(request('team', `${base}/a.png`))).status).toBe(403);
    expect((await loader(['team'], [])(request('team', `${base}/a.png`))).status).toBe(404);
    // Carried by another item, or asked for an item that does not exist: not this item's image.
    expect((await loader(['team'], [`${base}/a.png`])(request('team', `${base}/a.png`, 'i2'))).status).toBe(404);
    expect((await loader(['team'], ['file:///etc/passwd'])(request('team', 'file:///etc/passwd'))).status).toBe(400);
    expect(hits.length).toBe(before);
  });

  it('refuses SVG, images over 5 MiB and redirects', async () => {
    const all = [`${base}/a.svg`, `${base}/big.png`, `${base}/moved.png`];
    const l = loader(['team'], all);
    expect((await l(request('team', all[0]!))).status).toBe(415);
    expect((await l(request('team', all[1]!))).status).toBe(413);
    expect((await l(request('team', all[2]!))).status).toBe(502);
  });

  it('knows the URLs an item carries: its icon, its attachment, an image in its body', () => {
    const item = { icon: 'https://i.example/icon.png', attachment: { name: 'a', url: 'https://f.example/a.jpg' }, body: 'look ![x](https://m.example/x.png)', markdown: true };
    for (const url of ['https://i.example/icon.png', 'https://f.example/a.jpg', 'https://m.example/x.png']) expect(carriesUrl(item, url)).toBe(true);
    expect(carriesUrl(item, 'https://other.example/y.png')).toBe(false);
  });
});

describe('what an item carries, and what main may reach because a publisher said so', () => {
  const admin = () => `${base}/admin/delete?all=1`;

  it('a URL written only in the body text (or a prefix of one) is not carried; a Markdown image destination is', () => {
    const item = { body: `see ${admin()} and ![x](https://m.example/x.png) or https://m.example/x.png.evil`, markdown: true };
    expect(carriesUrl(item, admin())).toBe(false);
    expect(carriesUrl(item, `${base}/admin`)).toBe(false);
    expect(carriesUrl(item, 'https://m.example/x.pn')).toBe(false);
    expect(carriesUrl(item, 'https://m.example/x.png')).toBe(true);
    // Without the Markdown flag the body is plain text: nothing in it is an image.
    expect(carriesUrl({ ...item, markdown: false }, 'https://m.example/x.png')).toBe(false);
  });

  it('fetches a Markdown image of the item, and not the same URL when the body only mentions it', async () => {
    const png = `${base}/a.png`;
    const serve = (body: string) =>
      createRemoteImageLoader({
        allowed: () => true,
        item: () => ({ body, markdown: true }),
        sourceAddress: () => 'http://127.0.0.1:1/',
        egress: new Egress(),
      });
    const before = hits.length;
    expect((await serve(`the chart is at ${png} today`)(request('team', png))).status).toBe(404);
    expect(hits.length).toBe(before);
    expect((await serve(`![chart](${png})`)(request('team', png))).status).toBe(200);
    expect(hits.length).toBe(before + 1);
  });

  it('never fetches a loopback address for a source that does not live there, even when an item carries it', async () => {
    const before = hits.length;
    const l = createRemoteImageLoader({
      allowed: () => true,
      item: () => showing([admin(), `http://2130706433:${new URL(base).port}/a.png`, `http://[::ffff:127.0.0.1]:${new URL(base).port}/a.png`]),
      sourceAddress: () => 'https://ntfy.example/',
      egress: new Egress({ resolve: async (host) => (host === 'ntfy.example' ? ['93.184.216.34'] : []) }),
      timeoutMs: 5000,
    });
    for (const url of [admin(), `http://2130706433:${new URL(base).port}/a.png`, `http://[::ffff:127.0.0.1]:${new URL(base).port}/a.png`]) {
      expect((await l(request('team', url))).status).toBe(403);
    }
    expect(hits.length).toBe(before);
  });
});
