/**
 * The decision for one request Herald makes because a publisher said so (a remote image, a sender's `http` action):
 * which address it may connect to, or why not. The URL is normalised by the WHATWG parser first (so
 * `http://2130706433/`, `http://0x7f.1/` and `http://0177.0.0.1/` are all 127.0.0.1), then resolved, and every
 * address the name resolves to is judged (./ip-ranges.ts): one blocked answer refuses the whole name, since the
 * stack might pick any of them. The first allowed answer is the one the connection is pinned to, so a DNS answer
 * that changes between this check and the connect (DNS rebinding) changes nothing.
 *
 * Ports browsers never send HTTP to are refused too (BAD_PORTS).
 *
 * One exception: a target on the host the source itself lives on (the same host name, or an address that name
 * resolves to) is allowed whatever its range — a self-hosted ntfy on the LAN serves its own attachments and icons.
 * A source given as an IP address lives there on every port. A source given by name lives wherever its name points,
 * and whoever runs that name can point it at this computer (DNS rebinding) at the moment of the check: for such a
 * source the exception covers its own port only, which is what Herald already connects to for the source itself.
 */
import { lookup } from 'node:dns/promises';
import { isHttpUrl } from '../../shared/url';
import { blockedRange, isIpLiteral, type BlockedRange } from './ip-ranges';

/** All addresses a host name resolves to (injected in tests; the system's resolver in the app). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type EgressDecision =
  | { ok: true; url: URL; address: string; family: 4 | 6 }
  | { ok: false; reason: 'bad_url' | 'unresolved' }
  | { ok: false; reason: 'blocked'; range: BlockedRange };

/** The host as the resolver and the range table take it: no brackets, lower case. */
function bareHost(url: URL): string {
  const h = url.hostname.toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

async function addressesOf(host: string, resolve: Resolver): Promise<string[]> {
  if (isIpLiteral(host)) return [host];
  try {
    return await resolve(host);
  } catch {
    return [];
  }
}

/**
 * Where a request to `target` may go for a source at `sourceAddress` (its configured URL; undefined when unknown:
 * no exception then). Never throws.
 */
export async function decideTarget(target: string, sourceAddress: string | undefined, resolve: Resolver): Promise<EgressDecision> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, reason: 'bad_url' };
  }
  if (!isHttpUrl(url) || url.username !== '' || url.password !== '' || BAD_PORTS.has(Number(portOf(url)))) return { ok: false, reason: 'bad_url' };
  const host = bareHost(url);
  const addresses = await addressesOf(host, resolve);
  if (addresses.length === 0) return { ok: false, reason: 'unresolved' };
  const source = sourceAddress === undefined ? null : safeUrl(sourceAddress);
  // A named source's exception holds on its own port only (see above); an IP literal the user typed cannot be re-pointed.
  const sourceHost = source && (isIpLiteral(bareHost(source)) || portOf(source) === portOf(url)) ? bareHost(source) : null;
  const sameName = sourceHost !== null && sourceHost === host;
  // The source's own addresses are looked up only when a target address needs the exception.
  let sourceAddresses: string[] | null = null;
  for (const address of addresses) {
    const range = blockedRange(address);
    if (range === null || sameName) continue;
    sourceAddresses ??= sourceHost === null ? [] : await addressesOf(sourceHost, resolve);
    if (sourceAddresses.includes(address)) continue;
    return { ok: false, reason: 'blocked', range };
  }
  const address = addresses[0]!;
  return { ok: true, url, address, family: address.includes(':') ? 6 : 4 };
}

/**
 * The Fetch standard's "bad ports" (fetch.spec.whatwg.org, "port blocking"), which browsers never send HTTP to:
 * other protocols (SMTP, FTP, SSH, IRC…) would read a sender's request body, sent from the user's address, as their
 * own commands.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The port a URL connects to, its scheme's default when none is written. */
function portOf(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
