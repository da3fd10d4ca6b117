/**
 * The connection as the header and banner show it: the worst state over all sources, each source's own state, and
 * whether we are *re*-connecting (a `connecting` after a loss is still an outage to the reader).
 */
import type { ConnectionState } from '../../../shared/connection-state';
import type { ConnectionSummary, SourceStatus } from '../../../shared/inbox';

export type BannerKind = 'none' | 'reconnecting' | 'offline' | 'failed';

const STARTING: ConnectionSummary = { overall: { kind: 'connecting', transport: 'sse', attempt: 0 }, sources: [] };

export class ConnectionStore {
  #summary = $state.raw<ConnectionSummary>(STARTING);
  /** Set when a link was lost (backoff/offline), cleared once open again. */
  #lost = $state(false);
  #banner = $derived(bannerFor(this.#summary.overall, this.#lost));
  #loading = $derived(firstLoad(this.#summary.sources));

  get overall(): ConnectionState {
    return this.#summary.overall;
  }
  get sources(): readonly SourceStatus[] {
    return this.#summary.sources;
  }
  get banner(): BannerKind {
    return this.#banner;
  }
  /** First load of history in progress, summed over sources; null when none is loading. */
  get loading(): { done: number; total?: number } | null {
    return this.#loading;
  }

  set(summary: ConnectionSummary): void {
    const kind = summary.overall.kind;
    if (kind === 'open') this.#lost = false;
    else if (kind === 'backoff' || kind === 'offline') this.#lost = true;
    this.#summary = summary;
  }
}

function firstLoad(sources: readonly SourceStatus[]): { done: number; total?: number } | null {
  const loading = sources.filter((s) => s.loading !== undefined).map((s) => s.loading!);
  if (loading.length === 0) return null;
  const done = loading.reduce((n, l) => n + l.done, 0);
  // A total only when every loading source knows its own.
  if (loading.some((l) => l.total === undefined)) return { done };
  return { done, total: loading.reduce((n, l) => n + (l.total ?? 0), 0) };
}

function bannerFor(state: ConnectionState, lost: boolean): BannerKind {
  switch (state.kind) {
    case 'backoff':
      return 'reconnecting';
    case 'connecting':
      return lost ? 'reconnecting' : 'none';
    case 'offline':
      return 'offline';
    case 'failed':
      return 'failed';
    default:
      return 'none';
  }
}
