/**
 * Interval-poll transport: the SmartPolling of the browser prototype Herald grew from, over HTTP. Ask at once,
 * then again after an adaptive interval (busy feeds often, quiet ones rarely); `If-None-Match` with the last ETag
 * lets an idle server answer 304 for the cost of headers. It keeps no timer while the supervisor has it closed (the
 * app hidden): nothing polls in the dark.
 *
 * Transient errors after the first good answer only stretch the interval (the prototype's rule) — up to
 * `maxConsecutiveErrors`, then the transport reports closed and the supervisor's backoff takes over. A first-request
 * failure, or one retrying cannot fix (auth, 404), is reported at once.
 *
 * Reuse seams: `buildRequest({ cursor, etag })` / `parse` / `idleStatuses`, as in exchange.ts.
 */
import { AdaptiveInterval, type AdaptiveIntervalOptions } from '../connection/adaptive-interval';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/log';
import type { Transport, TransportSink } from '../source';
import { exchangeOnce, reportResult, sleep, type ExchangeHooks } from './exchange';
import { isAbortError, outcomeOf, toSourceError } from './http';

export interface PollTransportOptions extends ExchangeHooks {
  fetch: typeof fetch;
  clock: Clock;
  cursor: string | null;
  sink: TransportSink;
  /** Client-side limit for one request. */
  requestTimeoutMs: number;
  interval?: AdaptiveIntervalOptions;
  /** Default 3. */
  maxConsecutiveErrors?: number;
  logger?: Logger;
}

export function createPollTransport(options: PollTransportOptions): Transport {
  const { sink, clock } = options;
  const controller = new AbortController();
  const interval = new AdaptiveInterval(options.interval);
  const maxErrors = options.maxConsecutiveErrors ?? 3;
  let closed = false;
  let opened = false;
  let errors = 0;
  let cursor = options.cursor;
  let etag: string | null = null;

  const fail = (err: unknown): boolean => {
    const e = toSourceError(err);
    errors++;
    if (opened && e.retry && errors < maxErrors) {
      options.logger?.debug('poll failed, polling slower', { code: e.info.code, errors });
      interval.onError();
      return false;
    }
    closed = true;
    sink.closed(e.info, outcomeOf(e));
    return true;
  };

  const loop = async (): Promise<void> => {
    while (!closed) {
      let wait = interval.current;
      try {
        const outcome = await exchangeOnce(options, options, { cursor, etag }, controller.signal, options.requestTimeoutMs);
        if (closed) return;
        errors = 0;
        if (!opened) {
          opened = true;
          sink.open();
        }
        sink.activity();
        etag = outcome.etag;
        if (outcome.idle) {
          wait = interval.onIdle();
        } else {
          const { result } = outcome;
          reportResult(sink, result, cursor);
          if (closed) return;
          if (result.cursor !== null) cursor = result.cursor;
          // An answer with more to come but nothing new (a source walking past replays) is neither data nor idle:
          // it must not slow the polling down.
          if (result.events.length > 0) wait = interval.onData();
          else if (!result.hasMore) wait = interval.onIdle();
          if (result.hasMore) wait = 0;
        }
      } catch (err) {
        if (closed || isAbortError(err)) return;
        if (fail(err)) return;
        wait = interval.current;
      }
      await sleep(clock, wait, controller.signal);
    }
  };
  queueMicrotask(() => void loop());

  return {
    kind: 'poll',
    close: () => {
      closed = true;
      controller.abort();
    },
  };
}
