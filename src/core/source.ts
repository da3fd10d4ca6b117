/**
 * A source knows one server's protocol (URLs, cursor, event shape) and opens transports for it. The supervisor
 * (control) decides when and which transport; a transport (mechanism) connects, parses and reports to its sink.
 * Sources: herald (the reference protocol), nchan, ntfy.
 */
import type { Action } from '../shared/actions';
import type { ErrorInfo, TransportKind } from '../shared/connection-state';
import type { Comment, HeraldEvent, ItemDetail } from '../shared/events';
import type { SourceKindName } from '../shared/settings';
import type { HistoryStart } from '../shared/history-start';
import type { NtfyFilters } from '../shared/ntfy-filters';

export type SourceKind = SourceKindName;

/** How a source is configured (settings, CLI flags). Credentials are resolved before a Source is built. */
export interface SourceConfig {
  /** Stable id; cursors and outbox entries are kept under it. */
  id: string;
  kind: SourceKind;
  /** Base URL of the server, e.g. http://127.0.0.1:8787 */
  url: string;
  /**
   * Other addresses of the same server, tried in order when the one in use is unreachable (Herald only:
   * ./transports/failover-fetch.ts). The cursor is kept only when the answer names the same server identity.
   */
  fallbackUrls?: string[];
  /** Channels (nchan) or topics (ntfy); unused by herald. */
  channels?: string[];
  label?: string;
  token?: string;
  /** Basic auth (ntfy). */
  username?: string;
  password?: string;
  /** Where to start with no saved position (absent: from now). Herald and ntfy read it; Nchan starts from now. */
  since?: HistoryStart;
  /** ntfy's subscribe filters, applied to every request (ntfy only). */
  ntfyFilters?: NtfyFilters;
  /**
   * End-to-end keys (secrets: never logged, never in an error text). ntfy: topic passwords; Herald and Nchan: key
   * strings as `herald keygen` prints them. The first one is used to publish; all are tried to open (by `kid`).
   */
  e2eKeys?: string[];
}

export interface GapInfo {
  /** The cursor we asked to resume from. */
  after: string | null;
  /** The server forgot everything (restart with a memory store): drop the cursor and reload. */
  reset: boolean;
}

/**
 * Why events may have been missed for good (the user is told; docs/PROTOCOL.md "Possible loss"):
 * history_exceeded (the cursor is older than what the server holds), server_changed (another server instance,
 * restarted without its data), evicted (Nchan's buffer, ntfy's cache dropped them), unknown_cursor (the server did
 * not know our cursor and answered from elsewhere), skipped_oversized (a message too large to take).
 */
export type { LossReason } from '../shared/notices';
import type { LossReason } from '../shared/notices';

export interface LossInfo {
  reason: LossReason;
  /** ISO time of the last event we hold before the possible hole, when known. */
  from?: string;
  /** ISO time of the first event after it, when known. */
  to?: string;
  /** Channel or topic, for multi-channel sources. */
  channel?: string;
}

/** Where a transport reports. Calls after `close()` are ignored by the supervisor. */
export interface TransportSink {
  /** The link is up (response headers accepted). */
  open(): void;
  /** Validated events in order, and the cursor to resume from after them (null: unchanged). */
  events(events: HeraldEvent[], cursor: string | null): void;
  /**
   * Something complete arrived (an event, a keepalive comment, an empty poll answer — never bare bytes): the link is
   * alive. Feeds the heartbeat watchdog. `frames`: a stream's complete frames in one read; several at once after a
   * long silence say something between held them back (a buffering proxy: see connection/watchdog.ts).
   */
  activity(frames?: number): void;
  /** The server cannot resume from our cursor: the supervisor catches up from history. */
  gap(info: GapInfo): void;
  /** The server's reconnect hint (SSE `retry:`), in ms. */
  retryHint(ms: number): void;
  /** A malformed event was skipped; the stream lives on. */
  malformed(reason: string): void;
  /** Events may have been missed and cannot be recovered: the user is told once per report. */
  lost(info: LossInfo): void;
  /** The transport ended by itself; `outcome` says whether the same link may work later (see LinkOutcome). */
  closed(error: ErrorInfo, outcome: LinkOutcome): void;
}

/**
 * What a link's end means for the next attempt: 'retry' (the same request may work later: network, 5xx, a stream
 * that ended) or 'fail' (it will fail the same way: auth, 404 on the base, a channel gone, a header that cannot be
 * sent).
 */
export type LinkOutcome = 'retry' | 'fail';

export interface Transport {
  readonly kind: TransportKind;
  /** Stop at once; no sink calls after this. */
  close(): void;
}

export interface CatchUpProgress {
  /** Events fetched so far. */
  done: number;
  /** Best guess of the total, when the server tells. */
  total?: number;
}

/** What an acknowledged action changed on the server, as the source that sent it read the answer. */
export interface ActionResult {
  likes?: number;
  /** Whether the current user likes the item, as the server sees it. */
  liked?: boolean;
  /** The server's copy of a new comment (it replaces the pending one). */
  comment?: Comment;
}

export interface ActionResponse {
  ok: boolean;
  status: number;
  /** JSON body (the server's result or error). */
  body: unknown;
  /** A 2xx answer's result, read by the source (src/core/sources/herald-action-result.ts); absent: nothing to fold. */
  result?: ActionResult;
  /** Seconds, from Retry-After. */
  retryAfter?: number;
}

/**
 * Taking user actions (mark read, like, comment): a capability of a server that has them (Herald). A source without
 * it (Nchan, ntfy) keeps read state on this computer alone and offers no likes or comments; the outbox refuses at
 * enqueue what a source has no capability for, so nothing is queued that could never be sent.
 */
export interface SourceActions {
  /** Send one user action; the answer as the server gave it (src/core/outbox/send-result.ts reads it). */
  send(action: Action, idempotencyKey: string, signal: AbortSignal): Promise<ActionResponse>;
}

export interface Source {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  /** Present when the server takes user actions (Herald); absent on Nchan and ntfy. */
  readonly actions?: SourceActions;
  /** Transports this source supports, best first (the fallback order). */
  readonly transports: readonly TransportKind[];
  /** Longest silence an open streaming link may have before it is presumed dead (server keepalive + margin). */
  readonly silenceTimeoutMs: number;
  /** Open a transport resuming after `cursor` (null: from now). */
  connect(kind: TransportKind, cursor: string | null, sink: TransportSink): Transport;
  /**
   * Fetch what was missed after `after` (on a gap), in pages, oldest first. Returns the cursor to continue live
   * from. Sources without history resolve to `after` unchanged.
   */
  catchUp(
    after: string | null,
    onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void,
    signal: AbortSignal,
    /** History does not reach back to `after`: what lies between is lost for good. */
    onLoss?: (info: LossInfo) => void,
  ): Promise<string | null>;
  /**
   * Optional: the newest `limit` events, for the first load of an empty inbox (oldest first in the batches).
   * Returns the cursor to continue live from. Sources without history omit it.
   */
  loadRecent?(limit: number, onBatch: (events: HeraldEvent[], progress: CatchUpProgress) => void, signal: AbortSignal): Promise<string | null>;
  /** Optional: one item's comments and like state from the server (the detail view). */
  fetchItem?(itemId: string, signal: AbortSignal): Promise<ItemDetail>;
}

/** The protocol's item detail, typed once in src/shared/events.ts. */
export type { ItemDetail } from '../shared/events';

/** The outside world a source needs, injected. */
export interface SourceDeps {
  fetch: typeof fetch;
}
