/** The Nchan source under a real Supervisor, wired to a real nginx; one nginx per test file, channels unique per test. */
import type { TransportKind } from '../../../src/shared/connection-state';
import { createNchanSource, type NchanTuning } from '../../../src/core/sources/nchan';
import { startNchan, type NchanServer, type NchanServerOptions } from '../../support/nchan/nchan-server';
import { recordingFetch, supervise, type Subscriber } from './source-harness';

export type NchanSubscriber = Subscriber;

export const FAST_NCHAN: NchanTuning = {
  keepaliveMs: 1000,
  longPollTimeoutMs: 8000,
  requestTimeoutMs: 3000,
  pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 },
  reopenDelayMs: 200,
  assumeOpenAfterMs: 200,
};

export interface SubscribeOptions {
  cursor?: string | null;
  tuning?: NchanTuning;
}

export function subscribeNchan(url: string, kind: TransportKind, channels: string[], options: SubscribeOptions = {}): Subscriber {
  const requests: string[] = [];
  const source = createNchanSource({ id: 'nchan-test', kind: 'nchan', url, channels }, { fetch: recordingFetch(requests), nchan: options.tuning ?? FAST_NCHAN });
  return supervise(source, kind, requests, options.cursor ?? null);
}

export interface NchanFixture {
  /** The file's nginx (started before its tests, stopped after). */
  readonly server: NchanServer;
  /** Subscribe (to `url`, default the server's one-channel-per-link template); stopped after each test. */
  subscribe(kind: TransportKind, channels: string[], options?: SubscribeOptions & { url?: string }): NchanSubscriber;
  /** A channel name no other test uses. */
  channel(name: string): string;
}

/** Registers the file's hooks: one nginx + Nchan for the file, subscribers stopped after each test. */
export function useNchan(options: NchanServerOptions): NchanFixture {
  let server: NchanServer | undefined;
  const subscribers: NchanSubscriber[] = [];
  let seq = 0;
  beforeAll(async () => {
    server = await startNchan(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    for (const s of subscribers.splice(0)) s.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('nginx is not started yet (use the fixture inside tests)');
      return server;
    },
    subscribe(kind, channels, subscribeOptions = {}) {
      const s = subscribeNchan(subscribeOptions.url ?? this.server.subscribeUrl, kind, channels, subscribeOptions);
      subscribers.push(s);
      return s;
    },
    channel: (name) => `${name}-${process.pid}-${++seq}`,
  };
}
