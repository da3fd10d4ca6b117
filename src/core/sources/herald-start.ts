/**
 * `since=<duration>` for a Herald source: the protocol's history has ids, not times, so the start is found by paging
 * `/history?before=` back (newest first) to the newest event older than the span; the run starts after it. All of
 * history within the span: from `0`. The link opens once the answer is in; closing it before then stops the search.
 */
import type { TransportKind } from '../../shared/connection-state';
import type { Transport, TransportSink } from '../source';
import { isAbortError, outcomeOf, toSourceError } from '../transports/http';
import { ANSWER_MAX_EVENTS } from '../../shared/stream-limits';
import { parseHistory } from './herald-answers';
import { formatHeraldCursor, serverIdOf } from './herald-cursor';

/** Pages of ANSWER_MAX_EVENTS (500) searched at most: 100 000 events, the reference server's whole history. */
const MAX_PAGES = 200;

/** The cursor after the newest event older than `sinceMs`, or `0` when history holds nothing that old. */
export async function findStartAfter(getJson: (path: string, signal: AbortSignal) => Promise<unknown>, sinceMs: number, signal: AbortSignal): Promise<string> {
  let before = '';
  for (let i = 0; i < MAX_PAGES; i++) {
    const body = await getJson(`/history?before=${encodeURIComponent(before)}&limit=${ANSWER_MAX_EVENTS}`, signal);
    const page = parseHistory(body);
    const events = Array.isArray(page.events) ? (page.events as unknown[]) : [];
    for (const e of events) {
      const { id, time } = (typeof e === 'object' && e !== null ? e : {}) as { id?: unknown; time?: unknown };
      if (typeof id === 'string' && typeof time === 'string' && Date.parse(time) < sinceMs) return formatHeraldCursor(id, serverIdOf(body));
    }
    if (page.next === null || page.next === before) break;
    before = page.next;
  }
  return '0';
}

/** A transport that finds its cursor first (`find`), then opens the real one (`open`) with it. */
export function connectAfterLookup(kind: TransportKind, find: (signal: AbortSignal) => Promise<string>, open: (cursor: string) => Transport, sink: TransportSink): Transport {
  const abort = new AbortController();
  let inner: Transport | null = null;
  find(abort.signal).then(
    (cursor) => {
      if (!abort.signal.aborted) inner = open(cursor);
    },
    (err: unknown) => {
      if (abort.signal.aborted || isAbortError(err)) return;
      const e = toSourceError(err);
      sink.closed(e.info, outcomeOf(e));
    },
  );
  return {
    kind,
    close: () => {
      abort.abort();
      inner?.close();
    },
  };
}
