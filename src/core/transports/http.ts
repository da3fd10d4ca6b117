/**
 * HTTP helpers shared by every transport and source: one request with a client-side timeout on the injected Clock,
 * one table from HTTP status to ErrorInfo (and whether retrying can help), bounded body reads, Retry-After.
 * Sources for other servers (Nchan, ntfy) use the same table so a 401 means the same thing everywhere.
 */
import { isRefusedCredential, type ErrorInfo } from '../../shared/connection-state';
import type { Clock } from '../base/clock';
import { errorCodeOfStatus } from '../../shared/http-status';
import { protocolErrorOf } from '../../shared/protocol-error';
import { cutText, publisherText } from '../../shared/publisher-text';
import { CodedError } from '../base/coded-error';
import type { LinkOutcome } from '../source';

/**
 * A failure with its user-facing code, and whether trying again can help. Thrown by sources' request helpers.
 * A CodedError like every other coded failure, so its code (and status) survive the trip to the window.
 */
export class SourceError extends CodedError {
  readonly info: ErrorInfo;
  readonly retry: boolean;
  constructor(info: ErrorInfo, retry: boolean) {
    super(info.code, info.message);
    this.info = info;
    this.retry = retry;
  }

  override toInfo(): ErrorInfo {
    return { ...this.info };
  }
}

/** A failure's LinkOutcome (src/core/source.ts). */
export type { LinkOutcome };

export function outcomeOf(e: SourceError): LinkOutcome {
  return e.retry ? 'retry' : 'fail';
}

/**
 * What a failed HTTP answer means: its code from the one table (src/shared/http-status.ts). `retry: false`: the
 * same request will fail the same way (auth, forbidden, not found, gone).
 */
export function classifyStatus(status: number, detail?: string): { error: ErrorInfo; retry: boolean } {
  const message = detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`;
  const code = errorCodeOfStatus(status);
  const retry = !(isRefusedCredential({ code }) || code === 'not_found' || code === 'gone');
  return { error: { code, message, status }, retry };
}

/**
 * fetch refuses to build a request whose header holds CR, LF, NUL or a non-Latin-1 character, and its error quotes
 * the whole header value — the token. Such errors get fixed wording: a secret must never reach a log or the UI.
 */
export const BAD_HEADER_MESSAGE = 'a saved token or password has characters that cannot be sent: enter it again';

export function isHeaderError(err: unknown): boolean {
  return err instanceof TypeError && /header|ByteString/i.test(err.message);
}

/** A thrown fetch error as ErrorInfo: our own timeout, or the network (refused, reset, DNS). */
export function networkError(err: unknown, timedOut: boolean): ErrorInfo {
  if (timedOut) return { code: 'timeout', message: 'no answer in time' };
  if (err instanceof SourceError) return err.info;
  if (isHeaderError(err)) return { code: 'invalid_input', message: BAD_HEADER_MESSAGE };
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  const info: ErrorInfo = { code: 'network', message: `${err instanceof Error ? err.message : String(err)}${cause}` };
  if (isRefused(err)) info.refused = true;
  return info;
}

/** ECONNREFUSED anywhere in the cause chain (undici wraps it in "fetch failed"). */
function isRefused(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

/**
 * Any error as a SourceError: SourceErrors keep theirs; everything else is a network failure, retryable unless it is
 * a header fetch refuses to send (the same request would be refused again).
 */
export function toSourceError(err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  const info = networkError(err, false);
  return new SourceError(info, info.code !== 'invalid_input');
}

export interface TimedFetchOptions {
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  /** The caller's own abort (transport closed, supervisor stopped). */
  signal?: AbortSignal;
}

/**
 * fetch with a client-side timeout measured on the Clock. Throws SourceError(timeout | network); an abort by the
 * caller rethrows the AbortError unchanged so callers can tell "I cancelled" from "it failed".
 * The timeout covers the response headers AND the body read done by `read` (a stalled body is a stall too).
 */
export async function timedFetch<T>(
  url: string,
  init: RequestInit,
  options: TimedFetchOptions,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw abortError();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = options.clock.setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, { ...init, signal: controller.signal });
    return await read(response);
  } catch (err) {
    if (options.signal?.aborted) throw abortError();
    if (err instanceof SourceError) throw err;
    throw timedOut ? new SourceError(networkError(err, true), true) : toSourceError(err);
  } finally {
    options.clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

export function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * An answer larger than Herald reads. A batch answer (a poll, a history page) can be that large while every event in
 * it is within the event limit (500 events of up to 256 KiB): the reader then asks for fewer events at a time.
 */
export class AnswerTooLargeError extends SourceError {
  constructor(maxBytes: number) {
    super({ code: 'bad_response', message: `response larger than ${maxBytes} bytes` }, true);
  }
}

/** Read at most `maxBytes` of a body as text; more is an error (a hostile or broken server must not eat memory). */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const text = await readTextUpTo(response, maxBytes);
  if (text === null) throw new AnswerTooLargeError(maxBytes);
  return text;
}

/** The body as text, or null (and the rest left unread) when it is larger than `maxBytes`. */
export async function readTextUpTo(response: Response, maxBytes: number): Promise<string | null> {
  const bytes = await readBytesUpTo(response, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * The body's bytes, or null (and the rest left unread) when it is larger than `maxBytes`: the one bounded read for
 * every answer Herald takes from a server (sources here, remote images in the shell). Counted as it arrives, so no
 * more than `maxBytes` plus one chunk is ever held.
 */
export async function readBytesUpTo(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
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

/** Parse a JSON body (bounded). Bad JSON is a bad_response, never a crash. */
export async function readJson(response: Response, maxBytes: number): Promise<unknown> {
  const text = await readTextCapped(response, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SourceError({ code: 'bad_response', message: `response is not JSON (HTTP ${response.status})`, status: response.status }, true);
  }
}

/** JSON.parse that answers undefined instead of throwing (for bodies we only peek into). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's own error message from `{ error: { code, message } }`, when there is one. */
export function errorDetail(body: unknown): string | undefined {
  const message = protocolErrorOf(body)?.message;
  return message === undefined ? undefined : cutText(message, 300);
}

/** Throw the classified SourceError for a non-2xx answer, with the server's message when it sent JSON. */
export async function failFromResponse(response: Response): Promise<never> {
  let detail: string | undefined;
  try {
    const text = await readTextCapped(response, 16 * 1024);
    try {
      detail = errorDetail(JSON.parse(text));
    } catch {
      detail = cutText(publisherText(text.trim(), 'detail'), 200) || undefined;
    }
  } catch {
    // The body is a courtesy; the status says enough.
  }
  const { error, retry } = classifyStatus(response.status, detail);
  // [RFC 9110 §10.2.3] 429 and 503 may say when to come back; a struggling server is obeyed.
  const after = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  if (after !== undefined && (response.status === 429 || response.status === 503)) error.retryAfterMs = after * 1000;
  throw new SourceError(error, retry);
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
