/**
 * The Nchan source: subscribe to channels of an nginx + Nchan pub/sub server by EventSource, long-poll or interval
 * poll, with a resume position per channel (docs/SOURCES.md). Nchan has no history API beyond each channel's message
 * buffer, so catch-up is "resume from the cursor", and it takes no user actions.
 *
 * Where the subscriber lives is the server admin's choice, so `config.url` is a template: `{channel}` is replaced by
 * the (URL-encoded) channel and `{transport}` by `sse`, `lp` or `poll`. Without `{channel}`, `/{channel}` is appended.
 * Without `{transport}` one location serves SSE (by its Accept header) and long-poll (plain GETs) — Nchan's default
 * `nchan_subscriber` — and interval polling is not offered (a plain GET there would be held as a long-poll).
 * `{channels}` instead of `{channel}` says the location splits its channel id on commas
 * (`nchan_channel_id_split_delimiter ","`): SSE then subscribes to all channels over one link (up to 255, Nchan's
 * limit, per link); long-poll and poll keep one link per channel, through the same location.
 */
import type { TransportKind } from '../../shared/connection-state';
import type { NchanTuning } from './nchan-tuning';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/log';
import type { CatchUpProgress, Source, SourceConfig, SourceDeps, Transport, TransportSink } from '../source';
import { SourceError } from '../transports/http';
import { createSseTransport } from '../transports/sse';
import type { HeraldEvent } from '../../shared/events';
import { STREAM_LIMITS } from '../../shared/stream-limits';
import { chunks, NchanUrl } from './nchan-url';
import { channelsLabel, channelsOf, silenceTimeout } from './source-basics';
import { createChannelSet, type ChannelLink, type LinkEnd } from './nchan-channels';
import { openPolledLink } from './nchan-polled-link';
import { NCHAN_EVENT_NAMES, toHeraldEvent } from './nchan-message';
import type { Validated } from '../validate-event';
import {
  ChannelPosition,
  decodeCursor,
  formatMessageId,
  multiResumeId,
  parseMultiId,
  parseMessageId,
  type AwayTime,
  type MessageId,
} from './nchan-position';
import { createSseFraming, isOversizedData, unescapeCr } from '../transports/sse-framing';
// Nchan itself has no auth; deployments put it behind nginx auth (auth_basic, auth_request, nchan_authorize_request).
import { authHeaders } from '../auth-headers';

export type { NchanTuning } from './nchan-tuning';

export interface NchanSourceDeps extends SourceDeps {
  clock?: Clock;
  logger?: Logger;
  nchan?: NchanTuning;
}

/** How soon after a (re)subscription an answer counts as the server's reply to our resume (see expectReplay). */
const REPLAY_WINDOW_MS = 2000;
/** Nchan's NCHAN_MULTITAG_MAX: channels per multiplexed subscription. */
const MULTI_MAX = 255;

export function createNchanSource(config: SourceConfig, deps: NchanSourceDeps): Source {
  return new NchanSource(config, deps);
}

class NchanSource implements Source {
  readonly id: string;
  readonly kind = 'nchan' as const;
  readonly label: string;
  readonly transports: readonly TransportKind[];
  readonly silenceTimeoutMs: number;
  readonly #url: NchanUrl;
  readonly #channels: readonly string[];
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #tuning: NchanTuning;
  /** When a link of this source was last heard from (ms): where the time away starts on a resume. */
  #lastHeardMs: number | null = null;
  /**
   * Per channel, the time away of a resume whose first message has not come yet: a link that breaks before it does
   * must not shorten the absence to its own few seconds.
   */
  readonly #pendingAway = new Map<string, AwayTime>();

  constructor(config: SourceConfig, deps: NchanSourceDeps) {
    const channels = channelsOf(config, 'an Nchan source needs at least one channel');
    this.id = config.id;
    this.#channels = channels;
    this.#url = new NchanUrl(config.url);
    this.label = channelsLabel(config, this.#url.name, channels);
    if (this.#url.multiplexed && channels.some((c) => c.includes(','))) {
      throw new SourceError({ code: 'invalid_input', message: 'with {channels} in the URL, channel names cannot contain commas' }, false);
    }
    this.transports = this.#url.transports;
    this.#headers = authHeaders(config);
    this.#fetch = deps.fetch;
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.logger ?? silentLogger;
    this.#tuning = deps.nchan ?? {};
    // One lost ping is tolerated, two are not.
    this.silenceTimeoutMs = silenceTimeout(this.#tuning.keepaliveMs ?? 30_000, 1, 5000);
  }

  connect(kind: TransportKind, cursor: string | null, sink: TransportSink): Transport {
    const saved = decodeCursor(cursor);
    if (cursor !== null && saved.size === 0) this.#log.warn('ignoring an unreadable cursor; starting each channel afresh');
    const positions = this.#channels.map((c) => new ChannelPosition(c, saved.get(c)));
    const groups = this.#url.multiplexed && kind === 'sse' ? chunks(positions, MULTI_MAX) : positions.map((p) => [p]);
    for (const group of groups) {
      // A multiplexed link resumes from its newest channel's second: only the channels last heard of in that second
      // get their own message back first; the others have nothing to replay (see multiResumeId).
      const newest = Math.max(...group.map((p) => p.last?.time ?? -1));
      const now = this.#clock.now();
      const messageTimeoutMs = this.#tuning.messageTimeoutMs ?? 3_600_000;
      for (const p of group) {
        if (p.last === null || p.last.time !== newest) continue;
        const away = this.#pendingAway.get(p.channel) ?? { fromMs: Math.max(this.#lastHeardMs ?? 0, p.last.time * 1000), resumedAtMs: now, messageTimeoutMs };
        this.#pendingAway.set(p.channel, away);
        p.expectReplay(now + REPLAY_WINDOW_MS, away);
      }
    }
    const heard = (): void => {
      this.#lastHeardMs = this.#clock.now();
    };
    return createChannelSet({
      kind,
      groups,
      open: (group, channelSink) => (group.length > 1 ? this.#openMultiSse(group, channelSink) : this.#openLink(kind, group[0] as ChannelPosition, channelSink)),
      sink: {
        ...sink,
        open: () => (heard(), sink.open()),
        activity: () => (heard(), sink.activity()),
        events: (events, c) => (heard(), sink.events(events, c)),
      },
      clock: this.#clock,
      logger: this.#log.child(kind),
      ...(kind === 'longpoll' ? { assumeOpenAfterMs: this.#tuning.assumeOpenAfterMs ?? 1000 } : {}),
      ...(this.#tuning.reopenDelayMs !== undefined ? { reopenDelayMs: this.#tuning.reopenDelayMs } : {}),
    });
  }

  /** Nchan keeps no history beyond each channel's buffer, which the cursor already resumes from. */
  async catchUp(after: string | null, _onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void, _signal: AbortSignal): Promise<string | null> {
    return after;
  }

  // —— one channel's link ——

  #openLink(kind: TransportKind, position: ChannelPosition, sink: TransportSink): ChannelLink {
    const url = this.#url.for(kind, [position.channel]);
    let end: LinkEnd | null = null;
    if (kind === 'sse') {
      const transport = createSseTransport({
        ...this.#sseCommon(sink, (status) => (end = { status, serverClosing: false })),
        url,
        lastEventId: ((from) => (from ? formatMessageId(from) : null))(position.rewound()),
        onMessage: (type, data, id) => this.#onSseMessage(position, type, data, id, sink),
      });
      return { transport, ended: () => end };
    }
    return openPolledLink({
      kind,
      url,
      position,
      sink,
      fetch: this.#fetch,
      headers: this.#headers,
      clock: this.#clock,
      logger: this.#log,
      tuning: this.#tuning,
      take: (id, body) => this.#take(position, id, body, 'message', sink),
    });
  }

  /** Several channels over one SSE link (a `{channels}` location): each message says by its id whose it is. */
  #openMultiSse(positions: readonly ChannelPosition[], sink: TransportSink): ChannelLink {
    let end: LinkEnd | null = null;
    const transport = createSseTransport({
      ...this.#sseCommon(sink, (status) => (end = { status, serverClosing: false })),
      url: this.#url.for('sse', positions.map((p) => p.channel)),
      lastEventId: multiResumeId(positions),
      onMessage: (type, data, rawId) => {
        const multi = parseMultiId(rawId);
        const position = multi ? positions[multi.index] : undefined;
        if (!multi || !position) return sink.malformed(`message without a usable multiplexed id (${JSON.stringify(rawId.slice(0, 80))})`);
        this.#onSseMessage(position, type, data, multi.id, sink);
      },
    });
    return { transport, ended: () => end };
  }

  /**
   * What every Nchan SSE link shares. The publisher picks any event name (X-EventSource-Event): names we do not know
   * arrive as plain messages. Nchan ends a stream with a status in a comment — `:408: 408 Request Timeout` (the
   * subscriber timeout: a normal end, ask again) or `:410: 410 Gone` (the channel was deleted, or nginx is
   * restarting). Its framing is LF alone, a CR being content (see sse-framing.ts).
   */
  #sseCommon(sink: TransportSink, onStatus: (status: number) => void) {
    return {
      fetch: this.#fetch,
      headers: this.#headers,
      eventTypes: NCHAN_EVENT_NAMES,
      otherNames: 'message' as const,
      onComment: (text: string) => {
        const status = /^\s?(\d{3})(?::|\s|$)/.exec(text)?.[1];
        if (status !== undefined) onStatus(Number(status));
      },
      framing: createSseFraming({ crIsContent: true }),
      sink,
      logger: this.#log.child('sse'),
    };
  }

  #onSseMessage(position: ChannelPosition, type: string, data: string, rawId: string | MessageId, sink: TransportSink): void {
    const id = typeof rawId === 'string' ? parseMessageId(rawId) : rawId;
    // Without an id we could neither resume nor de-duplicate: not an Nchan message we can trust.
    if (id === null) return sink.malformed(`message without a usable id (${JSON.stringify(String(rawId).slice(0, 40))})`);
    const taken = this.#take(position, id, unescapeCr(data), type, sink);
    if (taken === null) sink.activity(); // a replay after rewinding (already delivered), or a skipped message
    else if (taken.ok) sink.events([taken.event], null);
    else sink.malformed(taken.reason);
  }

  /**
   * One message, whatever the transport: move the channel's position, report what the position reveals (evicted
   * messages before it), and turn it into an event. Null: nothing to deliver (a replay, or a message too large to
   * take — skipped with a loss report, the position past it, so the channel moves on).
   */
  #take(position: ChannelPosition, id: MessageId, body: string, eventName: string, sink: TransportSink): Validated | null {
    const before = position.last;
    const step = position.advance(id, body, this.#clock.now());
    // The first message after a resume has settled what the absence means (see ChannelPosition.expectReplay).
    this.#pendingAway.delete(position.channel);
    if (step === null) return null;
    const time = new Date(id.time * 1000).toISOString();
    if (step.wentBack) this.#log.info('message ids went back: the server restarted and forgot the channel', { channel: position.channel });
    const channel = position.channel;
    if (step.evicted) sink.lost({ reason: 'evicted', channel, ...(before ? { from: new Date(before.time * 1000).toISOString() } : {}), to: time });
    if (step.expired) sink.lost({ reason: 'history_exceeded', channel, from: new Date(step.expired.fromMs).toISOString(), to: new Date(step.expired.toMs).toISOString() });
    if (isOversizedData(body) || Buffer.byteLength(body, 'utf8') > STREAM_LIMITS.nchan.sse.event) {
      this.#log.warn('skipped a message too large to take', { channel: position.channel, id: formatMessageId(id) });
      sink.lost({ reason: 'skipped_oversized', channel, from: time, to: time });
      return null;
    }
    return toHeraldEvent({ channel: position.channel, eventId: step.eventId, time: id.time, eventName, body });
  }
}
