/**
 * The reference protocol's answers, read (docs/PROTOCOL.md): the live stream's messages, poll answers, history pages,
 * gaps and item details. Each reader checks the shape and turns a bad one into a bad_response or a malformed report;
 * the Herald source (herald.ts) does the requests.
 */
import type { Comment, HeraldEvent } from '../../shared/events';
import { NewestCollector } from '../../shared/kept-comments';
import type { GapInfo, ItemDetail, LossInfo } from '../source';
import type { BatchingSink } from '../transports/batching-sink';
import type { ExchangeResult } from '../transports/exchange';
import { parseJsonOrUndefined, SourceError } from '../transports/http';
import { isOversizedData } from '../transports/sse-framing';
import { commentOf, parseEventJson, validateEvents } from '../validate-event';
import { formatHeraldCursor, isOtherServer, serverIdOf, type HeraldPosition } from './herald-cursor';

/**
 * Mark events with the server instance that issued their ids (PROTOCOL "Server identity"): a server restarted
 * without its data reuses ids, and consumers (the CLI's --json lines) tell its events apart by (serverId, id).
 */
export function stampServer<T extends HeraldEvent[]>(events: T, serverId: string | null): T {
  if (serverId !== null) for (const e of events) e.serverId = serverId;
  return events;
}

/** What one SSE stream knows: where it resumed from, and which server it turned out to be talking to. */
export interface StreamState {
  readonly position: HeraldPosition | null;
  serverId: string | null;
}

/** The stream's state, and its cursor for an event id (made once per delivered batch, with the server known then). */
export function streamState(position: HeraldPosition | null): StreamState & { cursorOf: (id: string) => string } {
  const stream = { position, serverId: position?.serverId ?? null, cursorOf: (id: string) => formatHeraldCursor(id, stream.serverId) };
  return stream;
}

/**
 * One message of the live stream (`GET /events`): `hello` (keepalive, server identity, head), `gap`, or an event.
 * `onKeepalive` gets the server's real keepalive period when a hello tells it.
 */
export function readStreamMessage(type: string, data: string, sink: BatchingSink, stream: ReturnType<typeof streamState>, onKeepalive: (ms: number) => void): void {
  if (type === 'hello') {
    // The events before it were the server's as known until now: their cursor is made before that can change.
    sink.flush();
    const hello = parseJsonOrUndefined(data) as { keepaliveMs?: unknown; cursor?: unknown } | undefined;
    const ms = hello?.keepaliveMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) {
      onKeepalive(ms);
      // Heard now, with the real keepalive known: the watchdog re-arms to it (a silent link is caught in time).
      sink.activity();
    }
    const serverId = serverIdOf(hello);
    if (isOtherServer(stream.position, serverId)) {
      // PROTOCOL "Server identity": our ids belong to a server that is gone; start over from the new one's history.
      stream.serverId = serverId;
      sink.gap({ after: null, reset: true });
      return;
    }
    stream.serverId = serverId ?? stream.serverId;
    const head = typeof hello?.cursor === 'string' && /^\d+$/.test(hello.cursor) ? hello.cursor : null;
    // A fresh subscriber starts at the head the stream opened on: keep it now, not at the first event, or a stop
    // before any event would make the next start "from now" again and skip what came in between.
    if (stream.position === null && head !== null) sink.events([], formatHeraldCursor(head, stream.serverId));
    else if (stream.position !== null && stream.position.serverId === null && stream.serverId !== null) {
      sink.events([], formatHeraldCursor(stream.position.id, stream.serverId));
    }
    return;
  }
  if (type === 'gap') {
    const gap = parseGap(parseJsonOrUndefined(data));
    if (gap) sink.gap(gap);
    else sink.malformed('gap event without a usable body');
    return;
  }
  // Too large to take (cut short by the framing, or measured here): skipped with the oversize report, as on every path.
  if (isOversizedData(data)) return sink.lost(OVERSIZED_LOSS);
  const parsed = parseEventJson(data, type === 'message' ? undefined : type);
  if (parsed.ok) {
    // One event at a time into the chunk's batch: no array or cursor string of its own (a stream's hot path).
    if (stream.serverId !== null) parsed.event.serverId = stream.serverId;
    sink.add(parsed.event, stream.cursorOf);
  }
  else if (parsed.oversized) sink.lost(OVERSIZED_LOSS);
  else sink.malformed(parsed.reason);
}

/** What an event skipped for its size reports (the "message too large" notice). */
export const OVERSIZED_LOSS: LossInfo = { reason: 'skipped_oversized' };

/**
 * The item detail answer (`GET /items/:id`): comments that are not well-formed are left out, the others normalised;
 * of those, the newest COMMENTS_KEPT_PER_ITEM are kept (the list is oldest first, PROTOCOL.md) and the rest counted.
 */
export function parseItemDetail(body: unknown): ItemDetail {
  if (typeof body !== 'object' || body === null) throw badResponse('item answer is not an object');
  const b = body as Record<string, unknown>;
  const collector = new NewestCollector<Comment>();
  if (Array.isArray(b.comments)) {
    for (const c of b.comments) {
      const comment = commentOf(c);
      if (comment) collector.add(comment);
    }
  }
  const { kept, omitted } = collector.result();
  return {
    comments: kept,
    ...(omitted > 0 ? { omittedComments: omitted } : {}),
    likes: typeof b.likes === 'number' && b.likes >= 0 ? b.likes : 0,
    liked: b.liked === true,
    read: b.read === true,
  };
}

export function parsePollAnswer(body: unknown, position: HeraldPosition | null): ExchangeResult {
  if (typeof body !== 'object' || body === null) throw badResponse('poll answer is not an object');
  const b = body as Record<string, unknown>;
  if (typeof b.cursor !== 'string' || !/^\d+$/.test(b.cursor)) throw badResponse('poll answer has no cursor');
  const serverId = serverIdOf(b);
  if (isOtherServer(position, serverId)) {
    // PROTOCOL "Server identity": these events are another server's; go on from its head after a full reload.
    return { events: [], cursor: formatHeraldCursor(b.cursor, serverId), gap: { after: null, reset: true }, hasMore: false };
  }
  const { events, malformed, oversized } = validateEvents(b.events);
  stampServer(events, serverId ?? position?.serverId ?? null);
  const cursor = formatHeraldCursor(b.cursor, serverId ?? position?.serverId ?? null);
  const result: ExchangeResult = { events, cursor, malformed, hasMore: b.hasMore === true };
  if (oversized > 0) result.lost = [OVERSIZED_LOSS];
  if (b.gap !== undefined && b.gap !== null) {
    const gap = parseGap(b.gap);
    if (gap) result.gap = gap;
    else malformed.push('gap field without a usable body');
  }
  return result;
}

export function parseHistory(body: unknown): { events: unknown; next: string | null; head: string | null } {
  if (typeof body !== 'object' || body === null) throw badResponse('history answer is not an object');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.events)) throw badResponse('history answer has no events list');
  return {
    events: b.events,
    next: typeof b.next === 'string' && b.next.length > 0 ? b.next : null,
    head: typeof b.head === 'string' ? b.head : null,
  };
}

function parseGap(value: unknown): GapInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const g = value as Record<string, unknown>;
  const after = typeof g.after === 'string' && g.after.length > 0 ? g.after : null;
  return { after, reset: g.reset === true };
}

/** Herald ids are decimal: the head minus the cursor is how many events there are to fetch (at most). */
export function estimateTotal(after: string | null, head: string | null): number | undefined {
  if (head === null || !/^\d+$/.test(head)) return undefined;
  const from = after === null ? 0 : /^\d+$/.test(after) ? Number(after) : NaN;
  const total = Number(head) - from;
  return Number.isFinite(total) && total >= 0 ? total : undefined;
}

export function badResponse(message: string): SourceError {
  return new SourceError({ code: 'bad_response', message }, true);
}
