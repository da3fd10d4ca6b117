/**
 * Main's side of remote images (src/shared/remote-image.ts): fetched here, only for a source the user allowed and
 * only for a URL the named item of that source carries in a structured field (so a page cannot make main fetch
 * anything it likes; one item's Markdown is read per request, never every item's), through the egress policy (src/core/egress: no loopback or LAN address unless the source lives there,
 * the address pinned, a few at once, a budget per source), GET with no cookies and no redirect, answered only when it
 * is a raster image (no SVG) of at most 5 MiB.
 */
import { EgressRefused, type Egress } from '../core/egress/egress';
import { silentLogger, type Logger } from '../core/base/log';
import { readBytesUpTo } from '../core/transports/http';
import type { InboxItem } from '../shared/inbox';
import { carriedImageUrls } from '../shared/remote-image';

export interface RemoteImageDeps {
  /** The user allowed images from this source. */
  allowed(sourceId: string): boolean;
  /** The item the window shows the image for: the URL must be one it carries (see carriesUrl). */
  item(sourceId: string, itemId: string): Pick<InboxItem, 'icon' | 'attachment' | 'body' | 'markdown'> | undefined;
  /** The source's configured URL: its host is the egress policy's one exception. */
  sourceAddress(sourceId: string): string | undefined;
  egress: Egress;
  logger?: Logger;
  timeoutMs?: number;
}

const TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
const MAX_BYTES = 5 * 1024 * 1024;
/** A refused address is forbidden; a spent budget or a full queue is "too many requests", for a later try. */
const REFUSAL_STATUS: Record<EgressRefused['reason'], number> = { bad_url: 400, blocked: 403, unresolved: 502, rate_limited: 429, busy: 429 };

export function createRemoteImageLoader(deps: RemoteImageDeps): (request: URL) => Promise<Response> {
  const log = deps.logger ?? silentLogger;
  const refuse = (status: number): Response => new Response(null, { status, headers: { 'cache-control': 'no-store' } });
  return async (request) => {
    const sourceId = request.searchParams.get('source') ?? '';
    const itemId = request.searchParams.get('item') ?? '';
    const raw = request.searchParams.get('url') ?? '';
    if (!deps.allowed(sourceId)) return refuse(403);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse(400);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return refuse(400);
    const item = deps.item(sourceId, itemId);
    if (!item || !carriesUrl(item, url.href)) return refuse(404);
    try {
      const answer = await deps.egress.fetch({
        sourceId,
        sourceAddress: deps.sourceAddress(sourceId),
        url: url.href,
        headers: { accept: [...TYPES].join(', ') },
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
      const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!answer.ok || !TYPES.has(type)) {
        await answer.body?.cancel().catch(() => {});
        return refuse(answer.ok ? 415 : 502);
      }
      const bytes = await readBytesUpTo(answer, MAX_BYTES);
      if (!bytes) return refuse(413);
      return new Response(bytes, {
        status: 200,
        headers: { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=3600', 'content-security-policy': "default-src 'none'" },
      });
    } catch (err) {
      if (err instanceof EgressRefused) {
        log.info('a remote image was refused by the egress policy', { host: url.host, reason: err.reason, range: err.range });
        return refuse(REFUSAL_STATUS[err.reason]);
      }
      log.info('a remote image could not be fetched', { host: url.host, error: err instanceof Error ? err.name : 'error' });
      return refuse(502);
    }
  };
}

/** The item carries this URL, exactly, as its icon, its attachment or a Markdown image — not merely in its text. */
export function carriesUrl(item: Pick<InboxItem, 'icon' | 'attachment' | 'body' | 'markdown'>, url: string): boolean {
  return carriedImageUrls(item).has(url);
}
