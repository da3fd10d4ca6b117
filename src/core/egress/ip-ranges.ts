/**
 * Which IP addresses Herald must not reach because a publisher said so: this computer, the local network, and the
 * address blocks that are never a public web server (RFC 6890's special-purpose registries, IANA's IPv4 and IPv6
 * special-purpose address registries). Addresses come in canonical form (a WHATWG-normalised URL host or a DNS
 * answer); anything this parser does not understand counts as blocked, so a strange spelling fails closed.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type BlockedRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-nat'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'unparsable';

/** [first octets as a 32-bit number, prefix length, range] — IPv4 blocks a publisher may never point at. */
const IPV4_BLOCKS: ReadonlyArray<readonly [number, number, BlockedRange]> = [
  [ip4(0, 0, 0, 0), 8, 'unspecified'], // "this network" (RFC 1122); 0.0.0.0 reaches this computer on Linux
  [ip4(10, 0, 0, 0), 8, 'private'], // RFC 1918
  [ip4(100, 64, 0, 0), 10, 'carrier-nat'], // RFC 6598 shared address space
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local'], // cloud metadata lives at 169.254.169.254
  [ip4(172, 16, 0, 0), 12, 'private'],
  [ip4(192, 0, 0, 0), 24, 'reserved'], // IETF protocol assignments
  [ip4(192, 0, 2, 0), 24, 'reserved'], // documentation (TEST-NET-1..3, RFC 5737): no real server lives there
  [ip4(198, 51, 100, 0), 24, 'reserved'],
  [ip4(203, 0, 113, 0), 24, 'reserved'],
  [ip4(192, 168, 0, 0), 16, 'private'],
  [ip4(198, 18, 0, 0), 15, 'reserved'], // benchmarking (RFC 2544): lab networks
  [ip4(224, 0, 0, 0), 4, 'multicast'],
  [ip4(255, 255, 255, 255), 32, 'broadcast'],
  [ip4(240, 0, 0, 0), 4, 'reserved'], // after broadcast: the first match names the range
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function blockedIPv4(value: number): BlockedRange | null {
  for (const [base, bits, range] of IPV4_BLOCKS) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((value & mask) >>> 0) === base) return range;
  }
  return null;
}

/** A dotted quad as a 32-bit number (canonical decimal only: the URL parser has already normalised odd spellings). */
export function parseIPv4(text: string): number | null {
  if (!isIPv4(text)) return null;
  const parts = text.split('.').map(Number);
  return ip4(parts[0]!, parts[1]!, parts[2]!, parts[3]!);
}

/** An IPv6 address (no brackets; a zone id is ignored) as its eight 16-bit groups. */
export function parseIPv6(text: string): number[] | null {
  const address = text.split('%')[0]!;
  if (!isIPv6(address)) return null;
  let groups: string[];
  const halves = address.split('::');
  const expand = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const tail = (list: string[]): string[] => {
    // An embedded dotted quad (::ffff:1.2.3.4) is the last two groups.
    const last = list.at(-1);
    if (last === undefined || !last.includes('.')) return list;
    const v4 = parseIPv4(last);
    if (v4 === null) return list;
    return [...list.slice(0, -1), (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)];
  };
  if (halves.length === 2) {
    const head = expand(halves[0]!);
    const rest = tail(expand(halves[1]!));
    groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  } else groups = tail(expand(address));
  if (groups.length !== 8) return null;
  return groups.map((g) => parseInt(g, 16));
}

function blockedIPv6(g: number[]): BlockedRange | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const embedded = ((g6 << 16) >>> 0) + g7;
  const zeros = (...xs: number[]): boolean => xs.every((x) => x === 0);
  if (zeros(g0, g1, g2, g3, g4, g5, g6) && g7 === 0) return 'unspecified';
  if (zeros(g0, g1, g2, g3, g4, g5, g6) && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated), IPv4-translated (::ffff:0:a.b.c.d) and the
  // NAT64 well-known prefix (64:ff9b::/96) all carry an IPv4 address that the stack may reach: judge that address.
  if (zeros(g0, g1, g2, g3, g4) && (g5 === 0xffff || g5 === 0)) return blockedIPv4(embedded);
  if (zeros(g0, g1, g2, g3) && g4 === 0xffff && g5 === 0) return blockedIPv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && zeros(g2, g3, g4, g5)) return blockedIPv4(embedded);
  // Local-use NAT64 (64:ff9b:1::/48, RFC 8215) puts its IPv4 address where the network chose, so it cannot be judged.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'reserved';
  // 6to4 (2002::/16) carries its IPv4 relay address in groups 1-2.
  if (g0 === 0x2002) return blockedIPv4(((g1 << 16) >>> 0) + g2);
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, the deprecated site-local block
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if ((g0 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (g0 === 0x0100 && zeros(g1, g2, g3)) return 'reserved'; // 100::/64, discard-only
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if ((g0 & 0xfff0) === 0x3ff0) return 'reserved'; // documentation too (3fff::/20, RFC 9637)
  if (g0 === 0x5f00) return 'reserved'; // segment routing (5f00::/16, RFC 9602): never a server's address
  if (g0 === 0) return 'reserved'; // the rest of ::/16 is unassigned or transition space
  return null;
}

/**
 * The blocked range `address` falls in, or null for an address a public server can have. `address` is an IP
 * literal: a dotted quad or an IPv6 address, with or without brackets; anything else is 'unparsable'.
 */
export function blockedRange(address: string): BlockedRange | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIPv4(bare);
  if (v4 !== null) return blockedIPv4(v4);
  const v6 = parseIPv6(bare);
  if (v6 !== null) return blockedIPv6(v6);
  return 'unparsable';
}

/** Whether `text` is an IP literal (so no DNS lookup is needed), brackets allowed. */
export function isIpLiteral(text: string): boolean {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return isIPv4(bare) || isIPv6(bare.split('%')[0]!);
}
