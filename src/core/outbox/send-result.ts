/**
 * What one send attempt means for an outbox entry — pure, so the rules sit in one table:
 * - 2xx: acknowledged (the server applied it, or replayed its first answer for a key it already had).
 * - transient — the network (a thrown fetch, status 0), 408, 425, 429 (honouring Retry-After), 5xx: try again later
 *   with exponential backoff, full jitter and a cap (src/core/connection/backoff.ts `nextDelay`), never giving up on its own.
 * - permanent — every other answer (400, 401, 403, 404, 409 key reused, 413, 422 …): the same request will fail the
 *   same way, so it goes to the failed list with the server's reason, for the user to retry or discard.
 */
import type { ErrorInfo } from '../../shared/connection-state';
import { errorCodeOfStatus, isTransientStatus } from '../../shared/http-status';
import { protocolErrorText } from '../../shared/protocol-error';
import { MAX_RETRY_AFTER_MS, nextDelay } from '../connection/backoff';
import type { ActionResponse, ActionResult } from '../source';

export type SendOutcome =
  | { kind: 'ack'; result: ActionResult }
  | { kind: 'retry'; error: ErrorInfo; retryAfterMs?: number }
  | { kind: 'fail'; error: ErrorInfo };

export function classifyResponse(response: ActionResponse): SendOutcome {
  if (response.ok && response.status >= 200 && response.status < 300) {
    return { kind: 'ack', result: response.result ?? {} };
  }
  const status = response.status;
  const reason = serverReason(response.body);
  const message = status === 0 ? (reason ?? 'could not reach the server') : reason ? `HTTP ${status}: ${reason}` : `HTTP ${status}`;
  if (status === 0) return { kind: 'retry', error: { code: 'network', message } };
  const code = errorCodeOfStatus(status);
  if (isTransientStatus(status)) {
    const out: SendOutcome = { kind: 'retry', error: { code, message, status } };
    if (response.retryAfter !== undefined && Number.isFinite(response.retryAfter) && response.retryAfter >= 0) {
      out.retryAfterMs = response.retryAfter * 1000;
    }
    return out;
  }
  return { kind: 'fail', error: { code, message, status } };
}

/**
 * A thrown send: the network or our own timeout, retried. A thrown error may carry its own ErrorInfo and verdict
 * (the sources' SourceError: `{ info, retry }`); `retry: false` means retrying cannot help.
 */
export function classifyThrown(err: unknown): SendOutcome {
  const e = err as { info?: unknown; retry?: unknown; message?: unknown } | null;
  const info = e && typeof e.info === 'object' && e.info !== null ? (e.info as Partial<ErrorInfo>) : undefined;
  const error: ErrorInfo =
    info && typeof info.code === 'string' && typeof info.message === 'string'
      ? { ...(info as ErrorInfo) }
      : { code: 'network', message: err instanceof Error ? err.message : String(err) };
  return e?.retry === false ? { kind: 'fail', error } : { kind: 'retry', error };
}


/** The protocol's `{ error: { code, message } }` as "code: message", bounded for the UI. */
export function serverReason(body: unknown): string | undefined {
  return protocolErrorText(body, 500);
}

export interface RetryDelayOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_DELAY: RetryDelayOptions = { baseMs: 1000, capMs: 60_000 };

/**
 * Wait before attempt `attempts + 1`, after `attempts` failed ones (1 = the first failure). Full jitter under the cap;
 * a Retry-After is a floor — the server knows its own load — and may exceed the jitter cap, up to MAX_RETRY_AFTER_MS (the
 * same cap as reconnecting: src/core/connection/backoff.ts).
 */
export function retryDelay(attempts: number, random: () => number, retryAfterMs: number | undefined, options: RetryDelayOptions = DEFAULT_RETRY_DELAY): number {
  const jitter = nextDelay(Math.max(0, attempts - 1), random, { baseMs: options.baseMs, capMs: options.capMs });
  if (retryAfterMs === undefined) return jitter;
  return Math.max(jitter, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
