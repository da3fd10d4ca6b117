/**
 * GET /events — the Server-Sent Events stream (docs/PROTOCOL.md "GET /events").
 * Order on connect: `retry:`, `hello`, then either a `gap` (no id: it must not move the client's cursor) or the
 * events after the resume cursor from the ring buffer, then live events as they are accepted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeraldEvent } from '../shared/events';
import type { Logger } from '../core/base/log';
import type { EventLog } from './event-log';
import { keepSocketOpen, parseCursor, sendError } from './http-util';

export type SseFault = 'ok' | '404' | 'buffer' | 'stall';

export interface SseOptions {
  log: EventLog;
  /** Bring `log` up to the shared head (Redis store), or null when it is the log itself. */
  refresh: () => Promise<void> | null;
  retryMs: number;
  keepaliveMs: number;
  /** The current test-hook fault (always 'ok' without test hooks). */
  fault: () => SseFault;
  logger: Logger;
}

/** A subscriber that lets this much pile up unread is too slow to keep: drop it, it will resume by cursor. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

interface Stream {
  res: ServerResponse;
  /** Silent on purpose (test hooks `buffer`/`stall`): nothing more is written, ever, on this connection. */
  frozen: boolean;
  keepalive: NodeJS.Timeout | null;
  /** The newest id this stream has accounted for (sent, or covered by its hello or gap). */
  last: number;
}

export function eventFrame(event: HeraldEvent): string {
  // JSON.stringify escapes every control character, so the envelope is always one `data:` line.
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class SseHub {
  readonly #opts: SseOptions;
  readonly #streams = new Set<Stream>();

  constructor(opts: SseOptions) {
    this.#opts = opts;
  }

  get size(): number {
    return this.#streams.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fault = this.#opts.fault();
    if (fault === '404') {
      sendError(res, 404, 'not_found', 'the event stream is switched off (test hook sse=404)');
      return;
    }
    // [spec] the Last-Event-ID header is what a reconnecting EventSource sends; it wins over the query parameter.
    const header = req.headers['last-event-id'];
    const raw = typeof header === 'string' && header !== '' ? header : url.searchParams.get('lastEventId');
    const cursor = parseCursor(raw, 'Last-Event-ID');
    // A cursor ahead of this node's copy may come from another node that is a few events ahead: look before
    // calling it a reset. (The file store is the log itself: nothing to wait for, the answer stays synchronous.)
    if (cursor !== null && cursor > this.#opts.log.head) {
      const refreshed = this.#opts.refresh();
      if (refreshed) await refreshed;
      if (res.destroyed) return;
    }

    keepSocketOpen(req);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Ask nginx-like proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();

    const stream: Stream = { res, frozen: fault === 'buffer', keepalive: null, last: this.#opts.log.head };
    this.#streams.add(stream);
    // The response's 'close' fires however the connection ends (client gone, server close).
    res.on('close', () => this.#drop(stream));
    res.on('error', () => this.#drop(stream));
    if (stream.frozen) return;

    const { log, retryMs, keepaliveMs } = this.#opts;
    let out = `retry: ${retryMs}\n\n`;
    out += `event: hello\ndata: ${JSON.stringify({ serverId: log.serverId, cursor: String(log.head), keepaliveMs })}\n\n`;
    if (fault === 'stall') {
      this.#write(stream, out);
      stream.frozen = true;
      return;
    }
    if (cursor !== null) {
      const gap = log.gapFor(cursor);
      if (gap) {
        out += `event: gap\ndata: ${JSON.stringify(gap)}\n\n`;
      } else {
        for (const event of log.after(cursor, Number.MAX_SAFE_INTEGER).events) out += eventFrame(event);
      }
    }
    this.#write(stream, out);
    // Keepalive only when idle: every write pushes the next one back (see #write).
    stream.keepalive = setInterval(() => this.#write(stream, `: keepalive ${new Date().toISOString()}\n\n`), keepaliveMs);
  }

  /**
   * Deliver one accepted event to every live subscriber, at once. A stream only ever gets the id after the last one
   * it had: a node on Redis that fell further behind than Redis keeps jumps past events it never saw, and then its
   * streams end instead, so each client reconnects with its cursor and is told of the gap.
   */
  broadcast(event: HeraldEvent): void {
    if (this.#streams.size === 0) return;
    const id = Number(event.id);
    const frame = eventFrame(event);
    for (const s of [...this.#streams]) {
      if (id <= s.last) continue;
      if (id !== s.last + 1) {
        this.#drop(s);
        s.res.end();
        continue;
      }
      s.last = id;
      this.#write(s, frame);
    }
  }

  /** Test hooks `stall`/`buffer`: open streams go silent too (and stay silent: no silent loss after "ok"). */
  freezeAll(): void {
    for (const s of this.#streams) {
      s.frozen = true;
      if (s.keepalive) clearInterval(s.keepalive);
      s.keepalive = null;
    }
  }

  /** End every stream now (server close). */
  closeAll(): void {
    for (const s of [...this.#streams]) {
      this.#drop(s);
      // A clean end of the chunked body: the client sees the stream close, not a reset.
      s.res.end();
    }
  }

  #write(s: Stream, text: string): void {
    if (s.frozen || s.res.destroyed) return;
    if (s.res.writableLength > MAX_PENDING_BYTES) {
      this.#opts.logger.warn('dropping a slow SSE subscriber', { pending: s.res.writableLength });
      this.#drop(s);
      s.res.destroy();
      return;
    }
    s.res.write(text);
    s.keepalive?.refresh();
  }

  #drop(s: Stream): void {
    if (s.keepalive) clearInterval(s.keepalive);
    s.keepalive = null;
    this.#streams.delete(s);
  }
}
