/**
 * Where an ntfy subscription stands, and how we notice that the server no longer knows it.
 *
 * ntfy (2.11, server/message_cache.go) answers `since=<message id>` it does not know — the message expired from its
 * cache (12 h by default), or the server lost its cache — with its whole cache, which looks exactly like a normal
 * resume when everything in it is newer. So the cursor keeps the message's time as well (`<id>@<unix seconds>`) and
 * every resume asks `since=<that time>`, which ntfy answers inclusively: the answer must contain our own message first.
 * If a newer message (or the end of the answer) comes before it, our message is gone, and whatever lay between it
 * and the oldest message the server still holds may be gone too: a possible gap, reported once.
 *
 * Cursor forms: `<id>@<time>` (after a message), `<time>` (before any message: the `open` event's or first poll's
 * time), or a bare `<id>` (saved by older Herald versions: resumed as `since=<id>`, without the check).
 */
import type { HeraldEvent } from '../../shared/events';
import { startSecond, type HistoryStart } from '../../shared/history-start';
import type { LossInfo } from '../source';

export type NtfyCursor = { id: string | null; time: number | null };

/**
 * `mark`: the filters the cursor was made under (filterMark). Under other filters our message may simply not match
 * any more, so its absence proves nothing: the cursor resumes by its time alone, unchecked.
 */
export function parseNtfyCursor(cursor: string | null, mark = ''): NtfyCursor {
  if (cursor === null) return { id: null, time: null };
  const m = /^([A-Za-z0-9]{6,64})@(\d{1,12})(?:~([0-9a-f]{8}))?$/.exec(cursor);
  if (m) return (m[3] ?? '') === mark ? { id: m[1] as string, time: Number(m[2]) } : { id: null, time: Number(m[2]) };
  if (/^\d{1,12}$/.test(cursor)) return { id: null, time: Number(cursor) };
  return { id: cursor, time: null };
}

/** The cursor after a message; one the server does not cache (no expiry) resumes by time alone, unchecked. */
export function formatNtfyCursor(id: string, time: number, cached = true, mark = ''): string {
  return cached ? `${id}@${time}${mark ? `~${mark}` : ''}` : String(time);
}

/**
 * ntfy's minimum delay is 10 s, and a message scheduled for later (seen with `scheduled=1`) carries its delivery time.
 * A message further ahead of our clock than this is such a one: the cursor must not jump to it, or every later
 * `since=` would skip what is published until then.
 */
const SCHEDULED_AHEAD_S = 8;

/** The cursor after a message, or null for a message scheduled for later (the cursor stays where it is). */
export function cursorAfter(id: string, time: number, cached: boolean, mark: string, nowMs: number): string | null {
  return time > Math.floor(nowMs / 1000) + SCHEDULED_AHEAD_S ? null : formatNtfyCursor(id, time, cached, mark);
}

/** The filters as a short stable mark (FNV-1a over the sorted `key=value` pairs); none: ''. */
export function filterMark(filters: Readonly<Record<string, string>>): string {
  const text = Object.keys(filters)
    .sort()
    .map((k) => `${k}=${filters[k]}`)
    .join('&');
  if (text === '') return '';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The cursor a run with no saved position starts from (null: from now). `all` is time 0 (ntfy answers `since=0`
 * with its whole cache); a duration, the second it reaches back to; an id is resumed as `since=<id>`, unchecked
 * (digits alone read as a unix time, as ntfy's own `since=` reads them).
 */
export function startCursor(start: HistoryStart | undefined, nowMs: number): string | null {
  if (start === undefined || start.kind === 'now') return null;
  if (start.kind === 'all') return '0';
  if (start.kind === 'ago') return String(startSecond(start, nowMs));
  return start.id;
}

/** The `since` parameter that resumes after `cursor`. */
export function sinceFor(cursor: string | null): string | null {
  const c = parseNtfyCursor(cursor);
  return c.time !== null ? String(c.time) : c.id;
}

export interface CheckStep {
  /** Messages to pass on now. */
  deliver: HeraldEvent[];
  /** Set once when our message turned out to be gone. */
  loss?: LossInfo;
  /** After a loss found at the end of an answer: resume from our message's time, without checking again. */
  cursor?: string;
}

/**
 * Walks one answer to `since=<time>` (a poll answer, a cache read, or the start of an SSE stream) in server order.
 * Messages of our message's second that come before it were delivered already: they are held back until our message
 * shows up (and then dropped), or passed on if it never does.
 */
export class ResumeCheck {
  #expect: { id: string; time: number } | null;
  #held: HeraldEvent[] = [];

  constructor(cursor: string | null, mark = '') {
    const c = parseNtfyCursor(cursor, mark);
    this.#expect = c.id !== null && c.time !== null ? { id: c.id, time: c.time } : null;
  }

  /** Still looking for our message. */
  get pending(): boolean {
    return this.#expect !== null;
  }

  take(id: string, time: number, event: HeraldEvent | null): CheckStep {
    const expect = this.#expect;
    if (expect === null) return { deliver: event ? [event] : [] };
    if (id === expect.id) {
      this.#expect = null;
      this.#held = [];
      return { deliver: [] };
    }
    if (time <= expect.time) {
      if (event) this.#held.push(event);
      return { deliver: [] };
    }
    return this.#gone(time, event);
  }

  /** The answer (or the SSE replay of the cache) is over. */
  end(): CheckStep {
    return this.#expect === null ? { deliver: [] } : this.#gone(null, null);
  }

  #gone(nextTime: number | null, event: HeraldEvent | null): CheckStep {
    const expect = this.#expect as { id: string; time: number };
    this.#expect = null;
    const deliver = [...this.#held.splice(0), ...(event ? [event] : [])];
    const loss: LossInfo = { reason: 'unknown_cursor', from: new Date(expect.time * 1000).toISOString() };
    if (nextTime !== null) loss.to = new Date(nextTime * 1000).toISOString();
    return nextTime === null ? { deliver, loss, cursor: String(expect.time) } : { deliver, loss };
  }
}
