/**
 * herald:// links: `herald://open?source=<id>&item=<id>` shows an item (printed by the CLI's --links, usable from
 * anywhere); `herald://act?source=…&item=…&do=read|like&t=<token>` is what a Windows toast button launches — it
 * needs the token of the running Herald, so a web page cannot mark things read or like them on a user's behalf.
 * Parsing is strict: anything unexpected is no link at all.
 */
import { isPublisherId } from './publisher-text';
import { isSourceId } from './source-id';

export const DEEP_LINK_SCHEME = 'herald';
const MAX_LINK_CHARS = 2048;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export type ToastAct = 'read' | 'like';
export type DeepLink =
  | { kind: 'open'; sourceId: string; itemId: string }
  | { kind: 'act'; sourceId: string; itemId: string; act: ToastAct; token: string };

/**
 * Whether a link can name this item exactly. Item ids come from servers and are checked at ingest by the same rule
 * (isPublisherId: plain text, up to the length validateAction accepts): an id with a lone surrogate would come back
 * from URL encoding as another id, one with a control character as no link at all. Callers make links only for
 * linkable items, and parsing refuses the rest, so a link never acts on an item other than the one it was made for.
 */
export function canLink(sourceId: string, itemId: string): boolean {
  return isSourceId(sourceId) && isPublisherId(itemId);
}

export function openLink(sourceId: string, itemId: string): string {
  return `${DEEP_LINK_SCHEME}://open?${new URLSearchParams({ source: sourceId, item: itemId })}`;
}

export function actLink(sourceId: string, itemId: string, act: ToastAct, token: string): string {
  return `${DEEP_LINK_SCHEME}://act?${new URLSearchParams({ source: sourceId, item: itemId, do: act, t: token })}`;
}

export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_CHARS) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username !== '' || url.password !== '' || url.port !== '' || url.hash !== '') return null;
  // `herald://open?…` puts "open" in the host; `herald:open?…` in the path. Accept both spellings, nothing else.
  const verb = url.host !== '' ? (url.pathname === '' || url.pathname === '/' ? url.host : '') : url.pathname;
  const params = url.searchParams;
  const one = (name: string): string | null => (params.getAll(name).length === 1 ? params.get(name) : null);
  const sourceId = one('source');
  const itemId = one('item');
  if (!sourceId || !itemId || !canLink(sourceId, itemId)) return null;
  const allowed = verb === 'open' ? ['source', 'item'] : verb === 'act' ? ['source', 'item', 'do', 't'] : null;
  if (!allowed || [...params.keys()].some((k) => !allowed.includes(k))) return null;
  if (verb === 'open') return { kind: 'open', sourceId, itemId };
  const act = one('do');
  const token = one('t');
  if ((act !== 'read' && act !== 'like') || !token || !TOKEN.test(token)) return null;
  return { kind: 'act', sourceId, itemId, act, token };
}

/** The first herald:// link among a process's arguments (Windows and Linux start or forward links this way). */
export function deepLinkInArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) return parseDeepLink(arg);
  }
  return null;
}
