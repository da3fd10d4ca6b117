/**
 * Which outbox entries may be sent now — pure, so the ordering rules can be read and tested on their own.
 *
 * Entries are kept in enqueue order. Per source:
 * - Actions on one item (src/shared/actions.ts `actionTarget`) form a lane and go strictly one after another: a like
 *   must not overtake the unlike the user clicked before it.
 * - `mark_all_read` (lane '*') is a barrier: it waits until every earlier action of its source has finished, and
 *   everything after it waits for it. "Mark read X, then mark all read" must not be overtaken, and whatever the UI
 *   adds later is safe by default.
 * - A failed entry does not block anything (neither its own lane nor the barrier). The choice: the failure is the
 *   user's to decide (retry or discard), and holding back the rest of the item's actions until then would turn one
 *   rejected comment into a frozen item. If the user retries it later, it runs after whatever was sent meanwhile.
 * - An entry waiting out a backoff does block its lane (and the barrier): order is kept through transient trouble.
 * - Sources are independent of each other, and an offline source sends nothing.
 */
import { actionTarget } from '../../shared/actions';
import type { OutboxEntry } from '../../shared/outbox';

export interface PickOptions {
  now: number;
  isOnline: (sourceId: string) => boolean;
  /** Send at most this many (free concurrency slots). */
  limit: number;
}

export interface PickResult {
  /** Entries to send now, in enqueue order. */
  ready: OutboxEntry[];
  /**
   * The earliest moment a pending entry's backoff ends (to wake up then), or null. Also null when `limit` entries
   * are ready (or `limit` is 0): the scan stops there — every slot is busy, and each send that settles asks again.
   * So a pump costs the length of the queue's head, not of the whole queue.
   */
  wakeAt: number | null;
}

interface SourceProgress {
  /** Lanes with an earlier unfinished entry. */
  busyLanes: Set<string>;
  /** An earlier entry of this source is unfinished (pending or sending). */
  anyUnfinished: boolean;
  /** An earlier mark_all_read of this source is unfinished. */
  barrier: boolean;
}

export function pickSendable(entries: Iterable<OutboxEntry>, options: PickOptions): PickResult {
  const ready: OutboxEntry[] = [];
  let wakeAt: number | null = null;
  if (options.limit <= 0) return { ready, wakeAt };
  const sources = new Map<string, SourceProgress>();
  for (const entry of entries) {
    if (entry.state.kind === 'failed') continue;
    let s = sources.get(entry.sourceId);
    if (!s) {
      s = { busyLanes: new Set(), anyUnfinished: false, barrier: false };
      sources.set(entry.sourceId, s);
    }
    const lane = actionTarget(entry.action);
    const free = !s.barrier && !s.busyLanes.has(lane) && (lane !== '*' || !s.anyUnfinished);
    if (free && entry.state.kind === 'pending' && options.isOnline(entry.sourceId)) {
      const at = entry.state.nextAttemptAt;
      if (at !== undefined && at > options.now) {
        if (wakeAt === null || at < wakeAt) wakeAt = at;
      } else {
        ready.push(entry);
        if (ready.length >= options.limit) return { ready, wakeAt: null };
      }
    }
    s.busyLanes.add(lane);
    s.anyUnfinished = true;
    if (lane === '*') s.barrier = true;
  }
  return { ready, wakeAt };
}
