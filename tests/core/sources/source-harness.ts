/** A real Supervisor over any Source, with what a test needs to watch it (events, states, cursor, requests). */
import type { ConnectionState, TransportPreference } from '../../../src/shared/connection-state';
import type { HeraldEvent, NotificationData } from '../../../src/shared/events';
import type { LossInfo, Source } from '../../../src/core/source';
import { Supervisor } from '../../../src/core/connection/supervisor';

export interface Subscriber {
  supervisor: Supervisor;
  events: HeraldEvent[];
  /** Whether each delivered batch came from a catch-up. */
  batches: { catchUp: boolean; count: number }[];
  states: ConnectionState[];
  /** What the supervisor was told may be lost for good. */
  losses: LossInfo[];
  /** Every request the source made, as URL paths. */
  requests: string[];
  cursor(): string | null;
  notifications(): NotificationData[];
  stop(): void;
}

/** A fetch that records each request's path (and query) before passing it on. */
export function recordingFetch(into: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    into.push(url.pathname + url.search);
    return fetch(input, init);
  };
}

export function supervise(source: Source, preference: TransportPreference, requests: string[], cursor: string | null = null): Subscriber {
  let saved = cursor;
  const supervisor = new Supervisor({
    source,
    preference,
    cursor: { load: () => saved, save: (c) => (saved = c) },
    baseDelayMs: 100,
    maxDelayMs: 500,
  });
  const events: HeraldEvent[] = [];
  const batches: Subscriber['batches'] = [];
  const states: ConnectionState[] = [];
  const losses: LossInfo[] = [];
  supervisor.onDidDetectLoss((l) => losses.push(l));
  supervisor.onDidReceiveEvents((e) => {
    events.push(...e.events);
    batches.push({ catchUp: e.catchUp, count: e.events.length });
  });
  supervisor.onDidChangeState((s) => states.push(s));
  supervisor.start();
  return {
    supervisor,
    events,
    batches,
    states,
    losses,
    requests,
    cursor: () => saved,
    notifications: () => events.flatMap((e) => (e.type === 'notification' ? [{ ...e.data }] : [])),
    stop: () => supervisor.stop(),
  };
}
