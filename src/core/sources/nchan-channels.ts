/**
 * Several Nchan channels behind one Transport: one link (SSE stream, long-poll loop or poller) per channel — or per
 * group of channels, when the server multiplexes several over one link (see nchan.ts) — each channel with its own
 * position, fanned into the supervisor's sink with the whole cursor (a JSON map channel → position).
 *
 * What stays here and never reaches the supervisor:
 * - a normal end of a link — Nchan's subscriber timeout (SSE `:408`, or our own long-poll timeout when the server has
 *   none): the channel asks again at once (after at least `minLinkLifeMs`, so a server that ends streams instantly
 *   cannot make us spin);
 * - a 410 on one channel: Nchan sends it when the channel is deleted, *and* to every subscriber when nginx stops or
 *   reloads (its memory store forgets all channels then). A 410 alone cannot tell which, so the channel is
 *   resubscribed after a growing delay, and the user gets one notice once the new subscription is up. A long-poll 410
 *   with `Connection: close` is nginx going away: that is a lost link like any other.
 * Anything else (network, 5xx, auth, a stalled stream) closes every channel and goes to the supervisor, which owns
 * retries and backoff; the next connect resumes every channel from the cursor.
 */
import type { ErrorInfo, TransportKind } from '../../shared/connection-state';
import type { HeraldEvent } from '../../shared/events';
import { OnceTimer, type Clock } from '../base/clock';
import type { Logger } from '../base/log';
import type { LinkOutcome, Transport, TransportSink } from '../source';
import { channelClosedNotice } from './nchan-message';
import { encodeCursor, type ChannelPosition } from './nchan-position';

/** How the server ended a link, when it said so. */
export interface LinkEnd {
  status: number;
  /** The answer said `Connection: close`: nginx itself is going away. */
  serverClosing: boolean;
}

export interface ChannelLink {
  transport: Transport;
  /** How the server ended this link (Nchan's 408/410), or null when it did not say. */
  ended(): LinkEnd | null;
}

/** Open one link for a group of channels (usually one). */
export type OpenChannelLink = (positions: readonly ChannelPosition[], sink: TransportSink) => ChannelLink;

export interface ChannelSetOptions {
  kind: TransportKind;
  /** One link per group: `[[a], [b]]` is a link per channel, `[[a, b]]` one link for both. */
  groups: readonly (readonly ChannelPosition[])[];
  open: OpenChannelLink;
  sink: TransportSink;
  clock: Clock;
  logger: Logger;
  /** Report "open" once a link has been held this long without failing (a long-poll has no headers until a message). */
  assumeOpenAfterMs?: number;
  /** A link that ends normally sooner than this waits out the rest before asking again. Default 1000. */
  minLinkLifeMs?: number;
  /** First wait before resubscribing a channel closed with 410; doubles on each repeat. Default 1000. */
  reopenDelayMs?: number;
  /** Cap for that wait. Default 60 000. */
  maxReopenDelayMs?: number;
}

interface Channel {
  readonly positions: readonly ChannelPosition[];
  /** The channel's name, or the group's names joined by commas. */
  readonly name: string;
  link: ChannelLink | null;
  /** Bumped per link: reports from an older link of the same channel are ignored. */
  generation: number;
  startedAt: number;
  up: boolean;
  /** 410s in a row without a message in between: drives the resubscribe delay. */
  closures: number;
  /** A 410 happened; tell the user once the channel is subscribed again. */
  noticePending: boolean;
  /** The channel's next start, or the moment it is taken as open. */
  readonly timer: OnceTimer;
}

export function createChannelSet(options: ChannelSetOptions): Transport {
  const { sink, clock, logger } = options;
  const minLife = options.minLinkLifeMs ?? 1000;
  const reopenBase = options.reopenDelayMs ?? 1000;
  const reopenCap = options.maxReopenDelayMs ?? 60_000;
  const channels: Channel[] = options.groups.map((positions) => ({
    positions,
    name: positions.map((p) => p.channel).join(','),
    link: null,
    generation: 0,
    startedAt: 0,
    up: false,
    closures: 0,
    noticePending: false,
    timer: new OnceTimer(clock),
  }));
  let closed = false;
  let opened = false;

  const cursor = (): string => encodeCursor(channels.flatMap((c) => c.positions));

  const closeAll = (): void => {
    closed = true;
    for (const ch of channels) {
      ch.timer.dispose();
      const link = ch.link;
      ch.link = null;
      link?.transport.close();
    }
  };

  const fail = (error: ErrorInfo, outcome: LinkOutcome): void => {
    if (closed) return;
    closeAll();
    sink.closed(error, outcome);
  };

  const markUp = (ch: Channel): void => {
    if (closed || ch.up) return;
    ch.up = true;
    if (!opened) {
      opened = true;
      sink.open();
    }
    if (ch.noticePending) {
      ch.noticePending = false;
      sink.events([channelClosedNotice(ch.name, clock.now())], cursor());
    }
  };

  const start = (ch: Channel): void => {
    if (closed) return;
    ch.generation++;
    ch.startedAt = clock.now();
    ch.up = false;
    const generation = ch.generation;
    const live = (): boolean => !closed && ch.generation === generation;
    const channelSink: TransportSink = {
      open: () => live() && markUp(ch),
      activity: (frames) => live() && sink.activity(frames),
      events: (events: HeraldEvent[]) => {
        if (!live()) return;
        markUp(ch);
        if (events.length > 0) ch.closures = 0;
        sink.events(events, cursor());
      },
      gap: (info) => live() && sink.gap(info),
      retryHint: (ms) => live() && sink.retryHint(ms),
      malformed: (reason) => live() && sink.malformed(`${ch.name}: ${reason}`),
      lost: (info) => live() && sink.lost({ channel: ch.name, ...info }),
      closed: (error, outcome) => {
        if (live()) onLinkClosed(ch, error, outcome);
      },
    };
    try {
      ch.link = options.open(ch.positions, channelSink);
    } catch (err) {
      fail({ code: 'internal', message: `could not open channel ${ch.name}: ${String(err)}` }, 'retry');
      return;
    }
    if (options.assumeOpenAfterMs !== undefined) {
      ch.timer.schedule(options.assumeOpenAfterMs, () => {
        if (live()) markUp(ch);
      });
    }
  };

  const restartLater = (ch: Channel, delay: number): void => {
    ch.link = null;
    ch.generation++;
    ch.timer.schedule(delay, () => start(ch));
  };

  const onLinkClosed = (ch: Channel, error: ErrorInfo, outcome: LinkOutcome): void => {
    const end = ch.link?.ended() ?? null;
    const lived = clock.now() - ch.startedAt;
    const name = ch.name;
    if (end?.status === 408 || (options.kind === 'longpoll' && error.code === 'timeout')) {
      // The subscriber timeout: nothing happened for a while. Ask again.
      logger.debug('channel link ended normally; asking again', { channel: name });
      return restartLater(ch, minLife - lived);
    }
    if (end?.status === 410 || error.code === 'gone') {
      if (end?.serverClosing) return fail({ code: 'network', message: `nginx is shutting down (410 on ${name})`, status: 410 }, 'retry');
      ch.closures++;
      ch.noticePending = true;
      const delay = Math.min(reopenCap, reopenBase * 2 ** Math.min(16, ch.closures - 1));
      logger.warn('channel closed by the server (410); subscribing again later', { channel: name, delay });
      return restartLater(ch, delay);
    }
    // Everything else is the supervisor's. (A resubscribe after a 410 that cannot even connect lands here too: nginx
    // was stopping, not deleting — and no notice is shown, since it only goes out once a subscription is up again.)
    fail(error, outcome);
  };

  // Sinks must never be called before connect() has returned.
  queueMicrotask(() => {
    for (const ch of channels) start(ch);
  });

  return {
    kind: options.kind,
    close: closeAll,
  };
}
