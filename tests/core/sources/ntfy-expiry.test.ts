/**
 * ntfy expires messages from its cache (`cache-duration`). On a quiet topic our own last message expires while we
 * keep polling: that is not a gap (nothing newer came and went between two answers less than one cache duration
 * apart), so no "may be missing" — once per message expiry was a warning that repeated on every quiet topic. Away
 * for longer than the cache duration, the gap is possible and reported, once. The real ntfy 2.11 with a 6 s cache.
 */
import type { SourceConfig } from '../../../src/core/source';
import { createNtfySource, type NtfyTuning } from '../../../src/core/sources/ntfy';
import { startNtfy, type NtfyServer } from '../../support/ntfy/ntfy-server';
import { waitFor } from '../../helpers/wait';
import { recordingFetch, supervise, type Subscriber } from './source-harness';

const FAST: NtfyTuning = { keepaliveMs: 5000, requestTimeoutMs: 3000, pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 } };
const CACHE_SECONDS = 6;

let server: NtfyServer;
let subscribers: Subscriber[] = [];
let seq = 0;
const topic = (name: string): string => `${name}-${process.pid}-${++seq}`;

beforeAll(async () => {
  server = await startNtfy({ cacheSeconds: CACHE_SECONDS });
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => {
  for (const s of subscribers) s.stop();
  subscribers = [];
});

function subscribe(t: string, cursor: string | null = null): Subscriber {
  const requests: string[] = [];
  const config: SourceConfig = { id: 'ntfy-expiry', kind: 'ntfy', url: server.url, channels: [t] };
  const s = supervise(createNtfySource(config, { fetch: recordingFetch(requests), ntfy: FAST }), 'poll', requests, cursor);
  subscribers.push(s);
  return s;
}

/** Wait until ntfy no longer holds anything on the topic (pruned after the cache duration). */
async function expired(t: string): Promise<void> {
  await waitFor(async () => (await (await fetch(`${server.url}/${t}/json?poll=1&since=all`)).text()).trim() === '', {
    timeoutMs: (CACHE_SECONDS + 10) * 1000,
    intervalMs: 250,
    message: 'the cached messages expired',
  });
}

/** Let the subscriber ask the server three more times (counted at its fetch, not timed). */
async function threeMorePolls(s: Subscriber): Promise<void> {
  const before = s.requests.length;
  await waitFor(() => s.requests.length >= before + 3, { message: 'three more polls' });
}

describe('ntfy poll on a quiet topic', () => {
  it('our last message expiring while we keep polling is not a gap: no warning, and the next message arrives plain', { timeout: 40_000 }, async () => {
    const t = topic('quiet');
    const s = subscribe(t);
    await waitFor(() => s.supervisor.state.kind === 'open', { message: 'open' });
    await server.publish(t, 'first');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    await expired(t);
    await threeMorePolls(s);
    expect(s.losses).toEqual([]);

    await server.publish(t, 'second');
    await waitFor(() => s.notifications().length === 2, { message: 'the second message' });
    await expired(t);
    await threeMorePolls(s);
    expect(s.losses).toEqual([]);
    expect(s.notifications().map((n) => n.body)).toEqual(['first', 'second']);
  });

  it('away for longer than the cache duration: the possible gap is reported once', { timeout: 40_000 }, async () => {
    const t = topic('away');
    const s1 = subscribe(t);
    await waitFor(() => s1.supervisor.state.kind === 'open', { message: 'open' });
    await server.publish(t, 'seen');
    await waitFor(() => s1.notifications().length === 1, { message: 'the first message' });
    const cursor = s1.cursor();
    s1.stop();
    await expired(t);

    const s2 = subscribe(t, cursor);
    await waitFor(() => s2.losses.length === 1, { message: 'a loss report' });
    await threeMorePolls(s2);
    expect(s2.losses).toHaveLength(1);
    expect(s2.losses[0]?.reason).toBe('unknown_cursor');
  });
});
