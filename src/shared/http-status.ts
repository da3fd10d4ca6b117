/**
 * One table from a failed HTTP answer's status to the error code the window words (en + zh-CN), wherever the answer
 * is met: an action the outbox sends, a request a source makes (comments, a stream, "Test connection"). Whether to
 * try again is each caller's own rule (an action vs a reconnecting stream); what the status *means* is not.
 */
import type { ErrorCode } from './connection-state';

const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_input',
  401: 'auth',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'invalid_input', // an Idempotency-Key reused for another request (PROTOCOL.md)
  410: 'gone',
  413: 'invalid_input',
  422: 'invalid_input',
  425: 'server', // Too Early: the server asks for the request again later
  429: 'rate_limited',
};

/** The error code for a failed answer's status: the table above, `server` for 5xx and above, `http` for anything else. */
export function errorCodeOfStatus(status: number): ErrorCode {
  return BY_STATUS[status] ?? (status >= 500 ? 'server' : 'http');
}

/** Statuses that say "the same request may pass later": 408, 425, 429 and 5xx (or above). */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
