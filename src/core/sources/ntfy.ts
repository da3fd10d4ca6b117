/**
 * The ntfy source: subscribe to one or more topics of an ntfy server over `GET /<topics>/sse`, or poll
 * `GET /<topics>/json?poll=1` (docs.ntfy.sh "Subscribe via API"). ntfy's SSE carries no `id:` line, so the resume
 * cursor is the last message's own id and time, and every resume checks that the server still holds that message
 * (ntfy-resume.ts): if not, a possible gap is reported instead of passing the server's whole cache off as a resume.
 * Before the first message the cursor is the server time of the `open` event (or of the first poll), so a link lost
 * early still resumes without a hole. The stream itself is opened live-only and the replay read beside it, both put
 * in the cache's order (ntfy-live-order.ts): ntfy's stream alone keeps no order.
 * Its cache doubles as history: catch-up and first load read `/json?poll=1&since=…`. ntfy takes no Herald actions.
 */
import type { ErrorInfo, TransportKind } from '../../shared/connection-state';
import type { HeraldEvent } from '../../shared/events';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import type { CatchUpProgress, LinkOutcome, LossInfo, Source, SourceConfig, SourceDeps, Transport, TransportSink } from '../source';
import type { ExchangeResult } from '../transports/exchange';
import { failFromResponse, isAbortError, outcomeOf, readTextCapped, SourceError, timedFetch, toSourceError } from '../transports/http';
import { createPollTransport } from '../transports/poll';
import { createSseTransport } from '../transports/sse';
import { createSseFraming } from '../transports/sse-framing';
import { STREAM_LIMITS } from '../../shared/stream-limits';
import { serverName } from '../../shared/url';
import { channelsLabel, channelsOf, DEFAULT_REQUEST_TIMEOUT_MS, silenceTimeout, type SourceTuning } from './source-basics';
import { splitLines } from '../transports/lines';
import { authHeaders } from '../auth-headers';
import { parseNtfyFrame } from './ntfy-message';
import { LiveOrder } from './ntfy-live-order';
import { cursorAfter, filterMark, parseNtfyCursor, ResumeCheck, sinceFor, startCursor, type CheckStep } from './ntfy-resume';

/** Timing knobs (tests use small ones). `keepaliveMs` is ntfy's `keepalive-interval` (default 45 s). */
export interface NtfyTuning extends SourceTuning {
  /** How long a live message waits for others that ntfy may have sent swapped, ms (ntfy-live-order.ts). Default 50. */
  holdMs?: number;
}

export interface NtfySourceDeps extends SourceDeps {
  clock?: Clock;
  logger?: Logger;
  ntfy?: NtfyTuning;
}

/** ntfy's topic rule (server.go `topicRegex`). */
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
/** A poll answer or history read: the whole cache at worst. */
const MAX_BATCH_BYTES = STREAM_LIMITS.ntfy.poll.read;

export function createNtfySource(config: SourceConfig, deps: NtfySourceDeps): Source {
  return new NtfySource(config, deps);
}

class NtfySource implements Source {
  readonly id: string;
  readonly kind = 'ntfy' as const;
  readonly label: string;
  readonly transports: readonly TransportKind[] = ['sse', 'poll'];
  readonly silenceTimeoutMs: number;
  readonly #base: string;
  readonly #topics: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #tuning: NtfyTuning;
  /** The subscribe filters, as query parameters on every request (the stream, polls, cache reads). */
  readonly #filters: Record<string, string>;
  /** The filters' mark in our cursors: a cursor made under other filters resumes unchecked (ntfy-resume.ts). */
  readonly #mark: string;
  /** Where a link with no cursor starts (`since`, fixed when the source is made; null: from now). */
  readonly #start: string | null;
  /** "New only": a first load reads nothing and starts from now. */
  readonly #newOnly: boolean;
  constructor(config: SourceConfig, deps: NtfySourceDeps) {
    const topics = channelsOf(config, 'an ntfy source needs at least one topic');
    const bad = topics.find((t) => !TOPIC.test(t));
    if (bad !== undefined) throw new SourceError({ code: 'invalid_input', message: `"${bad}" is not an ntfy topic (letters, digits, - and _, up to 64)` }, false);
    this.id = config.id;
    this.label = channelsLabel(config, serverName(config.url), topics);
    this.#base = config.url.replace(/\/+$/, '');
    this.#topics = topics.join(',');
    this.#headers = authHeaders(config);
    this.#fetch = deps.fetch;
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.logger ?? silentLogger;
    this.#tuning = deps.ntfy ?? {};
    this.#filters = { ...config.ntfyFilters };
    this.#mark = filterMark(this.#filters);
    this.#start = startCursor(config.since, this.#clock.now());
    this.#newOnly = config.since?.kind === 'now';
    // One keepalive may be late by the margin; a missing one means the link is dead (ntfy's period is long: 45 s).
    this.silenceTimeoutMs = silenceTimeout(this.#tuning.keepaliveMs ?? 45_000, 0, 15_000);
  }

  connect(kind: TransportKind, saved: string | null, sink: TransportSink): Transport {
    const cursor = saved ?? this.#start;
    if (kind === 'sse') return this.#openSse(cursor, sink);
    if (kind !== 'poll') throw new SourceError({ code: 'invalid_input', message: `ntfy has no ${kind} transport` }, false);
    // From now: the first poll asks for messages since this second (inclusive; de-duplication absorbs the overlap).
    const startedAt = String(Math.floor(this.#clock.now() / 1000));
    const watch: PollWatch = { answeredAt: null, cacheMs: null };
    return createPollTransport({
      buildRequest: ({ cursor: c }) => ({ url: this.#url('json', { poll: '1', since: sinceFor(c) ?? startedAt }), headers: this.#headers }),
      parse: async (response, c) => this.#parsePoll(response, c ?? startedAt, sink, watch),
      fetch: this.#fetch,
      clock: this.#clock,
      cursor,
      sink,
      requestTimeoutMs: this.#tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      ...(this.#tuning.pollInterval ? { interval: this.#tuning.pollInterval } : {}),
      logger: this.#log.child('poll'),
    });
  }

  /** What ntfy's cache holds after `after` (a message id or a unix time), in one page. */
  async catchUp(after: string | null, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void, signal: AbortSignal, onLoss?: (info: LossInfo) => void): Promise<string | null> {
    if (after === null) return null;
    const { events, last, loss } = await this.#readCache(after, signal);
    if (events.length > 0) onBatch(events, { done: events.length, total: events.length });
    // After what was recovered, as the supervisor reports it for every source: the gap lies before the live stream.
    if (loss) onLoss?.(loss);
    return last ?? after;
  }

  /** The newest `limit` cached messages (no older than `since`, when given), for the first load of an empty inbox. */
  async loadRecent(limit: number, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void, signal: AbortSignal): Promise<string | null> {
    if (this.#newOnly) return String(Math.floor(this.#clock.now() / 1000));
    const { events, last } = await this.#readCache(this.#start, signal);
    const recent = events.slice(-Math.max(0, Math.floor(limit)));
    if (recent.length > 0) onBatch(recent, { done: recent.length, total: recent.length });
    return last ?? String(Math.floor(this.#clock.now() / 1000));
  }

  // —— internals ——

  #cursorAfter(id: string, time: number, cached: boolean): string | null {
    return cursorAfter(id, time, cached, this.#mark, this.#clock.now());
  }

  /** Every request's URL: the one place the filters are added, so no read can let through what the stream would not. */
  #url(format: 'sse' | 'json', query: Record<string, string>): string {
    const q = new URLSearchParams({ ...query, ...this.#filters }).toString();
    return `${this.#base}/${this.#topics}/${format}${q ? `?${q}` : ''}`;
  }

  /**
   * A live-only stream, put in the server's order with the replay and with reads of the cache where live messages
   * may be swapped (ntfy-live-order.ts). Without a cursor there is nothing to replay: the `open` event's time becomes
   * the cursor.
   */
  #openSse(cursor: string | null, sink: TransportSink): Transport {
    const reads = new AbortController();
    let transport: Transport | null = null;
    let ended = false;
    const end = (error: ErrorInfo, outcome: LinkOutcome): void => {
      if (ended) return;
      ended = true;
      order.close();
      reads.abort();
      transport?.close();
      sink.closed(error, outcome);
    };
    const order = new LiveOrder(cursor, {
      clock: this.#clock,
      read: (from) => {
        this.#log.debug('reading the cache to order the stream', { since: from });
        return this.#readCache(from, reads.signal);
      },
      deliver: (events, c) => sink.events(events, c),
      lost: (info) => sink.lost(info),
      failed: (err) => {
        if (ended || isAbortError(err)) return;
        const e = toSourceError(err);
        end(e.info, outcomeOf(e));
      },
      ...(this.#tuning.holdMs !== undefined ? { holdMs: this.#tuning.holdMs } : {}),
    });
    transport = createSseTransport({
      url: this.#url('sse', {}),
      // ntfy names its control events (`event: open`, `event: keepalive`, …) but every `data:` carries the same JSON
      // with its own `event` field: everything arrives as one stream of messages, sorted out by that field.
      fetch: this.#fetch,
      headers: this.#headers,
      eventTypes: [],
      otherNames: 'message',
      framing: createSseFraming(),
      onMessage: (_type, data) => {
        const frame = parseNtfyFrame(data);
        if (frame.kind === 'bad') return sink.malformed(frame.reason);
        if (frame.kind === 'control') {
          if (frame.event === 'open' && cursor === null && frame.time !== null) {
            order.setCursor(String(frame.time));
            return sink.events([], String(frame.time));
          }
          if (frame.event === 'open') order.opened();
          return sink.activity();
        }
        if (!frame.event.ok) sink.malformed(frame.event.reason);
        const event = frame.event.ok ? frame.event.event : null;
        // A scheduled message live: the cursor moves to the present second at most, unchecked.
        const after = this.#cursorAfter(frame.id, frame.time, frame.cached) ?? String(Math.floor(this.#clock.now() / 1000) - 1);
        if (!order.live({ id: frame.id, event, cursor: after })) {
          return end({ code: 'internal', message: 'too many live messages held for ordering' }, 'retry');
        }
        sink.activity();
      },
      sink: { ...sink, closed: (error, outcome) => end(error, outcome) },
      logger: this.#log.child('sse'),
    });
    return {
      kind: 'sse',
      close: () => {
        ended = true;
        order.close();
        reads.abort();
        transport?.close();
      },
    };
  }

  async #parsePoll(response: Response, since: string, sink: TransportSink, watch: PollWatch): Promise<ExchangeResult> {
    const answer = walkAnswer(await readTextCapped(response, MAX_BATCH_BYTES), new ResumeCheck(since, this.#mark), (id, time, cached) => this.#cursorAfter(id, time, cached));
    const now = this.#clock.now();
    // ntfy expires every message one cache duration after its time, oldest first. If our message was due to expire
    // (a server that lost its cache is another matter), and a message newer than ours published before the previous
    // answer would have moved our cursor, one published after it expires later than `previous answer + cache
    // duration`. So when that moment has not come, our own message merely expired on a quiet topic: nothing can be
    // missing, and a warning here would repeat for every quiet message.
    const ourTime = parseNtfyCursor(since).time;
    const expiredOnly =
      watch.answeredAt !== null &&
      watch.cacheMs !== null &&
      ourTime !== null &&
      now >= ourTime * 1000 + watch.cacheMs - EXPIRY_MARGIN_MS &&
      now - watch.answeredAt < watch.cacheMs - EXPIRY_MARGIN_MS;
    if (answer.loss && expiredOnly) this.#log.debug('our last message expired from the cache while polling; nothing missed');
    else if (answer.loss) sink.lost(answer.loss);
    watch.answeredAt = now;
    watch.cacheMs = cacheMsOf(answer.events.at(-1)) ?? watch.cacheMs;
    // No message yet: keep asking from the same point (a unix time the first time), never from "all".
    return { events: answer.events, cursor: answer.last ?? since, malformed: answer.malformed };
  }

  async #readCache(after: string | null, signal: AbortSignal): Promise<Answer> {
    const url = this.#url('json', { poll: '1', since: sinceFor(after) ?? 'all' });
    const timing = { fetch: this.#fetch, clock: this.#clock, timeoutMs: this.#tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, signal };
    return timedFetch(url, { headers: this.#headers }, timing, async (response) => {
      if (!response.ok) return failFromResponse(response);
      const answer = walkAnswer(await readTextCapped(response, MAX_BATCH_BYTES), new ResumeCheck(after, this.#mark), (id, time, cached) => this.#cursorAfter(id, time, cached));
      for (const reason of answer.malformed) this.#log.warn('skipped a malformed cached message', { reason });
      return answer;
    });
  }
}

/** One poll transport's view of the cache: when it last had an answer, and how long ntfy keeps a message. */
interface PollWatch {
  answeredAt: number | null;
  cacheMs: number | null;
}

/** Room for the time between ntfy's answer and our reading it. */
const EXPIRY_MARGIN_MS = 1000;

/** ntfy's cache duration as one message shows it (`expires` − `time`); null for a message it does not cache. */
function cacheMsOf(event: HeraldEvent | undefined): number | null {
  if (!event || event.type !== 'notification' || typeof event.data.expires !== 'string') return null;
  const ms = Date.parse(event.data.expires) - Date.parse(event.time);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

interface Answer {
  events: HeraldEvent[];
  /** Every message id in the answer, delivered or not. */
  ids: Set<string>;
  malformed: string[];
  /** The cursor after this answer, when it moved. */
  last: string | null;
  loss?: LossInfo;
}

/** One `/json` answer (newline-delimited JSON, oldest first) through the resume check; `cursorOf` null: stay. */
function walkAnswer(text: string, check: ResumeCheck, cursorOf: (id: string, time: number, cached: boolean) => string | null): Answer {
  const events: HeraldEvent[] = [];
  const ids = new Set<string>();
  const malformed: string[] = [];
  let last: string | null = null;
  let loss: LossInfo | undefined;
  const take = (step: CheckStep): void => {
    events.push(...step.deliver);
    if (step.loss) loss = step.loss;
  };
  for (const line of splitLines(text, 'lf')) {
    const frame = parseNtfyFrame(line);
    if (frame.kind === 'bad') malformed.push(frame.reason);
    else if (frame.kind === 'message') {
      ids.add(frame.id);
      if (!frame.event.ok) malformed.push(frame.event.reason);
      take(check.take(frame.id, frame.time, frame.event.ok ? frame.event.event : null));
      if (!check.pending) last = cursorOf(frame.id, frame.time, frame.cached) ?? last;
    }
  }
  const end = check.end();
  take(end);
  if (end.cursor !== undefined) last = end.cursor;
  return loss ? { events, ids, malformed, last, loss } : { events, ids, malformed, last };
}
