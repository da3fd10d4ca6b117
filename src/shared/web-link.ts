import { parseHttpUrl } from './url';

/**
 * A link the window may offer: http(s) only, never with credentials in it, and named by its host (in punycode, so a
 * look-alike name shows as xn--…). Main checks again, and rate-limits, before opening anything.
 */
export function webLink(url: string | undefined): { href: string; host: string } | null {
  if (!url) return null;
  const u = parseHttpUrl(url);
  if (u === null || u.username !== '' || u.password !== '') return null;
  return { href: u.href, host: u.host };
}
