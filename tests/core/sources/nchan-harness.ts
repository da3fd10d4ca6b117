/** The Nchan source under a real Supervisor, wired to a real nginx. */
import type { TransportKind } from '../../../src/shared/connection-state';
import { createNchanSource, type NchanTuning } from '../../../src/core/sources/nchan';
import { recordingFetch, supervise, type Subscriber } from './source-harness';

export type NchanSubscriber = Subscriber;

export const FAST_NCHAN: NchanTuning = {
  pingIntervalMs: 1000,
  longPollTimeoutMs: 8000,
  requestTimeoutMs: 3000,
  pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 },
  reopenDelayMs: 200,
  assumeOpenAfterMs: 200,
};

export function subscribeNchan(url: string, kind: TransportKind, channels: string[], options: { cursor?: string | null; tuning?: NchanTuning } = {}): Subscriber {
  const requests: string[] = [];
  const source = createNchanSource({ id: 'nchan-test', kind: 'nchan', url, channels }, { fetch: recordingFetch(requests), nchan: options.tuning ?? FAST_NCHAN });
  return supervise(source, kind, requests, options.cursor ?? null);
}
