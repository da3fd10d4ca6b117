/**
 * Small HTTP helpers for the reference server: JSON answers, protocol errors, body reading with a size cap,
 * query parsing. Errors follow docs/PROTOCOL.md "Errors": `{ error: { code, message } }`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Error codes the protocol defines (docs/PROTOCOL.md "Errors"). */
export type ProtocolErrorCode =
  | 'bad_json'
  | 'bad_request'
  | 'missing_idempotency_key'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'idempotency_key_reused'
  | 'too_large'
  | 'invalid_action'
  | 'unknown_item'
  | 'invalid_event'
  | 'forbidden_origin'
  | 'unsupported_media_type'
  | 'internal';

/** A failure with a protocol status and code; thrown by handlers, turned into a JSON answer by the router. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProtocolErrorCode | string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/**
 * Read the whole body as UTF-8, refusing more than `maxBytes` (413 too_large). The rest of an oversized body is
 * not read: the answer is sent and the connection closed, so a client cannot make us buffer without bound.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, 'too_large', `request body is ${declared} bytes; the limit is ${maxBytes}`, { connection: 'close' }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(new HttpError(413, 'too_large', `request body is over the limit of ${maxBytes} bytes`, { connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(new HttpError(400, 'bad_request', `could not read the request body: ${err.message}`));
      failed = true;
    });
  });
}

/** Read and parse a JSON body (400 bad_json when unreadable). */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') throw new HttpError(400, 'bad_json', 'request body is empty; expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'bad_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

const CURSOR_RE = /^\d{1,15}$/;

/** Parse a cursor (a decimal event id, "0" = the beginning). Returns null for an absent or empty value. */
export function parseCursor(value: string | null | undefined, name: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (!CURSOR_RE.test(value)) throw new HttpError(400, 'bad_request', `${name} must be a decimal event id, got ${JSON.stringify(value.slice(0, 40))}`);
  return Number(value);
}

/** Parse an optional integer query parameter within [min, max]. */
export function parseIntParam(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new HttpError(400, 'bad_request', `${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

/** Parse an optional number of seconds within [min, max]; fractions allowed ("0.5"). */
export function parseSecondsParam(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null || value === '') return fallback;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new HttpError(400, 'bad_request', `${name} must be a number of seconds from ${min} to ${max}`);
  return n;
}

/** Compare a presented bearer token with the expected one in constant time (hashing first equalises lengths). */
export function tokenMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const presented = match?.[1]?.trim() ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/** Long-lived answers (SSE, long-poll) must not be cut by Node's socket timeouts or delayed by Nagle. */
export function keepSocketOpen(req: IncomingMessage): void {
  req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
  req.socket.setKeepAlive(true);
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Herald's clients are programs, not web pages. A browser, though, lets any page it shows send requests to
 * 127.0.0.1: a `text/plain` POST needs no CORS preflight, so without these checks any web page could publish
 * (priority 5, with links) to a local server. Refused here:
 * - a request with an Origin other than the server's own (browsers send Origin on every cross-origin request and
 *   on every POST; Node's fetch, curl and the CLI send none);
 * - a POST whose body is not declared `application/json` (forcing JSON forces a preflight, which we never grant);
 * - on a loopback server, a Host that is not a loopback name (DNS rebinding: evil.example resolving to 127.0.0.1).
 */
export function refuseBrowserRequests(req: IncomingMessage, method: string, server: { ownOrigin: string; loopback: boolean }): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== server.ownOrigin) {
    throw new HttpError(403, 'forbidden_origin', 'requests from web pages are not accepted');
  }
  if (server.loopback) {
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (!isLoopbackHost(hostHeader)) throw new HttpError(403, 'forbidden_origin', 'this server only answers requests addressed to this computer');
  }
  if (method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'POST bodies must be sent as application/json');
  }
}
