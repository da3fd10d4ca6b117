/**
 * GET /poll — polling (timeout=0) and long-polling (timeout>0) on one endpoint (docs/PROTOCOL.md "GET /poll").
 * Every pending event comes in one batch; an empty conditional answer is a 304 (where the browser prototype Herald
 * grew from answered "hasNew: false").
 * A waiting long-poll is released by the next accepted event, by its timeout, or by server close.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventLog } from './event-log';
import { ANSWER_MAX_EVENTS } from '../shared/stream-limits';
import { keepSocketOpen, parseCursor, parseIntParam, parseSecondsParam, sendError, sendJson } from './http-util';

export type PollFault = 'ok' | 'stall' | '500';

export interface PollOptions {
  log: EventLog;
  /** Bring `log` up to the shared head (Redis store), or null when it is the log itself. */
  refresh: () => Promise<void> | null;
  fault: () => PollFault;
}

const MAX_TIMEOUT_S = 120;

interface Waiter {
  /** Answer now if there is something to say; true when answered. */
  check(): boolean;
  /** Answer with what there is (timeout or close). */
  finish(): void;
}

/** The head qualified by the server's identity: a restarted server with the same head is not "not modified". */
export function etagOf(serverId: string, head: number): string {
  return `"${serverId}:${head}"`;
}

/** [RFC 9110 §13.1.2] If-None-Match is a list of (possibly weak) entity tags, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export class PollHub {
  readonly #opts: PollOptions;
  readonly #waiters = new Set<Waiter>();
  readonly #stalled = new Set<ServerResponse>();

  constructor(opts: PollOptions) {
    this.#opts = opts;
  }

  /** Long-polls waiting right now (and stalled ones). */
  get size(): number {
    return this.#waiters.size + this.#stalled.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fault = this.#opts.fault();
    if (fault === '500') {
      sendError(res, 500, 'internal', 'poll is failing on purpose (test hook poll=500)');
      return;
    }
    if (fault === 'stall') {
      // Never answer; the socket stays open until the client gives up or the server closes.
      keepSocketOpen(req);
      this.#stalled.add(res);
      res.on('close', () => this.#stalled.delete(res));
      return;
    }
    const params = url.searchParams;
    const cursor = parseCursor(params.get('cursor'), 'cursor');
    const timeoutS = parseSecondsParam(params.get('timeout'), 'timeout', 0, MAX_TIMEOUT_S, 0);
    const limit = parseIntParam(params.get('limit'), 'limit', 1, ANSWER_MAX_EVENTS, ANSWER_MAX_EVENTS);
    const { log } = this.#opts;
    // A cursor ahead of this node's copy may come from a node a few events ahead: look before calling it a reset.
    if (cursor !== null && cursor > log.head) {
      const refreshed = this.#opts.refresh();
      if (refreshed) await refreshed;
      if (res.destroyed) return;
    }

    if (cursor === null) {
      // Start from now: the head is the cursor to come back with.
      this.#answerEmpty(req, res);
      return;
    }
    const tryAnswer = (): boolean => {
      // Checked on every wake, not only on arrival: a node on Redis that fell further behind than Redis keeps jumps
      // past what it never saw, and a waiting cursor must be told of that gap, not handed the next events as if
      // they followed it.
      const gap = log.gapFor(cursor);
      if (gap) {
        sendJson(res, 200, { events: [], cursor: String(log.head), hasMore: false, gap, serverId: log.serverId }, { etag: etagOf(log.serverId, log.head) });
        return true;
      }
      const { events, hasMore } = log.after(cursor, limit);
      if (events.length === 0) return false;
      sendJson(res, 200, { events, cursor: events[events.length - 1]!.id, hasMore, serverId: log.serverId }, { etag: etagOf(log.serverId, log.head) });
      return true;
    };
    if (tryAnswer()) return;
    if (timeoutS === 0) {
      this.#answerEmpty(req, res);
      return;
    }

    keepSocketOpen(req);
    let timer: NodeJS.Timeout | null = null;
    const waiter: Waiter = {
      check: () => {
        if (res.destroyed) return true;
        if (!tryAnswer()) return false;
        done();
        return true;
      },
      finish: () => {
        done();
        this.#answerEmpty(req, res);
      },
    };
    const done = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      this.#waiters.delete(waiter);
    };
    this.#waiters.add(waiter);
    timer = setTimeout(() => waiter.finish(), timeoutS * 1000);
    // The client gave up (abort, dropped link): forget the waiter so nothing writes to a dead socket.
    res.on('close', done);
  }

  /** An event was accepted: release every long-poll that now has something. */
  wake(): void {
    for (const w of [...this.#waiters]) if (w.check()) this.#waiters.delete(w);
  }

  /** Server close: answer every waiting long-poll (empty) and end stalled ones. */
  closeAll(): void {
    for (const w of [...this.#waiters]) w.finish();
    for (const res of [...this.#stalled]) res.destroy();
    this.#stalled.clear();
  }

  #answerEmpty(req: IncomingMessage, res: ServerResponse): void {
    const { head, serverId } = this.#opts.log;
    const etag = etagOf(serverId, head);
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(304, { etag, 'cache-control': 'no-store' });
        res.end();
      }
      return;
    }
    sendJson(res, 200, { events: [], cursor: String(head), hasMore: false, serverId }, { etag });
  }
}
