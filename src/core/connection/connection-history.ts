/**
 * A short memory of how each source's connection went: the last state changes (connecting, open, backoff with its
 * error, failed, …), bounded per source. Diagnostics show it, so a "Herald stopped notifying me" report says
 * whether the link kept dropping, was refused, or never came up. Only the kind of change is kept, never the items.
 */
import type { ConnectionState, ConnectionStateKind, ErrorCode, TransportKind } from '../../shared/connection-state';
import type { ConnectionSummary } from '../../shared/inbox';
import type { Clock } from '../base/clock';
import type { Disposable } from '../base/emitter';

export interface ConnectionChange {
  /** Epoch ms, from the injected clock. */
  at: number;
  kind: ConnectionStateKind;
  transport?: TransportKind;
  attempt?: number;
  error?: { code: ErrorCode; message: string; status?: number };
}

/** Enough to see a pattern (a reconnect loop), small enough that a thousand flaps cost nothing. */
export const HISTORY_PER_SOURCE = 20;

function changeOf(state: ConnectionState, at: number): ConnectionChange {
  const change: ConnectionChange = { at, kind: state.kind };
  if ('transport' in state) change.transport = state.transport;
  if ('attempt' in state) change.attempt = state.attempt;
  if ('error' in state) {
    const { code, message, status } = state.error;
    change.error = { code, message, ...(status !== undefined ? { status } : {}) };
  }
  return change;
}

/** The same state again (a summary re-sent for another source's change) is not a new entry. */
function sameChange(a: ConnectionChange, b: ConnectionChange): boolean {
  return a.kind === b.kind && a.transport === b.transport && a.attempt === b.attempt && a.error?.code === b.error?.code && a.error?.message === b.error?.message;
}

export class ConnectionHistory {
  readonly #bySource = new Map<string, ConnectionChange[]>();

  constructor(readonly limit = HISTORY_PER_SOURCE) {}

  /** Take a connection summary; sources no longer in it are forgotten (a removed source leaves no trace). */
  record(summary: ConnectionSummary, at: number): void {
    const present = new Set(summary.sources.map((s) => s.id));
    for (const id of this.#bySource.keys()) if (!present.has(id)) this.#bySource.delete(id);
    for (const source of summary.sources) {
      const list = this.#bySource.get(source.id) ?? [];
      const change = changeOf(source.state, at);
      const last = list[list.length - 1];
      if (last && sameChange(last, change)) continue;
      list.push(change);
      if (list.length > this.limit) list.splice(0, list.length - this.limit);
      this.#bySource.set(source.id, list);
    }
  }

  /** Oldest first. */
  of(sourceId: string): readonly ConnectionChange[] {
    return this.#bySource.get(sourceId) ?? [];
  }
}

export interface ConnectionSignal {
  connection(): ConnectionSummary;
  onDidChangeConnection(listener: (s: ConnectionSummary) => void): Disposable;
}

/** Follow a client's connection from now on (its current state is the first entry). */
export function trackConnectionHistory(client: ConnectionSignal, clock: Pick<Clock, 'now'>, limit = HISTORY_PER_SOURCE): { history: ConnectionHistory } & Disposable {
  const history = new ConnectionHistory(limit);
  history.record(client.connection(), clock.now());
  const sub = client.onDidChangeConnection((s) => history.record(s, clock.now()));
  return { history, dispose: () => sub.dispose() };
}
