/**
 * Main's side of remote images (src/shared/remote-image.ts): fetched here, only for a source the user allowed and
 * only for a URL that source's items carry (so a page cannot make main fetch anything it likes), GET with no
 * cookies and no redirect, answered only when it is a raster image (no SVG) of at most 5 MiB.
 */
import { silentLogger, type Logger } from '../core/log';
import type { InboxItem } from '../shared/inbox';

export interface RemoteImageDeps {
  /** The user allowed images from this source. */
  allowed(sourceId: string): boolean;
  /** One of this source's items carries this URL (an icon, an attachment, an image in its body). */
  known(sourceId: string, url: string): boolean;
  fetch: typeof fetch;
  logger?: Logger;
  timeoutMs?: number;
}

const TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
const MAX_BYTES = 5 * 1024 * 1024;

export function createRemoteImageLoader(deps: RemoteImageDeps): (request: URL) => Promise<Response> {
  const log = deps.logger ?? silentLogger;
  const refuse = (status: number): Response => new Response(null, { status, headers: { 'cache-control': 'no-store' } });
  return async (request) => {
    const sourceId = request.searchParams.get('source') ?? '';
    const raw = request.searchParams.get('url') ?? '';
    if (!deps.allowed(sourceId)) return refuse(403);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse(400);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return refuse(400);
    if (!deps.known(sourceId, raw)) return refuse(404);
    try {
      const answer = await deps.fetch(url.href, {
        redirect: 'error',
        credentials: 'omit',
        headers: { accept: [...TYPES].join(', ') },
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
      const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!answer.ok || !TYPES.has(type)) {
        await answer.body?.cancel().catch(() => {});
        return refuse(answer.ok ? 415 : 502);
      }
      const bytes = await readCapped(answer);
      if (!bytes) return refuse(413);
      return new Response(bytes, {
        status: 200,
        headers: { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=3600', 'content-security-policy': "default-src 'none'" },
      });
    } catch (err) {
      log.info('a remote image could not be fetched', { host: url.host, error: err instanceof Error ? err.name : 'error' });
      return refuse(502);
    }
  };
}

async function readCapped(answer: Response): Promise<Uint8Array | null> {
  if (!answer.body) return new Uint8Array();
  const reader = answer.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The item carries this URL: as its icon, its attachment, or written in its body (a Markdown image). */
export function carriesUrl(item: Pick<InboxItem, 'icon' | 'attachment' | 'body'>, url: string): boolean {
  return item.icon === url || item.attachment?.url === url || (url.length > 10 && item.body.includes(url));
}
