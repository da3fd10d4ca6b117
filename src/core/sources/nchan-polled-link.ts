/**
 * One Nchan channel over long-poll or interval poll: one message per answer, the position travelling as
 * If-Modified-Since + If-None-Match (Nchan's HTTP subscriber). Split from nchan.ts: this is the rewind/probe/walk
 * state of a polled link; the source decides what a message means (`take`).
 */
import { STREAM_LIMITS } from '../../shared/stream-limits';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/log';
import type { TransportSink } from '../source';
import type { ExchangeHooks, ExchangeResult } from '../transports/exchange';
import { readTextUpTo, SourceError } from '../transports/http';
import { createLongPollTransport } from '../transports/long-poll';
import { createPollTransport } from '../transports/poll';
import { OVERSIZED_DATA } from '../transports/sse-framing';
import type { Validated } from '../validate-event';
import type { NchanTuning } from './nchan-tuning';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './source-basics';
import type { ChannelLink, LinkEnd } from './nchan-channels';
import { compareIds, idFromHeaders, resumeHeaders, type ChannelPosition, type MessageId } from './nchan-position';

export interface PolledLinkOptions {
  kind: 'longpoll' | 'poll';
  url: string;
  position: ChannelPosition;
  sink: TransportSink;
  fetch: typeof fetch;
  headers: Record<string, string>;
  clock: Clock;
  logger: Logger;
  tuning: NchanTuning;
  /** One message: what to deliver (null: nothing, a replay or a skipped message). Moves the channel's position. */
  take: (id: MessageId, body: string) => Validated | null;
}

export function openPolledLink(o: PolledLinkOptions): ChannelLink {
  const { kind, url, position, sink } = o;
  let end: LinkEnd | null = null;
  // Long-poll and interval poll: one message per answer, the position travels as If-Modified-Since + If-None-Match.
  // The first request rewinds to the start of the last message's second (see ChannelPosition) and walks forward
  // through what it gets back; so does the first one after a failed request (the poller rides out short outages
  // itself, and nginx may have restarted meanwhile). Interval polling also never hears of a restart or a deleted
  // channel (no request is held to get a 410), so while the server's clock is still within a second of the last
  // message — the only window in which a recreated channel's ids can hide behind our cursor — each poll cycle
  // checks again. That check starts with a probe (one request from just before our last message): if the answer
  // is our own message, the channel was not recreated and the cycle goes on from there; only otherwise does it walk
  // the whole second again. So a busy second costs two requests per cycle, not one per message in it.
  let rewind: 'full' | 'probe' | null = 'full';
  let probing = false;
  let walkFrom: MessageId | null = null;
  let serverSecond: number | null = null;
  const inRiskWindow = (): boolean => kind === 'poll' && serverSecond !== null && position.last !== null && serverSecond <= position.last.time + 1;
  const watchingFetch: typeof fetch = async (input, init) => {
    let response: Response;
    try {
      response = await o.fetch(input, init);
    } catch (err) {
      rewind = 'full';
      probing = false;
      walkFrom = null;
      throw err;
    }
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(date)) serverSecond = Math.floor(date / 1000);
    if (response.status === 304) {
      // The walk reached the end; the next poll (after its interval) checks again while the window is open. A
      // probe that finds nothing means our own message is not there: walk the whole second.
      walkFrom = null;
      rewind = probing ? 'full' : inRiskWindow() ? 'probe' : null;
      probing = false;
    }
    if (response.status === 410) end = { status: 410, serverClosing: response.headers.get('connection')?.toLowerCase() === 'close' };
    return response;
  };
  const hooks: ExchangeHooks = {
    buildRequest: () => {
      const last = position.last;
      let from = walkFrom ?? last;
      probing = rewind === 'probe' && last !== null && last.tag > 0;
      if (probing && last) from = { time: last.time, tag: last.tag - 1 };
      else if (rewind !== null) from = position.rewound();
      rewind = null;
      return { url, headers: { ...o.headers, ...resumeHeaders(from) } };
    },
    parse: async (response) => {
      const before = position.last;
      const { result, id } = await parsePolled(response, o.take);
      const replay = result.events.length === 0 && result.malformed === undefined;
      // A replay moves the walk on; a new message moves the position itself.
      walkFrom = replay ? id : null;
      if (probing && !(replay && before !== null && compareIds(id, before) === 0)) rewind = 'full';
      probing = false;
      return result;
    },
    // 408: Nchan's subscriber timeout on a long-poll — nothing new, ask again.
    idleStatuses: [408],
  };
  const common = { ...hooks, fetch: watchingFetch, clock: o.clock, cursor: null, sink };
  const transport =
    kind === 'longpoll'
      ? createLongPollTransport({
          ...common,
          requestTimeoutMs: o.tuning.longPollTimeoutMs ?? 60_000,
          logger: o.logger.child('longpoll'),
        })
      : createPollTransport({
          ...common,
          requestTimeoutMs: o.tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          ...(o.tuning.pollInterval ? { interval: o.tuning.pollInterval } : {}),
          logger: o.logger.child('poll'),
        });
  return { transport, ended: () => end };
}

async function parsePolled(response: Response, take: PolledLinkOptions['take']): Promise<{ result: ExchangeResult; id: MessageId }> {
  const id = idFromHeaders(response.headers.get('last-modified'), response.headers.get('etag'));
  // Without Last-Modified + Etag the next request would ask for the same message again, forever.
  if (id === null) throw new SourceError({ code: 'bad_response', message: 'Nchan answer without Last-Modified and Etag', status: response.status }, true);
  const body = (await readTextUpTo(response, STREAM_LIMITS.nchan.poll.read)) ?? OVERSIZED_DATA;
  const taken = take(id, body);
  // One message per answer, and there may be more queued: ask again at once.
  if (taken === null) return { result: { events: [], cursor: null, hasMore: true }, id };
  return {
    result: taken.ok ? { events: [taken.event], cursor: null, hasMore: true } : { events: [], cursor: null, malformed: [taken.reason], hasMore: true },
    id,
  };
}
