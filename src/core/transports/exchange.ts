/**
 * One request/response step shared by the long-poll and the interval-poll transports: build the request from the
 * cursor, fetch with a client-side timeout, treat 304 (and source-specific idle statuses) as "nothing new", classify
 * errors, and let the source parse a good answer into events + next cursor.
 *
 * Reuse seams: a source supplies `buildRequest({ cursor, etag })` and `parse(response, cursor)`; Nchan adds
 * `idleStatuses: [408]` (its subscriber timeout) and carries Last-Modified/Etag in its cursor.
 */
import type { HeraldEvent } from '../../shared/events';
import type { Clock } from '../base/clock';
import type { GapInfo, LossInfo, TransportSink } from '../source';
import { failFromResponse, SourceError, timedFetch } from './http';

export interface ExchangeResult {
  /** Validated events, oldest first. */
  events: HeraldEvent[];
  /** Cursor after these events (null: unchanged). */
  cursor: string | null;
  gap?: GapInfo;
  /** One reason per skipped item. */
  malformed?: string[];
  /** Items skipped for good (too large to take): the user is told. */
  lost?: LossInfo[];
  /** The server holds more right now: ask again without waiting. */
  hasMore?: boolean;
}

export interface RequestSpec {
  url: string;
  headers?: Record<string, string>;
}

export interface ExchangeHooks {
  buildRequest(state: { cursor: string | null; etag: string | null }): RequestSpec;
  /** Parse a 2xx answer. Throw SourceError for an answer that makes no sense. */
  parse(response: Response, cursor: string | null): Promise<ExchangeResult>;
  /** Statuses meaning "nothing new" besides 304. */
  idleStatuses?: readonly number[];
}

export type ExchangeOutcome = { idle: true; etag: string | null } | { idle: false; result: ExchangeResult; etag: string | null };

export async function exchangeOnce(
  deps: { fetch: typeof fetch; clock: Clock },
  hooks: ExchangeHooks,
  state: { cursor: string | null; etag: string | null },
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ExchangeOutcome> {
  const request = hooks.buildRequest(state);
  const init: RequestInit = request.headers ? { headers: request.headers } : {};
  return timedFetch(request.url, init, { fetch: deps.fetch, clock: deps.clock, timeoutMs, signal }, async (response) => {
    const etag = response.headers.get('etag');
    if (response.status === 304 || hooks.idleStatuses?.includes(response.status)) {
      await response.body?.cancel().catch(() => {});
      return { idle: true, etag: etag ?? state.etag };
    }
    if (!response.ok) return failFromResponse(response);
    let result: ExchangeResult;
    try {
      result = await hooks.parse(response, state.cursor);
    } catch (err) {
      // A parser's own failure means the answer made no sense, not that the network broke.
      if (err instanceof SourceError) throw err;
      throw new SourceError({ code: 'bad_response', message: `unreadable answer: ${err instanceof Error ? err.message : String(err)}` }, true);
    }
    return { idle: false, result, etag };
  });
}

/** Report one answer in the order the supervisor needs: skipped items (and their loss), then the gap, then the events. */
export function reportResult(sink: TransportSink, result: ExchangeResult, previousCursor: string | null): void {
  for (const reason of result.malformed ?? []) sink.malformed(reason);
  for (const info of result.lost ?? []) sink.lost(info);
  if (result.gap) sink.gap(result.gap);
  if (result.events.length > 0 || (result.cursor !== null && result.cursor !== previousCursor)) sink.events(result.events, result.cursor);
}

/** A wait on the Clock that a closing transport can cut short. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
