/**
 * An Nchan source's timing knobs, on their own so the source (nchan.ts) and its polled links (nchan-polled-link.ts)
 * both read them without importing each other.
 */
import type { SourceTuning } from './source-basics';

/**
 * Timing knobs (tests use small ones). `keepaliveMs` is the server's `nchan_eventsource_ping_interval`: the SSE
 * silence watchdog allows two of them plus a margin. Default 30 000. A server without pings or a subscriber timeout
 * goes quiet: the link is then renewed after ~65 s. `requestTimeoutMs` bounds one interval poll.
 */
export interface NchanTuning extends SourceTuning {
  /** How long one long-poll may be held before we ask again, ms. Keep it above `nchan_subscriber_timeout`. Default 60 000. */
  longPollTimeoutMs?: number;
  /** First wait before resubscribing a channel the server closed with 410, ms (doubles on repeats, up to 60 s). Default 1000. */
  reopenDelayMs?: number;
  /** A long-poll held this long without failing counts as an open link, ms. Default 1000. */
  assumeOpenAfterMs?: number;
  /**
   * The server's `nchan_message_timeout`, ms (Nchan's default: 1 h). Away longer than this, messages published
   * meanwhile may have expired unseen: a resume that does not find our last message reports a possible gap.
   */
  messageTimeoutMs?: number;
}
