/** A Supervisor over the Nchan source, wired to a real nginx, with what a test needs to watch it. */
import type { ConnectionState, TransportKind } from '../../../src/shared/connection-state';
import type { HeraldEvent } from '../../../src/shared/events';
import { Supervisor } from '../../../src/core/supervisor';
import { createNchanSource, type NchanTuning } from '../../../src/core/sources/nchan';

export interface NchanSubscriber {
  supervisor: Supervisor;
  events: HeraldEvent[];
  states: ConnectionState[];
  /** Every request the source made, as URL paths. */
  requests: string[];
  cursor(): string | null;
  notifications(): { title: string; body: string; itemId: string }[];
  stop(): void;
}

export const FAST_NCHAN: NchanTuning = {
  pingIntervalMs: 1000,
  longPollTimeoutMs: 8000,
  requestTimeoutMs: 3000,
  pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 },
  reopenDelayMs: 200,
  assumeOpenAfterMs: 200,
};

export function subscribeNchan(
  url: string,
  kind: TransportKind,
  channels: string[],
  options: { cursor?: string | null; tuning?: NchanTuning } = {},
): NchanSubscriber {
  const requests: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    requests.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
    return fetch(input, init);
  };
  const source = createNchanSource({ id: 'nchan-test', kind: 'nchan', url, channels }, { fetch: countingFetch, nchan: options.tuning ?? FAST_NCHAN });
  let saved: string | null = options.cursor ?? null;
  const supervisor = new Supervisor({
    source,
    preference: kind,
    cursor: { load: () => saved, save: (c) => (saved = c) },
    baseDelayMs: 100,
    maxDelayMs: 500,
  });
  const events: HeraldEvent[] = [];
  const states: ConnectionState[] = [];
  supervisor.onDidReceiveEvents((e) => events.push(...e.events));
  supervisor.onDidChangeState((s) => states.push(s));
  supervisor.start();
  return {
    supervisor,
    events,
    states,
    requests,
    cursor: () => saved,
    notifications: () =>
      events.flatMap((e) => (e.type === 'notification' ? [{ title: e.data.title, body: e.data.body, itemId: e.data.itemId }] : [])),
    stop: () => supervisor.stop(),
  };
}
