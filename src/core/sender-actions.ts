/**
 * A sender's own action buttons (ntfy's `http` actions: docs.ntfy.sh "Action buttons"), run by the client through
 * the outbox after the user confirmed the target host. The request comes only from what the server sent with the
 * item; the window sends an index. Main runs it (no browser CORS limits) through the egress policy (./egress), with
 * the outbox's retries: network failures, 429 and 5xx are tried again, other answers go to the failed list.
 *
 * A confirmation is bound to the request it confirmed: the outbox entry keeps a SHA-256 digest of (source, item,
 * method, URL, headers, body), and every attempt derives the request again and sends it only if the digest matches.
 */
import { createHash } from 'node:crypto';
import type { InboxItem } from '../shared/inbox';
import type { Clock } from './base/clock';
import { EgressRefused, type Egress } from './egress/egress';
import type { ActionResponse } from './source';
import { parseRetryAfter, SourceError, timedFetch } from './transports/http';

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
  // HTTP header names ignore case and node sends one value per name (the last one set): a name the sender wrote twice
  // in different cases would make the request depend on the order of its JSON, which the digest does not see. The
  // first spelling is kept, so the headers digested are exactly the headers sent.
  const named = new Set<string>();
  for (const [name, value] of Object.entries(a.headers ?? {}).slice(0, MAX_HEADERS)) {
    const lower = name.toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(name) || RESERVED.has(lower) || named.has(lower)) continue;
    if (typeof value !== 'string' || !/^[\x20-\x7e]{0,2000}$/.test(value)) continue;
    named.add(lower);
    headers[name] = value;
  }
  const request: SenderHttpRequest = { method, url: url.href, headers };
  if (a.body !== undefined && method !== 'GET') request.body = a.body.slice(0, MAX_BODY_CHARS);
  return { ok: true, request };
}

/**
 * What the user confirmed, as a digest: the same (source, item, request) always gives the same digest, and any change
 * of method, URL, a header or the body gives another. JSON of a fixed-order list, so no two inputs share an encoding.
 */
export function confirmationDigest(sourceId: string, itemId: string, request: SenderHttpRequest): string {
  const headers = Object.entries(request.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([sourceId, itemId, request.method, request.url, headers, request.body ?? null]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface SenderHttpDeps {
  egress: Egress;
  clock: Clock;
  sourceId: string;
  /** The source's configured URL (the egress policy's same-host exception). */
  sourceAddress: string | undefined;
}

/** Send it once; the outbox decides about retries from the answer. */
export async function runSenderHttp(request: SenderHttpRequest, deps: SenderHttpDeps, signal: AbortSignal): Promise<ActionResponse> {
  const viaEgress: typeof fetch = async (_url, init) => {
    try {
      const req = { sourceId: deps.sourceId, sourceAddress: deps.sourceAddress, url: request.url, method: request.method, headers: request.headers };
      return await deps.egress.fetch({ ...req, ...(request.body !== undefined ? { body: request.body } : {}), ...(init?.signal ? { signal: init.signal } : {}) });
    } catch (err) {
      throw err instanceof EgressRefused ? refusedError(err) : err;
    }
  };
  return timedFetch(request.url, { method: request.method }, { fetch: viaEgress, clock: deps.clock, timeoutMs: TIMEOUT_MS, signal }, async (response) => {
    await response.body?.cancel().catch(() => {});
    // A redirect is not followed: the user confirmed this host, not another one.
    const ok = response.status >= 200 && response.status < 300;
    const result: ActionResponse = { ok, status: response.status, body: ok ? { ok: true, result: { status: response.status } } : null };
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), deps.clock.now());
    if (retryAfter !== undefined) result.retryAfter = retryAfter;
    return result;
  });
}

/** A refused address is final (the failed list says so); a spent budget or an unknown name may pass later. */
function refusedError(err: EgressRefused): SourceError {
  if (err.reason === 'blocked' || err.reason === 'bad_url') {
    return new SourceError({ code: 'forbidden', message: `Herald does not send a sender's request to this address (${err.range ?? err.reason})` }, false);
  }
  if (err.reason === 'unresolved') return new SourceError({ code: 'network', message: 'the address of the action could not be resolved' }, true);
  return new SourceError({ code: 'rate_limited', message: 'too many requests for this source just now' }, true);
}
