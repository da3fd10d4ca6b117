/**
 * The egress policy's address rules: a table of addresses, and properties over spellings — any address in a blocked
 * range, written any way the WHATWG URL parser accepts (integer, hex, octal, short dotted forms, IPv4-mapped,
 * compatible, NAT64 and 6to4 IPv6, compressed or not, any case), is refused; a public one is allowed and pinned.
 * The resolver is injected: a host name never reaches real DNS here.
 */
import fc from 'fast-check';
import { decideTarget, type Resolver } from '../../../src/core/egress/egress-policy';
import { blockedRange } from '../../../src/core/egress/ip-ranges';

const noDns: Resolver = async () => {
  throw new Error('no DNS in this test');
};

describe('the address table', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-nat'],
    ['100.127.255.255', 'carrier-nat'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['203.0.113.7', 'reserved'],
    ['198.51.100.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    // Local-use NAT64 (RFC 8215) embeds its IPv4 address wherever the network chose: the whole block is refused.
    ['64:ff9b:1::a00:1', 'reserved'],
    ['64:ff9b:1:7f00:1::', 'reserved'],
    ['3fff::1', 'reserved'], // IPv6 documentation (RFC 9637), besides 2001:db8::/32
    ['2001:db8::1', 'reserved'],
    ['5f00::1', 'reserved'], // segment routing (RFC 9602): never a public server
    ['2002:7f00:1::', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['not an address', 'unparsable'],
  ])('%s is %s', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.253.0.1', '2606:4700::1111', '::ffff:93.184.216.34', '2002:5db8:d822::'])(
    '%s is public',
    (address) => expect(blockedRange(address)).toBeNull(),
  );
});

const BLOCKED_V4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0xe0000000, 4],
  [0xf0000000, 4],
];

/** A 32-bit address inside one of the blocked IPv4 ranges. */
const blockedV4 = fc
  .tuple(fc.constantFrom(...BLOCKED_V4), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([[base, bits], noise]) => (base + (noise >>> bits)) >>> 0);
const octets = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const hexGroups = (n: number): string => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

/** The ways a URL host can spell one IPv4 address (WHATWG URL's IPv4 parser, and IPv6 forms that embed it). */
function spellings(n: number): fc.Arbitrary<string> {
  const o = octets(n);
  return fc.constantFrom(
    o.join('.'),
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    o.map((x) => `0${x.toString(8)}`).join('.'),
    o.map((x) => `0x${x.toString(16).toUpperCase()}`).join('.'),
    `${o[0]}.${(n & 0xffffff) >>> 0}`,
    `${o[0]}.${o[1]}.${n & 0xffff}`,
    `[::ffff:${o.join('.')}]`,
    `[::FFFF:${hexGroups(n)}]`,
    `[0:0:0:0:0:ffff:${hexGroups(n)}]`,
    `[::${o.join('.')}]`,
    `[64:ff9b::${o.join('.')}]`,
    `[2002:${hexGroups(n)}::1]`,
  );
}

describe('any address in a blocked range, in any spelling, is refused', () => {
  it('IPv4, in every spelling the URL parser accepts', async () => {
    await fc.assert(
      fc.asyncProperty(blockedV4.chain((n) => spellings(n)), fc.constantFrom('http', 'https'), async (host, scheme) => {
        const d = await decideTarget(`${scheme}://${host}:8080/x.png`, 'https://ntfy.example/', async (h) => (h === 'ntfy.example' ? ['93.184.216.34'] : []));
        expect(d).toMatchObject({ ok: false, reason: 'blocked' });
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6 link-local, unique-local, multicast, loopback and unspecified, compressed or not, any case', async () => {
    const prefixed = (mask: number, value: number) => fc.integer({ min: 0, max: 0xffff }).map((g) => (g & ~mask & 0xffff) | value);
    const first = fc.oneof(prefixed(0xffc0, 0xfe80), prefixed(0xfe00, 0xfc00), prefixed(0xff00, 0xff00));
    const address = fc.oneof(
      fc.tuple(first, fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([g, rest]) => [g, ...rest]),
      fc.constantFrom([0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0]),
    );
    await fc.assert(
      fc.asyncProperty(address, fc.boolean(), fc.boolean(), async (groups, compress, upper) => {
        let text = groups.map((g) => g.toString(16)).join(':');
        if (compress) text = text.replace(/(^|:)0(:0)+(:|$)/, '::');
        if (upper) text = text.toUpperCase();
        const d = await decideTarget(`http://[${text}]/`, undefined, noDns);
        expect(d).toMatchObject({ ok: false, reason: 'blocked' });
      }),
      { numRuns: 500 },
    );
  });

  it('a public address in any spelling is allowed, and pinned in canonical form', async () => {
    const publicV4 = fc.integer({ min: 0, max: 0xffffffff }).filter((n) => blockedRange(octets(n).join('.')) === null);
    await fc.assert(
      fc.asyncProperty(publicV4.chain((n) => fc.tuple(fc.constant(n), spellings(n).filter((s) => !s.startsWith('[')))), async ([n, host]) => {
        const d = await decideTarget(`http://${host}/`, undefined, noDns);
        expect(d).toMatchObject({ ok: true, address: octets(n).join('.'), family: 4 });
      }),
      { numRuns: 300 },
    );
  });
});

describe('names are judged after resolution', () => {
  const dns = (table: Record<string, string[]>): Resolver => async (h) => table[h] ?? [];

  it('a name with one blocked answer among public ones is refused; an unknown name too', async () => {
    const resolve = dns({ 'mixed.test': ['93.184.216.34', '127.0.0.1'], 'meta.test': ['169.254.169.254'] });
    expect(await decideTarget('http://mixed.test/', undefined, resolve)).toMatchObject({ ok: false, range: 'loopback' });
    expect(await decideTarget('http://meta.test/latest', undefined, resolve)).toMatchObject({ ok: false, range: 'link-local' });
    expect(await decideTarget('http://nowhere.test/', undefined, resolve)).toMatchObject({ ok: false, reason: 'unresolved' });
  });

  it('pins the first answer of a public name', async () => {
    const d = await decideTarget('https://img.test/a.png', undefined, dns({ 'img.test': ['2606:4700::1111', '93.184.216.34'] }));
    expect(d).toMatchObject({ ok: true, address: '2606:4700::1111', family: 6 });
  });

  it('lets through the host the source lives on (its name, or an address it resolves to), and nothing else there', async () => {
    const resolve = dns({ 'ntfy.lan': ['192.168.1.5'], 'files.lan': ['192.168.1.5'], 'router.lan': ['192.168.1.1'] });
    const source = 'http://ntfy.lan:8080/';
    expect(await decideTarget('http://ntfy.lan:8080/file/a.png', source, resolve)).toMatchObject({ ok: true, address: '192.168.1.5' });
    expect(await decideTarget('http://192.168.1.5:8080/file/a.png', source, resolve)).toMatchObject({ ok: true });
    expect(await decideTarget('http://files.lan:8080/a.png', source, resolve)).toMatchObject({ ok: true });
    // A source named by a host name lives on its own port there (see the DNS-rebinding case below).
    expect(await decideTarget('http://192.168.1.5:9000/', source, resolve)).toMatchObject({ ok: false, range: 'private' });
    expect(await decideTarget('http://ntfy.lan/', source, resolve)).toMatchObject({ ok: false, range: 'private' });
    // A source given as an address lives there on every port (a known limit, SECURITY.md).
    expect(await decideTarget('http://192.168.1.5:9000/', 'http://192.168.1.5:8080/', resolve)).toMatchObject({ ok: true });
    expect(await decideTarget('http://router.lan/', source, resolve)).toMatchObject({ ok: false, range: 'private' });
    expect(await decideTarget('http://127.0.0.1/', source, resolve)).toMatchObject({ ok: false, range: 'loopback' });
  });

  it('a source named by a host name reaches its own addresses only on its own port: whoever runs the name cannot re-point it at this computer', async () => {
    // The source's name (and any other name) answers loopback at the check: DNS rebinding by the source's operator,
    // which must not open every port of this computer (a Docker or admin API) to the source's publishers.
    const resolve = dns({ 'news.example': ['127.0.0.1'], 'cdn.news.example': ['127.0.0.1'] });
    const source = 'https://news.example/';
    expect(await decideTarget('http://news.example:2375/containers/create', source, resolve)).toMatchObject({ ok: false, range: 'loopback' });
    expect(await decideTarget('http://cdn.news.example:2222/', source, resolve)).toMatchObject({ ok: false, range: 'loopback' });
    expect(await decideTarget('http://127.0.0.1:8080/', source, resolve)).toMatchObject({ ok: false, range: 'loopback' });
    // Its own port, where Herald itself connects for the source: what the source's URL already reaches.
    expect(await decideTarget('https://news.example/file/a.png', source, resolve)).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(await decideTarget('https://cdn.news.example/a.png', source, resolve)).toMatchObject({ ok: true, address: '127.0.0.1' });
  });

  it('refuses anything but http(s) without credentials', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://93.184.216.34/', 'http://u:p@93.184.216.34/', 'not a url']) {
      expect(await decideTarget(url, undefined, noDns)).toMatchObject({ ok: false, reason: 'bad_url' });
    }
  });

  it('refuses the ports browsers never send HTTP to (mail, FTP, SSH, IRC…), so a sender’s body cannot speak another protocol', async () => {
    // An http action's body goes out after the request line: to port 25 it reads as SMTP commands, sent from the
    // user's address. The Fetch standard's "bad port" list, the same that Chromium refuses.
    for (const port of [1, 21, 22, 23, 25, 110, 143, 465, 587, 993, 995, 6667, 10080]) {
      expect(await decideTarget(`http://93.184.216.34:${port}/`, undefined, noDns)).toMatchObject({ ok: false, reason: 'bad_url' });
    }
    for (const url of ['http://93.184.216.34/', 'https://93.184.216.34/', 'http://93.184.216.34:8080/', 'https://93.184.216.34:8443/']) {
      expect(await decideTarget(url, undefined, noDns)).toMatchObject({ ok: true });
    }
  });
});
