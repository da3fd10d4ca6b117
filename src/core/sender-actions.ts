/**
 * A sender's own action buttons (ntfy's `http` actions: docs.ntfy.sh "Action buttons"), run by the client through
 * the outbox after the user confirmed the target host. The request comes only from what the server sent with the
 * item; the window sends an index. Main runs it (no browser CORS limits), with the outbox's retries: network
 * failures, 429 and 5xx are tried again, other answers go to the failed list.
 */
import type { InboxItem } from '../shared/inbox';
import type { Clock } from './clock';
import type { ActionResponse } from './source';
import { parseRetryAfter, timedFetch } from './transports/http';

export interface SenderHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers a sender may not set: the transport owns them, or they would reach another origin's cookies. */
const RESERVED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'cookie', 'keep-alive', 'upgrade', 'te', 'trailer']);
const MAX_HEADERS = 20;
const MAX_BODY_CHARS = 64 * 1024;
const TIMEOUT_MS = 15_000;

/** The item's `index`th action as a request we are willing to send, or why not. */
export function senderHttpRequest(item: Pick<InboxItem, 'actions'> | undefined, index: number): { ok: true; request: SenderHttpRequest } | { ok: false; reason: string } {
  const a = item?.actions?.[index];
  if (!a) return { ok: false, reason: 'this item has no such action' };
  if (a.kind !== 'http') return { ok: false, reason: `a ${a.kind} action is not sent by Herald` };
  let url: URL;
  try {
    url = new URL(a.url ?? '');
  } catch {
    return { ok: false, reason: 'the action has no valid address' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'only http(s) addresses without credentials are sent' };
  }
  const method = (a.method ?? 'POST').toUpperCase();
  if (!METHODS.has(method)) return { ok: false, reason: 'the action asks for an unsupported method' };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(a.headers ?? {}).slice(0, MAX_HEADERS)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(name) || RESERVED.has(name.toLowerCase())) continue;
    if (typeof value !== 'string' || !/^[\x20-\x7e]{0,2000}$/.test(value)) continue;
    headers[name] = value;
  }
  const request: SenderHttpRequest = { method, url: url.href, headers };
  if (a.body !== undefined && method !== 'GET') request.body = a.body.slice(0, MAX_BODY_CHARS);
  return { ok: true, request };
}

/** Send it once; the outbox decides about retries from the answer. */
export async function runSenderHttp(request: SenderHttpRequest, deps: { fetch: typeof fetch; clock: Clock }, signal: AbortSignal): Promise<ActionResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
  if (request.body !== undefined) init.body = request.body;
  return timedFetch(request.url, init, { fetch: deps.fetch, clock: deps.clock, timeoutMs: TIMEOUT_MS, signal }, async (response) => {
    await response.body?.cancel().catch(() => {});
    // A redirect is not followed: the user confirmed this host, not another one.
    const ok = response.status >= 200 && response.status < 300;
    const result: ActionResponse = { ok, status: response.status, body: ok ? { ok: true, result: { status: response.status } } : null };
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), deps.clock.now());
    if (retryAfter !== undefined) result.retryAfter = retryAfter;
    return result;
  });
}
