/**
 * The real connection core for the shell's tests, instead of a stand-in: `createHeraldClient` (its public factory)
 * over an empty source list, or over reference servers (src/server) on 127.0.0.1. Everything opened here is closed
 * after each test.
 */
import type { HeraldClient } from '../../src/core/herald-client';
import { createHeraldClient } from '../../src/core/client';
import { silentLogger } from '../../src/core/base/log';
import { MemoryStore } from '../../src/core/store';
import { startServer, type PublishInput, type RunningServer } from '../../src/server/index';
import type { HeraldEvent } from '../../src/shared/events';
import type { InboxItem } from '../../src/shared/inbox';
import { waitFor } from '../helpers/wait';

const toClose: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of toClose.splice(0).reverse()) await close();
});

type Options = Partial<Parameters<typeof createHeraldClient>[0]>;

/** The real client with these options (no source, memory stores, quiet), stopped after the test. */
export function realClient(options: Options = {}): HeraldClient {
  const client = createHeraldClient({ sources: [], store: new MemoryStore(), inboxStore: null, logger: silentLogger, keepProcessAlive: false, ...options });
  toClose.push(() => client.stop());
  return client;
}

/** The real client with no source: what a first start without the demo server has. */
export function emptyClient(): HeraldClient {
  return realClient();
}

export interface LiveClient {
  client: HeraldClient;
  servers: Record<string, RunningServer>;
  /** Publish on a source's server and wait until the client's inbox holds the item. */
  publish(input: PublishInput, sourceId?: string): Promise<InboxItem>;
  /** Publish several at once (one event each), and wait until the inbox holds them all. */
  publishMany(inputs: PublishInput[], sourceId?: string): Promise<void>;
}

/**
 * The real client connected to one reference server per source id (default: one source, 'demo'), each started on
 * 127.0.0.1; resolves once every source is open. Short backoffs; `catchUpAfterMs: 0` makes every reconnect a catch-up.
 */
export async function liveClient(opts: { sourceIds?: string[]; catchUpAfterMs?: number } = {}): Promise<LiveClient> {
  const servers: Record<string, RunningServer> = {};
  for (const id of opts.sourceIds ?? ['demo']) {
    const server = await startServer({ port: 0, keepaliveSeconds: 0.5, logger: silentLogger });
    toClose.push(() => server.close());
    servers[id] = server;
  }
  const client = realClient({
    sources: Object.entries(servers).map(([id, s]) => ({ id, kind: 'herald' as const, url: s.url })),
    tuning: { supervisor: { baseDelayMs: 20, maxDelayMs: 200, ...(opts.catchUpAfterMs !== undefined ? { catchUpAfterMs: opts.catchUpAfterMs } : {}) }, source: { herald: { keepaliveMs: 500 } } },
  });
  client.start();
  await waitFor(() => client.connection().sources.every((s) => s.state.kind === 'open' && !s.loading), { message: 'the client to connect' });
  const keyOf = (sourceId: string, e: HeraldEvent) => `${sourceId}/${(e.data as { itemId: string }).itemId}`;
  const publishMany = async (inputs: PublishInput[], sourceId = Object.keys(servers)[0]!) => {
    const keys = inputs.map((input) => keyOf(sourceId, servers[sourceId]!.publish(input)));
    const last = keys.at(-1);
    await waitFor(() => last === undefined || client.items().some((i) => i.key === last), { message: `${keys.length} published item(s) in the inbox` });
  };
  const publish = async (input: PublishInput, sourceId = Object.keys(servers)[0]!) => {
    const key = keyOf(sourceId, servers[sourceId]!.publish(input));
    return waitFor(() => client.items().find((i) => i.key === key), { message: `item ${key} in the inbox` });
  };
  return { client, servers, publish, publishMany };
}

/** Record the calls made to some of a real client's methods (which still run): what the shell asked of the core. */
export function recordCalls<M extends keyof HeraldClient>(client: HeraldClient, methods: M[]) {
  type Spy = { mock: { calls: unknown[][]; invocationCallOrder: number[] } };
  const spyOn = vi.spyOn as unknown as (object: HeraldClient, method: M) => Spy;
  const spies = new Map(methods.map((m) => [m, spyOn(client, m)]));
  return {
    /** The arguments of each call to `method`. */
    called: (method: M) => spies.get(method)!.mock.calls,
    /** The methods called, in order. */
    order: () =>
      [...spies]
        .flatMap(([m, spy]) => spy.mock.invocationCallOrder.map((n) => [n, m] as const))
        .sort((a, b) => a[0] - b[0])
        .map(([, m]) => m),
  };
}
