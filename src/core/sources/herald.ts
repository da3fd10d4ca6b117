/**
 * The Herald source: the reference protocol (docs/PROTOCOL.md) over three transports, best first —
 * SSE (`GET /events`), long-poll (`GET /poll?timeout=s`), interval poll (`GET /poll?timeout=0` with ETag) — plus
 * history catch-up (`GET /history?after=`), first load (`GET /history?before=`), item detail (`GET /items/:id`) and
 * actions (`POST /actions` with an Idempotency-Key). Its answers are read in herald-answers.ts, events validated in
 * ../validate-event.ts.
 */
import type { Action } from '../../shared/actions';
import type { HistoryStart } from '../../shared/history-start';
import { TRANSPORT_KINDS, type TransportKind } from '../../shared/connection-state';
import { ANSWER_MAX_EVENTS, SMALL_ANSWER_MAX_BYTES, STREAM_LIMITS } from '../../shared/stream-limits';
import { EVENT_TYPES, type HeraldEvent } from '../../shared/events';
import type { AdaptiveIntervalOptions } from '../connection/adaptive-interval';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import type { ActionResponse, CatchUpProgress, ItemDetail, LossInfo, Source, SourceActions, SourceConfig, SourceDeps, Transport, TransportSink } from '../source';
import type { ExchangeHooks } from '../transports/exchange';
import { AnswerTooLargeError, failFromResponse, parseRetryAfter, readJson, readTextCapped, timedFetch } from '../transports/http';
import { createLongPollTransport } from '../transports/long-poll';
import { createPollTransport } from '../transports/poll';
import { createBatchingSink } from '../transports/batching-sink';
import { createFailoverFetch, trimBase } from '../transports/failover-fetch';
import { createSseTransport } from '../transports/sse';
import { validateEvents } from '../validate-event';
import { authHeaders } from '../auth-headers';
import { connectAfterLookup, findStartAfter } from './herald-start';
import { parseActionResult } from './herald-action-result';
import { DEFAULT_REQUEST_TIMEOUT_MS, silenceTimeout, type SourceTuning } from './source-basics';
import { formatHeraldCursor, isOtherServer, parseHeraldCursor, serverIdOf } from './herald-cursor';
import { estimateTotal, OVERSIZED_LOSS, parseHistory, parseItemDetail, parsePollAnswer, readStreamMessage, stampServer, streamState } from './herald-answers';

/**
 * Timing knobs (tests use small ones). `keepaliveMs` is the period assumed until a `hello` tells the real one
 * (default 15 000, the server's default); `requestTimeoutMs` is also the margin added to a long-poll's wait.
 */
export interface HeraldTuning extends SourceTuning {
  /** How long the server may hold one long-poll, seconds (fractions allowed). Default 25. */
  longPollSeconds?: number;
  /** Events per history page (1-500). Default 500. */
  historyPageSize?: number;
}

export interface HeraldSourceDeps extends SourceDeps {
  clock?: Clock;
  logger?: Logger;
  herald?: HeraldTuning;
}

/** Answers carry up to 500 events; each is held to the event limit (src/shared/stream-limits.ts). */
const MAX_BATCH_BYTES = STREAM_LIMITS.herald.poll.read;
const MAX_HISTORY_BYTES = STREAM_LIMITS.herald.history.read;
const MAX_SMALL_BYTES = SMALL_ANSWER_MAX_BYTES;
/** 100 000 events of history (the server's cap) in pages of 500, with room to spare: the paging loop is bounded. */
const MAX_HISTORY_PAGES = 1000;

export function createHeraldSource(config: SourceConfig, deps: HeraldSourceDeps): Source {
  return new HeraldSource(config, deps);
}

class HeraldSource implements Source {
  readonly id: string;
  readonly kind = 'herald' as const;
  readonly label: string;
  readonly transports = TRANSPORT_KINDS;
  readonly #base: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #longPollSeconds: number;
  readonly #requestTimeoutMs: number;
  readonly #pollInterval: AdaptiveIntervalOptions | undefined;
  /**
   * Events asked for per poll answer or catch-up page. Halved (down to 1) whenever an answer is over the answer
   * limit, and kept so: events within the event limit can fill a 500-event answer past it, and asking again for as
   * many would be refused at every try.
   */
  #pageSize: number;
  #keepaliveMs: number;
  /** Where a link with no cursor starts (`since`; null: from now). */
  readonly #start: string | null;
  /** `since=<duration>`: the time (ms) whose newest older event is looked up in history before a first link opens. */
  readonly #startAgoMs: number | null;

  constructor(config: SourceConfig, deps: HeraldSourceDeps) {
    this.id = config.id;
    this.label = config.label ?? config.url;
    this.#base = trimBase(config.url);
    this.#token = config.token || undefined;
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.logger ?? silentLogger;
    // Requests are built on `url`; the failover fetch sends them to whichever address of the server answers.
    this.#fetch = createFailoverFetch([config.url, ...(config.fallbackUrls ?? [])], deps.fetch, this.#log.child('failover')).fetch;
    const tuning = deps.herald ?? {};
    this.#keepaliveMs = tuning.keepaliveMs ?? 15_000;
    this.#longPollSeconds = Math.min(120, Math.max(0.05, tuning.longPollSeconds ?? 25));
    this.#requestTimeoutMs = tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#pollInterval = tuning.pollInterval;
    this.#pageSize = Math.min(ANSWER_MAX_EVENTS, Math.max(1, tuning.historyPageSize ?? ANSWER_MAX_EVENTS));
    this.#start = heraldStartCursor(config.since);
    this.#startAgoMs = config.since?.kind === 'ago' ? this.#clock.now() - config.since.seconds * 1000 : null;
  }

  /**
   * Two keepalive periods plus a margin: one lost keepalive is tolerated, two are not. The margin scales with the
   * period (a 15 s keepalive gives 35 s) so a fast test server (0.2 s) is judged as quickly.
   */
  get silenceTimeoutMs(): number {
    return silenceTimeout(this.#keepaliveMs, 1, 5000);
  }

  connect(kind: TransportKind, saved: string | null, sink: TransportSink): Transport {
    if (saved === null && this.#startAgoMs !== null) {
      const sinceMs = this.#startAgoMs;
      return connectAfterLookup(kind, (signal) => findStartAfter((path, sig) => this.#getJson(path, sig), sinceMs, signal), (c) => this.connect(kind, c, sink), sink);
    }
    const cursor = saved ?? this.#start;
    const position = parseHeraldCursor(cursor);
    switch (kind) {
      case 'sse': {
        const stream = streamState(position);
        // A chunk's events reach the supervisor as one batch (./transports/batching-sink.ts).
        const batched = createBatchingSink(sink);
        const transport = createSseTransport({
          url: `${this.#base}/events`,
          fetch: this.#fetch,
          headers: this.#headers(),
          lastEventId: position?.id ?? null,
          eventTypes: [...EVENT_TYPES, 'gap', 'hello'],
          onMessage: (type, data) => readStreamMessage(type, data, batched, stream, (ms) => (this.#keepaliveMs = ms)),
          sink: batched,
          logger: this.#log.child('sse'),
        });
        return {
          kind: 'sse',
          close: () => {
            batched.discard();
            transport.close();
          },
        };
      }
      case 'longpoll':
        return createLongPollTransport({
          ...this.#pollHooks(this.#longPollSeconds),
          fetch: this.#fetch,
          clock: this.#clock,
          cursor,
          sink,
          requestTimeoutMs: this.#longPollSeconds * 1000 + this.#requestTimeoutMs,
          // A server that answers an empty long-poll early (it should not) is asked again after at most half its wait.
          minEmptyIntervalMs: Math.min(1000, (this.#longPollSeconds * 1000) / 2),
          logger: this.#log.child('longpoll'),
        });
      case 'poll':
        return createPollTransport({
          ...this.#pollHooks(0),
          fetch: this.#fetch,
          clock: this.#clock,
          cursor,
          sink,
          requestTimeoutMs: this.#requestTimeoutMs,
          ...(this.#pollInterval ? { interval: this.#pollInterval } : {}),
          logger: this.#log.child('poll'),
        });
    }
  }

  async catchUp(
    after: string | null,
    onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void,
    signal: AbortSignal,
    onLoss?: (info: LossInfo) => void,
  ): Promise<string | null> {
    const position = parseHeraldCursor(after);
    // PROTOCOL: `c = "0"` means from the very beginning (after a reset, the whole new history).
    let page = position?.id ?? '0';
    let last = position?.id ?? null;
    let serverId = position?.serverId ?? null;
    let done = 0;
    for (let i = 0; i < MAX_HISTORY_PAGES; i++) {
      const body = await this.#fewerIfTooLarge(() => this.#getJson(`/history?after=${encodeURIComponent(page)}&limit=${this.#pageSize}`, signal));
      // Another server's history says nothing about our cursor: leave it; the live link reports the change.
      if (isOtherServer(position, serverIdOf(body))) return after;
      serverId = serverIdOf(body) ?? serverId;
      const { events, next, head } = parseHistory(body);
      const checked = validateEvents(events);
      stampServer(checked.events, serverId);
      for (const reason of checked.malformed) this.#log.warn('skipped a malformed history event', { reason });
      if (checked.oversized > 0) onLoss?.(OVERSIZED_LOSS);
      const first = checked.events[0];
      // PROTOCOL: ids are consecutive. History that starts past our cursor + 1 was trimmed: the hole is lost.
      if (i === 0 && first && /^\d+$/.test(page) && /^\d+$/.test(first.id) && Number(first.id) > Number(page) + 1) {
        onLoss?.({ reason: 'history_exceeded', to: first.time });
      }
      done += checked.events.length;
      const lastEvent = checked.events.at(-1);
      if (lastEvent) last = lastEvent.id;
      const total = estimateTotal(position?.id ?? null, head);
      if (checked.events.length > 0) onBatch(checked.events, total === undefined ? { done } : { done, total });
      // A `next` that does not move would page forever: stop.
      if (next === null || next === page) break;
      page = next;
    }
    return last === null ? null : formatHeraldCursor(last, serverId);
  }

  async loadRecent(limit: number, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void, signal: AbortSignal): Promise<string | null> {
    let before = '';
    let head: string | null = null;
    let serverId: string | null = null;
    let done = 0;
    const wanted = Math.max(0, Math.floor(limit));
    for (let i = 0; i < MAX_HISTORY_PAGES && done < wanted; i++) {
      const size = Math.min(ANSWER_MAX_EVENTS, wanted - done);
      const body = await this.#getJson(`/history?before=${encodeURIComponent(before)}&limit=${size}`, signal);
      const page = parseHistory(body);
      head ??= page.head;
      serverId ??= serverIdOf(body);
      const checked = validateEvents(page.events);
      stampServer(checked.events, serverId);
      for (const reason of checked.malformed) this.#log.warn('skipped a malformed history event', { reason });
      // A first load has no loss report to give (nothing was read before it): the skip is logged.
      if (checked.oversized > 0) this.#log.warn('skipped history events too large to take', { count: checked.oversized });
      done += checked.events.length;
      // `before` pages come newest first; batches go out oldest first.
      if (checked.events.length > 0) onBatch(checked.events.slice().reverse(), { done, total: wanted });
      if (page.next === null || page.next === before) break;
      before = page.next;
    }
    return head === null ? null : formatHeraldCursor(head, serverId);
  }

  async fetchItem(itemId: string, signal: AbortSignal): Promise<ItemDetail> {
    const body = await this.#getJson(`/items/${encodeURIComponent(itemId)}`, signal);
    return parseItemDetail(body);
  }

  /** Herald takes user actions (`POST /actions`, docs/PROTOCOL.md). */
  readonly actions: SourceActions = { send: (action, key, signal) => this.#sendAction(action, key, signal) };

  async #sendAction(action: Action, idempotencyKey: string, signal: AbortSignal): Promise<ActionResponse> {
    const init: RequestInit = {
      method: 'POST',
      headers: { ...this.#headers(), 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(action),
    };
    return timedFetch(`${this.#base}/actions`, init, this.#timing(signal), async (response) => {
      const text = await readTextCapped(response, MAX_SMALL_BYTES);
      let body: unknown = null;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        body = { error: { code: 'bad_response', message: text.slice(0, 200) } };
      }
      const result: ActionResponse = { ok: response.ok, status: response.status, body };
      if (response.ok) result.result = parseActionResult(body);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
      if (retryAfter !== undefined) result.retryAfter = retryAfter;
      return result;
    });
  }

  // —— internals ——

  /**
   * Run a read of a batch answer; when it is over the answer limit, halve the page size and — with `again` — read
   * again at once (at most log2(500) times), else throw. At one event a page, too large is the server's fault: thrown.
   */
  async #fewerIfTooLarge<T>(read: () => Promise<T>, again = true): Promise<T> {
    for (;;) {
      try {
        return await read();
      } catch (err) {
        if (!(err instanceof AnswerTooLargeError) || this.#pageSize <= 1) throw err;
        this.#pageSize = Math.max(1, Math.floor(this.#pageSize / 2));
        this.#log.warn('an answer was over the size limit; asking for fewer events at a time', { pageSize: this.#pageSize });
        if (!again) throw err;
      }
    }
  }

  #headers(): Record<string, string> {
    return authHeaders({ token: this.#token });
  }

  #timing(signal: AbortSignal, timeoutMs = this.#requestTimeoutMs) {
    return { fetch: this.#fetch, clock: this.#clock, timeoutMs, signal };
  }

  async #getJson(path: string, signal: AbortSignal): Promise<unknown> {
    return timedFetch(`${this.#base}${path}`, { headers: this.#headers() }, this.#timing(signal), async (response) => {
      if (!response.ok) return failFromResponse(response);
      return readJson(response, MAX_HISTORY_BYTES);
    });
  }

  #pollHooks(timeoutSeconds: number): ExchangeHooks {
    return {
      buildRequest: ({ cursor, etag }) => {
        const query = new URLSearchParams();
        const position = parseHeraldCursor(cursor);
        if (position !== null) query.set('cursor', position.id);
        query.set('timeout', String(timeoutSeconds));
        query.set('limit', String(this.#pageSize));
        const headers = this.#headers();
        // Only a plain poll asks "changed since?": a long-poll waits for a change anyway.
        if (timeoutSeconds === 0 && etag !== null) headers['If-None-Match'] = etag;
        return { url: `${this.#base}/poll?${query.toString()}`, headers };
      },
      // Too large: thrown on (the exchange retries), with the next request asking for fewer events.
      parse: async (response, cursor) => parsePollAnswer(await this.#fewerIfTooLarge(() => readJson(response, MAX_BATCH_BYTES), false), parseHeraldCursor(cursor)),
    };
  }
}

/**
 * The cursor a run with no saved position starts from: `all` is `0` (PROTOCOL: from the very beginning, through
 * history when the live buffer does not reach back that far), an id resumes after that event. A duration is looked up
 * in history when the link opens (./herald-start.ts).
 */
function heraldStartCursor(start: HistoryStart | undefined): string | null {
  if (start?.kind === 'all') return '0';
  if (start?.kind === 'id') return start.id;
  return null;
}
