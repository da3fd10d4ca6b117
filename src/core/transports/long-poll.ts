/**
 * Long-poll transport: ask "anything after my cursor?", the server holds the request until there is (or its timeout
 * passes), report the batch, ask again at once. Mechanism only; the supervisor owns retries.
 *
 * Reuse seams: `buildRequest` / `parse` / `idleStatuses` (see exchange.ts) carry everything server-specific, so the
 * Herald, Nchan and ntfy sources share this loop. `requestTimeoutMs` must exceed the server's own wait (server timeout
 * plus a margin): a request that outlives it is a dead link (a stalled server, a half-open socket).
 */
import type { Clock } from '../base/clock';
import type { Logger } from '../base/log';
import type { Transport, TransportSink } from '../source';
import { exchangeOnce, reportResult, sleep, type ExchangeHooks } from './exchange';
import { isAbortError, outcomeOf, toSourceError } from './http';

export interface LongPollTransportOptions extends ExchangeHooks {
  fetch: typeof fetch;
  clock: Clock;
  cursor: string | null;
  sink: TransportSink;
  /** Client-side limit for one request: the server's wait plus a margin. */
  requestTimeoutMs: number;
  /**
   * An empty answer that comes back sooner than this after its request waits out the rest before asking again:
   * a server (or proxy) that ignores the wait must not make us spin. Default 1000.
   */
  minEmptyIntervalMs?: number;
  logger?: Logger;
}

export function createLongPollTransport(options: LongPollTransportOptions): Transport {
  const { sink, clock } = options;
  const controller = new AbortController();
  let closed = false;
  let opened = false;
  let cursor = options.cursor;
  let etag: string | null = null;
  const minEmpty = options.minEmptyIntervalMs ?? 1000;

  const loop = async (): Promise<void> => {
    // Bounded: every turn awaits the network or a wait, and ends when the transport closes or fails.
    while (!closed) {
      const started = clock.now();
      let outcome;
      try {
        outcome = await exchangeOnce(options, options, { cursor, etag }, controller.signal, options.requestTimeoutMs);
      } catch (err) {
        if (closed || isAbortError(err)) return;
        const e = toSourceError(err);
        closed = true;
        options.logger?.debug('long-poll failed', { code: e.info.code, message: e.info.message });
        sink.closed(e.info, outcomeOf(e));
        return;
      }
      if (closed) return;
      if (!opened) {
        opened = true;
        sink.open();
      }
      sink.activity();
      etag = outcome.etag;
      let empty = true;
      if (!outcome.idle) {
        const { result } = outcome;
        reportResult(sink, result, cursor);
        if (closed) return;
        // The first answer without a cursor is the "start from now" handshake: ask again at once, or live
        // events would wait out the spin guard.
        const handshake = cursor === null && result.cursor !== null;
        if (result.cursor !== null) cursor = result.cursor;
        empty = result.events.length === 0 && !result.hasMore && !handshake;
      }
      if (empty) await sleep(clock, minEmpty - (clock.now() - started), controller.signal);
    }
  };
  // Start on a later tick: a sink must never be called before connect() has returned.
  queueMicrotask(() => void loop());

  return {
    kind: 'longpoll',
    close: () => {
      closed = true;
      controller.abort();
    },
  };
}
