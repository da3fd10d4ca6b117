/**
 * Server-Sent Events transport over the `eventsource` package (mechanism only: connect, parse, report).
 *
 * Reuse seams (Herald, Nchan, ntfy): the caller gives the URL, extra headers (auth), the cursor to send as
 * Last-Event-ID on the first connect, the named event types to listen for, and `onMessage(type, data, id)` — its own
 * parser, which turns a message into sink.events / sink.gap / sink.malformed. The transport itself reports open,
 * activity (every chunk, so keepalive comments feed the heartbeat watchdog), retry hints, and closed.
 *
 * Who retries: the supervisor, never eventsource. eventsource reconnects by itself after network errors and stream
 * ends — forever, at a fixed interval, with no backoff or cap. So it must never see those failures: our fetch
 * wrapper reports them to the sink itself and hands eventsource a promise that never settles (the instance is closed
 * and dropped at once). eventsource is left with what it is good at: [spec] SSE parsing and event dispatch.
 */
import { EventSource, type FetchLike, type FetchLikeResponse } from 'eventsource';
import type { ErrorInfo } from '../../shared/connection-state';
import type { Logger } from '../log';
import type { Transport, TransportSink } from '../source';
import { BAD_HEADER_MESSAGE, failFromResponse, isHeaderError, networkError, toSourceError } from './http';

export interface SseTransportOptions {
  url: string;
  fetch: typeof fetch;
  /** Extra request headers (Authorization). */
  headers?: Record<string, string>;
  /** Sent as `Last-Event-ID` on the first request (eventsource only sends ids it has seen itself). */
  lastEventId?: string | null;
  /** Named events to listen for (`event: <name>`); unnamed events always arrive as 'message'. */
  eventTypes: readonly string[];
  /** The source's parser. Exceptions count as malformed; the stream lives on. */
  onMessage: (type: string, data: string, id: string) => void;
  sink: TransportSink;
  logger?: Logger;
}

const NEVER = new Promise<never>(() => {});

export function createSseTransport(options: SseTransportOptions): Transport {
  const { sink } = options;
  const known = new Set(['message', ...options.eventTypes]);
  let closed = false;
  let firstRequest = true;
  const scan = createFieldScanner({
    onRetry: (ms) => !closed && sink.retryHint(ms),
    onEventName: (name) => {
      // Unknown `event:` names are reported as malformed: they would otherwise vanish silently.
      if (!closed && !known.has(name)) sink.malformed(`unknown event type "${name.slice(0, 60)}"`);
    },
  });

  const finish = (error: ErrorInfo, retry: boolean): void => {
    if (closed) return;
    closed = true;
    es.close();
    options.logger?.debug('sse closed', { code: error.code, message: error.message });
    sink.closed(error, retry);
  };

  const wrappedFetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = { ...init.headers, ...options.headers };
    if (firstRequest && options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
    firstRequest = false;
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, headers } as RequestInit);
    } catch (err) {
      if (!closed) {
        if (isHeaderError(err)) finish({ code: 'invalid_input', message: BAD_HEADER_MESSAGE }, false);
        else finish(networkError(err, false), true);
      }
      return NEVER;
    }
    if (closed) return NEVER;
    if (response.status !== 200) {
      const e = toSourceError(await failFromResponse(response).catch((err: unknown) => err));
      finish(e.info, e.retry);
      return NEVER;
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => {});
      finish({ code: 'bad_response', message: `expected text/event-stream, got "${type.slice(0, 60)}"`, status: 200 }, true);
      return NEVER;
    }
    return wrapResponse(response);
  };

  /** Every chunk is a sign of life; the stream's end and read errors are ours to report, not eventsource's. */
  const wrapResponse = (response: Response): FetchLikeResponse => {
    const body = response.body;
    return {
      url: response.url,
      status: response.status,
      redirected: response.redirected,
      headers: response.headers,
      body: body && {
        getReader() {
          const reader = body.getReader();
          return {
            read: async () => {
              let chunk: Awaited<ReturnType<typeof reader.read>>;
              try {
                chunk = await reader.read();
              } catch (err) {
                if (!closed) finish({ code: 'network', message: `stream broke: ${err instanceof Error ? flatten(err) : String(err)}` }, true);
                return NEVER;
              }
              if (closed) return NEVER;
              if (chunk.done) {
                finish({ code: 'network', message: 'the server closed the stream' }, true);
                return NEVER;
              }
              sink.activity();
              scan(chunk.value);
              return chunk;
            },
            cancel: () => reader.cancel(),
          };
        },
      },
    };
  };

  const es = new EventSource(options.url, { fetch: wrappedFetch });
  es.addEventListener('open', () => {
    if (!closed) sink.open();
  });
  for (const type of known) {
    es.addEventListener(type, (ev: MessageEvent) => {
      if (closed) return;
      try {
        options.onMessage(type, typeof ev.data === 'string' ? ev.data : String(ev.data), ev.lastEventId);
      } catch (err) {
        sink.malformed(`could not handle "${type}" event: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  // Safety net: anything eventsource still fails on by itself (e.g. a body that is not a stream).
  es.addEventListener('error', (ev) => {
    if (!closed) finish({ code: 'bad_response', message: (ev as { message?: string }).message ?? 'event stream failed' }, true);
  });

  return {
    kind: 'sse',
    close: () => {
      closed = true;
      es.close();
    },
  };
}

function flatten(err: Error): string {
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/**
 * Watches the raw stream for the two fields eventsource does not expose: `retry:` (the server's reconnect hint) and
 * `event:` names (to count unknown types). [spec] Lines end in CRLF, LF or CR; a field is `name: value` with one
 * optional space; `retry` is honoured only when its value is all ASCII digits.
 * Only short line starts are buffered across chunks; a long line (a big data field) is skipped to its end.
 */
export function createFieldScanner(handlers: { onRetry: (ms: number) => void; onEventName: (name: string) => void }): (chunk: Uint8Array) => void {
  const decoder = new TextDecoder();
  const MAX_KEEP = 256;
  let partial = '';
  let skipping = false;
  const line = (text: string): void => {
    if (text.startsWith('retry:')) {
      const value = text.slice(6).replace(/^ /, '');
      if (/^\d+$/.test(value)) handlers.onRetry(Number(value));
    } else if (text.startsWith('event:')) {
      handlers.onEventName(text.slice(6).replace(/^ /, ''));
    }
  };
  return (chunk) => {
    const text = decoder.decode(chunk, { stream: true });
    const parts = (partial + text).split(/\r\n|\r|\n/);
    const last = parts.pop() ?? '';
    for (let i = 0; i < parts.length; i++) {
      if (i === 0 && skipping) {
        skipping = false;
        continue;
      }
      line(parts[i] ?? '');
    }
    if (parts.length > 0) skipping = false;
    if (skipping || last.length > MAX_KEEP) {
      partial = '';
      skipping = true;
    } else {
      partial = last;
    }
  };
}
