/**
 * A TransportSink that hands events on in batches: every `events` call made while one stream chunk is parsed (the
 * `eventsource` package dispatches a chunk's events synchronously) is joined into one call, made in a microtask —
 * before any other task, so no latency a user could notice. A burst of 1 000 events in one chunk then costs the
 * supervisor, the inbox and the shell one delivery instead of 1 000.
 *
 * Order is kept: any other sink call first delivers the events waiting before it. After `discard` (the transport was
 * closed) nothing more reaches the sink; the events dropped were never acknowledged by a cursor, so a resume gets
 * them again.
 */
import type { HeraldEvent } from '../../shared/events';
import type { TransportSink } from '../source';

export interface BatchingSink extends TransportSink {
  /**
   * One event of the stream, without an array and a cursor string of its own: the cursor is made at delivery, once,
   * by `cursorOf` from the id of the last event added (unless a later `events` call brought one).
   */
  add(event: HeraldEvent, cursorOf: (id: string) => string): void;
  /** Deliver what waits now. */
  flush(): void;
  /** Drop what waits and pass nothing more on. */
  discard(): void;
}

export function createBatchingSink(sink: TransportSink): BatchingSink {
  let waiting: HeraldEvent[] = [];
  let cursor: string | null = null;
  /** Set when the cursor is to be made from the last event added (`add`). */
  let cursorOf: ((id: string) => string) | null = null;
  let scheduled = false;
  let discarded = false;

  const flush = (): void => {
    // A cursor alone (the `hello` of a fresh stream) is passed on too: it is what a stop before any event resumes from.
    if ((waiting.length === 0 && cursor === null) || discarded) return;
    const events = waiting;
    const last = cursorOf !== null ? cursorOf(events[events.length - 1]!.id) : cursor;
    waiting = [];
    cursor = null;
    cursorOf = null;
    sink.events(events, last);
  };
  const before = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
    if (discarded) return;
    flush();
    fn(...args);
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      flush();
    });
  };

  return {
    events(events, next) {
      if (discarded) return;
      for (const e of events) waiting.push(e);
      // A later batch without a cursor of its own leaves the earlier one standing.
      if (next !== null) {
        cursor = next;
        cursorOf = null;
      }
      schedule();
    },
    add(event, format) {
      if (discarded) return;
      waiting.push(event);
      cursorOf = format;
      schedule();
    },
    open: before(() => sink.open()),
    activity: before((frames?: number) => sink.activity(frames)),
    gap: before((info) => sink.gap(info)),
    retryHint: before((ms) => sink.retryHint(ms)),
    malformed: before((reason) => sink.malformed(reason)),
    lost: before((info) => sink.lost(info)),
    closed: before((error, outcome) => sink.closed(error, outcome)),
    flush,
    discard() {
      discarded = true;
      waiting = [];
    },
  };
}
