/**
 * How much of a publisher's bytes Herald takes, on every path, for every source: one table, so the SSE stream, a
 * long-poll or poll answer, a history page and a catch-up agree on what is "too large". Whatever exceeds a limit is
 * skipped with the oversize report (a "message too large" notice) and the link goes on; nothing is held whole
 * before it is measured. The reference server publishes nothing its own clients would skip (PUBLISH_MAX_BYTES).
 *
 * Shared, not core: the reference server (src/server) caps /publish from the same table.
 */
import { LIMITS } from './actions';

/** One event as a client keeps it (its JSON envelope, or an Nchan message body), in UTF-8 bytes. */
export const EVENT_MAX_BYTES = LIMITS.eventMaxBytes;

/**
 * What the SSE framing holds of one line, and of one event's `data` (all its lines together), in UTF-16 units,
 * while it scans: past this the rest is dropped as it arrives, so memory stays bounded by one frame whatever a
 * server sends (an endless line, an event that never ends). Four times the event limit: anything near it is
 * measured exactly (in bytes) by the source; beyond it, it cannot be an event anyone keeps.
 */
export const FRAME_MAX_CHARS = 4 * EVENT_MAX_BYTES;

/**
 * Events in one answer of Herald's protocol (poll, long-poll, a history page): the `limit` a server accepts at most
 * (docs/PROTOCOL.md, 1–500) and the page a client asks for.
 */
export const ANSWER_MAX_EVENTS = 500;

/** A whole answer that carries many events (poll, long-poll, a history page, an ntfy `/json` poll): ANSWER_MAX_EVENTS events. */
export const ANSWER_MAX_BYTES = 32 * 1024 * 1024;

/** A one-message answer (Nchan long-poll / poll): read up to twice the event limit, then skipped unread. */
export const MESSAGE_ANSWER_MAX_BYTES = 2 * EVENT_MAX_BYTES;

/** A small answer (an action's result, an error body): nothing a server should ever make large. */
export const SMALL_ANSWER_MAX_BYTES = 1024 * 1024;

/** The reference server's /publish request body: with its JSON envelope, the event stays far below EVENT_MAX_BYTES. */
export const PUBLISH_MAX_BYTES = LIMITS.requestMaxBytes;

/**
 * Comments kept per item, the newest (issue 19): an item answer may carry any number (up to ANSWER_MAX_BYTES) and
 * live `new_comment` events add more, so each list Herald holds — the item answer, the live ones, what the window
 * gets — keeps this many and counts the rest ("N earlier comments are not shown").
 */
export const COMMENTS_KEPT_PER_ITEM = 200;

export type StreamPath = 'sse' | 'longpoll' | 'poll' | 'history';

/**
 * The table, per source and path: the largest event taken (`event`) and the largest piece read to find it
 * (`read`: a frame, an answer). docs/ARCHITECTURE.md ("Sizes") says it in words, with the tests that hold it.
 */
export const STREAM_LIMITS = {
  herald: {
    sse: { event: EVENT_MAX_BYTES, read: FRAME_MAX_CHARS },
    longpoll: { event: EVENT_MAX_BYTES, read: ANSWER_MAX_BYTES },
    poll: { event: EVENT_MAX_BYTES, read: ANSWER_MAX_BYTES },
    history: { event: EVENT_MAX_BYTES, read: ANSWER_MAX_BYTES },
  },
  nchan: {
    sse: { event: EVENT_MAX_BYTES, read: FRAME_MAX_CHARS },
    longpoll: { event: EVENT_MAX_BYTES, read: MESSAGE_ANSWER_MAX_BYTES },
    poll: { event: EVENT_MAX_BYTES, read: MESSAGE_ANSWER_MAX_BYTES },
    history: { event: EVENT_MAX_BYTES, read: MESSAGE_ANSWER_MAX_BYTES },
  },
  ntfy: {
    // ntfy's JSON carries more than the event (its own fields): its text may be twice the event limit.
    // (ntfy has no long-poll: its stream and its `/json?poll=1`.)
    sse: { event: 2 * EVENT_MAX_BYTES, read: FRAME_MAX_CHARS },
    poll: { event: 2 * EVENT_MAX_BYTES, read: ANSWER_MAX_BYTES },
    history: { event: 2 * EVENT_MAX_BYTES, read: ANSWER_MAX_BYTES },
  },
} as const satisfies Record<'herald' | 'nchan' | 'ntfy', Partial<Record<StreamPath, { event: number; read: number }>>>;
