/**
 * Server-Sent Events transport over the `eventsource` package (mechanism only: connect, parse, report).
 *
 * Reuse seams (Herald, Nchan, ntfy): the caller gives the URL, extra headers (auth), the cursor to send as
 * Last-Event-ID on the first connect, the event names it knows, and `onMessage(type, data, id)` — its own parser,
 * which turns a message into sink.events / sink.gap / sink.malformed. The transport reports open, activity (complete
 * frames — events, comments, keepalives — never bare bytes: a stream that dribbles a byte at a time without ever
 * finishing a frame is silent to the heartbeat watchdog), retry hints, and the end with its outcome.
 *
 * Every stream goes through a framing step (sse-framing.ts) before the parser: a line, and an event's data, are held
 * only up to FRAME_MAX_CHARS whatever the server sends, so memory is bounded on every source.
 *
 * The one seam into eventsource is the `fetch` it is given (its documented hook for requests). Through it the
 * transport adds the headers, accepts or refuses the answer itself, and watches the body on its way to eventsource.
 * Who retries: the supervisor, never eventsource (it would reconnect forever at a fixed interval). Every end is
 * reported after `es.close()` — eventsource's documented way to prevent any reconnection — so what eventsource sees
 * next (a rejected fetch, the body's end) finds it CLOSED and does nothing.
 *
 * The bytes are parsed once, by eventsource-parser — the parser eventsource itself is built on — because every
 * source needs fields eventsource does not expose: `retry:` (the supervisor's backoff floor), comments (Nchan says
 * how a stream ends in one), and event names nobody listens for (Herald's protocol reports them as malformed; Nchan
 * and ntfy publishers pick any name: `otherNames: 'message'`). eventsource owns the connection (its request, its
 * ready state, its close) and is handed each chunk's place, not its bytes: parsing the same text twice cost ~8% of
 * the SSE pipeline (`scripts/bench/profile-pipeline.ts`).
 */
import { EventSource, type FetchLike, type FetchLikeResponse } from 'eventsource';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ErrorInfo } from '../../shared/connection-state';
import type { Logger } from '../base/log';
import type { Transport, TransportSink } from '../source';
import { abortError, failFromResponse, outcomeOf, toSourceError, type LinkOutcome } from './http';
import { createSseFraming, type SseFraming } from './sse-framing';

export interface SseTransportOptions {
  url: string;
  fetch: typeof fetch;
  /** Extra request headers (Authorization). */
  headers?: Record<string, string>;
  /** Sent as `Last-Event-ID` on the first request (eventsource only sends ids it has seen itself). */
  lastEventId?: string | null;
  /** Named events the source knows (`event: <name>`); unnamed events always arrive as 'message'. */
  eventTypes: readonly string[];
  /**
   * An event with any other name: 'malformed' (reported and skipped: the protocol names its events) or a plain
   * 'message' (the publisher picks names: Nchan, ntfy). Default 'malformed'.
   */
  otherNames?: 'malformed' | 'message';
  /** The source's parser. Exceptions count as malformed; the stream lives on. */
  onMessage: (type: string, data: string, id: string) => void;
  /** A comment line's text (after the colon and one space): Nchan says how a stream ends in one. */
  onComment?: (text: string) => void;
  /** The server's own framing turned into the spec's before parsing (see sse-framing.ts). Default: the spec's. */
  framing?: SseFraming;
  sink: TransportSink;
  logger?: Logger;
}

export function createSseTransport(options: SseTransportOptions): Transport {
  const { sink } = options;
  const framing = options.framing ?? createSseFraming();
  /** Complete frames (events, comments, `retry:`) parsed from the chunk being read. */
  let frames = 0;
  const known = new Set(['message', ...options.eventTypes]);
  const dispatchAll = options.otherNames === 'message';
  let closed = false;
  let firstRequest = true;

  const end = (error: ErrorInfo, outcome: LinkOutcome): void => {
    if (closed) return;
    closed = true;
    es.close();
    options.logger?.debug('sse closed', { code: error.code, message: error.message, outcome });
    sink.closed(error, outcome);
  };

  const deliver = (type: string, data: string, id: string): void => {
    if (closed) return;
    try {
      options.onMessage(type, data, id);
    } catch (err) {
      sink.malformed(`could not handle "${type}" event: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const fields = createParser({
    // [spec] `retry:` counts only when its value is all ASCII digits (the parser checks).
    onRetry: (ms) => {
      frames++;
      if (!closed) sink.retryHint(ms);
    },
    onComment: (text) => {
      frames++;
      if (!closed) options.onComment?.(text);
    },
    onEvent: (event: EventSourceMessage) => {
      frames++;
      // [spec] An event whose `event:` buffer is empty is a 'message' (the parser gives no name then).
      const name = event.event ?? 'message';
      // [spec] gives an event without its own `id:` the last id seen; eventsource 4 gives '', and so do we: only an
      // event's own id is a resume point.
      if (known.has(name)) deliver(name, event.data, event.id ?? '');
      else if (dispatchAll) deliver('message', event.data, event.id ?? '');
      // Unknown names are reported: eventsource would drop them silently.
      else if (!closed) sink.malformed(`unknown event type "${name.slice(0, 60)}"`);
    },
  });

  const wrappedFetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = { ...init.headers, ...options.headers };
    if (firstRequest && options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
    firstRequest = false;
    // The logger redacts the Authorization header and any `?auth=` (src/shared/log-redact.ts).
    options.logger?.debug('sse request', { url: String(url), headers });
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, headers } as RequestInit);
    } catch (err) {
      const e = toSourceError(err);
      end(e.info, outcomeOf(e));
      throw err;
    }
    if (closed) throw abortError();
    if (response.status !== 200) {
      const e = toSourceError(await failFromResponse(response).catch((err: unknown) => err));
      end(e.info, outcomeOf(e));
      throw abortError();
    }
    const type = response.headers.get('content-type') ?? '';
    // [spec] A 200 that is not text/event-stream fails the connection.
    if (!type.startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel().catch(() => {});
      end({ code: 'bad_response', message: `expected text/event-stream, got "${type.slice(0, 60)}"`, status: 200 }, 'retry');
      throw abortError();
    }
    sink.open();
    return watch(response, response.body);
  };

  /** Every complete frame is a sign of life; the stream's end and read errors are ours to report, not eventsource's. */
  const watch = (response: Response, body: ReadableStream<Uint8Array>): FetchLikeResponse => {
    const decoder = new TextDecoder();
    return {
      url: response.url,
      status: response.status,
      redirected: response.redirected,
      headers: response.headers,
      body: {
        getReader() {
          const reader = body.getReader();
          return {
            read: async () => {
              let chunk: Awaited<ReturnType<typeof reader.read>>;
              try {
                chunk = await reader.read();
              } catch (err) {
                end({ code: 'network', message: `stream broke: ${err instanceof Error ? flatten(err) : String(err)}` }, 'retry');
                throw err;
              }
              if (chunk.done) end({ code: 'network', message: 'the server closed the stream' }, 'retry');
              if (closed) return { done: true, value: undefined };
              frames = 0;
              const framed = framing(decoder.decode(chunk.value, { stream: true }));
              if (framed !== '') fields.feed(framed);
              // Life is complete frames, counted per read: a burst of them after a silence says something held them.
              if (frames > 0 && !closed) sink.activity(frames);
              return { done: false, value: NO_BYTES };
            },
            cancel: () => reader.cancel(),
          };
        },
      },
    };
  };

  const es = new EventSource(options.url, { fetch: wrappedFetch });
  // Safety net: anything eventsource still fails on by itself.
  es.addEventListener('error', (ev) => end({ code: 'bad_response', message: (ev as { message?: string }).message ?? 'event stream failed' }, 'retry'));

  return {
    kind: 'sse',
    close: () => {
      closed = true;
      es.close();
    },
  };
}

/** What eventsource reads of a chunk: the bytes were parsed here. */
const NO_BYTES = new Uint8Array(0);

function flatten(err: Error): string {
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}
