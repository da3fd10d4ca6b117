/**
 * Integration harness: a Herald source + Supervisor subscribed to the real reference server on 127.0.0.1, with
 * small real timeouts (keepalive 0.2 s, backoff 20 ms) so the suite stays fast, and recorders for what a caller sees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldSource, type HeraldTuning } from '../../../src/core/sources/herald';
import { Supervisor, type SupervisorOptions } from '../../../src/core/connection/supervisor';
import type { ConnectionState, TransportKind, TransportPreference } from '../../../src/shared/connection-state';
import type { HeraldEvent } from '../../../src/shared/events';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/server/index';
import { waitFor } from '../../helpers/wait';

export interface Subscriber {
  supervisor: Supervisor;
  events: HeraldEvent[];
  catchUpEvents: HeraldEvent[];
  states: ConnectionState[];
  store: { cursor: string | null };
  ids(): string[];
  /** Transports that reached `open`, in order. */
  opened(): TransportKind[];
  stop(): void;
}

export const FAST: HeraldTuning = {
  keepaliveMs: 200,
  longPollSeconds: 1,
  requestTimeoutMs: 700,
  pollInterval: { initialMs: 50, minMs: 20, maxMs: 150 },
};

export function subscribe(
  url: string,
  preference: TransportPreference,
  { cursor, token, ...overrides }: Partial<Omit<SupervisorOptions, 'cursor'>> & { cursor?: string | null; token?: string } = {},
): Subscriber {
  const source = createHeraldSource(
    { id: 'herald', kind: 'herald', url, ...(token ? { token } : {}) },
    {
      fetch: globalThis.fetch.bind(globalThis),
      herald: FAST,
    },
  );
  const store = { cursor: cursor ?? null };
  const events: HeraldEvent[] = [];
  const catchUpEvents: HeraldEvent[] = [];
  const states: ConnectionState[] = [];
  const supervisor = new Supervisor({
    source,
    preference,
    cursor: { load: () => store.cursor, save: (c) => void (store.cursor = c) },
    baseDelayMs: 20,
    maxDelayMs: 200,
    stableAfterMs: 2000,
    fallbackAfterFailures: 3,
    climbBackAfterMs: 300,
    ...overrides,
  });
  supervisor.onDidChangeState((s) => states.push(s));
  supervisor.onDidReceiveEvents(({ events: batch, catchUp }) => {
    events.push(...batch);
    if (catchUp) catchUpEvents.push(...batch);
  });
  supervisor.start();
  return {
    supervisor,
    events,
    catchUpEvents,
    states,
    store,
    ids: () => events.map((e) => e.id),
    opened: () => states.flatMap((s) => (s.kind === 'open' ? [s.transport] : [])),
    stop: () => supervisor.stop(),
  };
}

/** 1..n as strings. */
export function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(String(i));
  return out;
}

// —— the reference server ——

/** Start the reference server with fast timings and the test hooks on. */
export function startFastServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, keepaliveSeconds: 0.2, retryMs: 20, testHooks: true, ...options });
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'herald-core-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function setFaults(server: RunningServer, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/_test/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`faults refused: ${res.status} ${await res.text()}`);
}

export function publishMany(server: RunningServer, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(server.publish({ title: `event ${i}`, body: 'body' }).id);
  return ids;
}

/**
 * Wait until the subscriber is attached live, so that what is published next is "live" (a subscriber without a
 * cursor starts from "now"): an SSE stream or a waiting long-poll on the server, or a first poll answered.
 */
export async function attached(server: RunningServer, sub: Subscriber, transport: TransportKind): Promise<void> {
  await waitFor(
    () => {
      if (sub.supervisor.state.kind !== 'open' || sub.supervisor.transport !== transport) return false;
      if (transport === 'sse') return server.connections().sse > 0;
      if (transport === 'longpoll') return server.connections().longPoll > 0;
      return sub.store.cursor !== null;
    },
    { timeoutMs: 5000, message: `${transport} attached` },
  );
}
