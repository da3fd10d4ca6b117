/**
 * Misbehaving servers (the reference server's test hooks): a stalled link is detected by the heartbeat or the
 * request timeout and reconnected; an SSE endpoint that 404s or buffers makes `auto` fall back to long-poll and
 * climb back once it is fixed; a cursor older than the ring buffer is caught up from history; auth is final.
 */
import type { RunningServer } from '../../../src/server/index';
import { waitFor } from '../../helpers/wait';
import { attached, publishMany, range, setFaults, startFastServer, subscribe, type Subscriber } from './harness';

let server: RunningServer | undefined;
let sub: Subscriber | undefined;

afterEach(async () => {
  sub?.stop();
  sub = undefined;
  await server?.close();
  server = undefined;
});

const backoffCodes = (s: Subscriber) => s.states.flatMap((st) => (st.kind === 'backoff' ? [st.error.code] : []));

describe('stalled server', () => {
  it('SSE: the heartbeat notices a silent stream and reconnects; nothing is lost', async () => {
    server = await startFastServer();
    sub = subscribe(server.url, 'sse');
    const s = sub;
    await attached(server, s, 'sse');
    publishMany(server, 1);
    await waitFor(() => s.events.length === 1);
    await setFaults(server, { sse: 'stall' });
    publishMany(server, 1);
    await waitFor(() => backoffCodes(s).includes('stalled'), { message: 'stall detected' });
    expect(s.ids()).toEqual(['1']);
    await setFaults(server, { sse: 'ok' });
    await waitFor(() => s.events.length === 2, { message: 'event 2 after recovery' });
    publishMany(server, 1);
    await waitFor(() => s.events.length === 3);
    expect(s.ids()).toEqual(['1', '2', '3']);
  });

  it.each(['longpoll', 'poll'] as const)('%s: a request that never answers times out and is retried', async (transport) => {
    server = await startFastServer();
    sub = subscribe(server.url, transport);
    const s = sub;
    await attached(server, s, transport);
    await setFaults(server, { poll: 'stall' });
    publishMany(server, 1);
    await waitFor(() => backoffCodes(s).includes('timeout'), { message: 'timeout detected' });
    await setFaults(server, { poll: 'ok' });
    await waitFor(() => s.events.length === 1, { message: 'event after recovery' });
    expect(s.ids()).toEqual(['1']);
  });
});

describe('fallback and climb-back (auto)', () => {
  it.each(['404', 'buffer'] as const)('SSE %s: falls back to long-poll, then climbs back to SSE once fixed', async (fault) => {
    server = await startFastServer();
    await setFaults(server, { sse: fault });
    sub = subscribe(server.url, 'auto');
    const s = sub;
    await attached(server, s, 'longpoll');
    expect(s.opened().includes('sse')).toBe(fault === 'buffer');
    publishMany(server, 2);
    await waitFor(() => s.events.length === 2, { message: 'events over long-poll' });

    await setFaults(server, { sse: 'ok' });
    await attached(server, s, 'sse');
    publishMany(server, 2);
    await waitFor(() => s.events.length === 4, { message: 'events over SSE after climbing back' });
    expect(s.ids()).toEqual(range(1, 4));
    expect(s.opened().at(-1)).toBe('sse');
  });

  it('while SSE is still broken, a climb-back attempt steps down again at once', async () => {
    server = await startFastServer();
    await setFaults(server, { sse: '404' });
    sub = subscribe(server.url, 'auto');
    const s = sub;
    await attached(server, s, 'longpoll');
    // Several climb periods (300 ms) pass: each try fails and the long-poll comes back without a backoff state.
    await waitFor(() => s.states.filter((st) => st.kind === 'connecting' && st.transport === 'sse').length >= 3, { message: 'climb attempts' });
    expect(s.states.some((st) => st.kind === 'backoff' || st.kind === 'failed')).toBe(false);
    publishMany(server, 1);
    await waitFor(() => s.events.length === 1);
  });
});

describe('cursor older than the ring buffer', () => {
  it.each(['sse', 'longpoll', 'poll'] as const)('%s: a gap is caught up from history, nothing lost', async (transport) => {
    server = await startFastServer({ bufferSize: 5 });
    sub = subscribe(server.url, transport);
    const s = sub;
    await attached(server, s, transport);
    publishMany(server, 2);
    await waitFor(() => s.events.length === 2);
    // Away (briefly: no catch-up-before-connect) while far more than the buffer is published.
    s.supervisor.suspend();
    publishMany(server, 20);
    s.supervisor.resume();
    await waitFor(() => s.events.length >= 22, { message: 'caught up' });
    expect(s.ids()).toEqual(range(1, 22));
    expect(s.catchUpEvents.map((e) => e.id)).toEqual(expect.arrayContaining(range(3, 17)));
    publishMany(server, 1);
    await waitFor(() => s.events.length === 23);
    expect(s.ids()).toEqual(range(1, 23));
  });

  it('a restart with an old saved cursor catches up from history before going live', async () => {
    server = await startFastServer({ bufferSize: 5 });
    publishMany(server, 20);
    sub = subscribe(server.url, 'auto', { cursor: '2' });
    const s = sub;
    const caughtUp: number[] = [];
    s.supervisor.onDidCatchUp(({ count }) => caughtUp.push(count));
    await waitFor(() => s.events.length >= 18, { message: 'caught up' });
    expect(s.ids()).toEqual(range(3, 20));
    expect(s.catchUpEvents).toHaveLength(18);
    expect(caughtUp).toEqual([18]);
    await attached(server, s, 'sse');
    publishMany(server, 1);
    await waitFor(() => s.events.length === 19);
    expect(s.ids().at(-1)).toBe('21');
  });
});

describe('auth', () => {
  it('a wrong token fails without retrying; the right one connects', async () => {
    server = await startFastServer({ token: 'right' });
    sub = subscribe(server.url, 'auto', { token: 'wrong' });
    const s = sub;
    await waitFor(() => s.supervisor.state.kind === 'failed', { message: 'failed' });
    expect(s.supervisor.state).toMatchObject({ kind: 'failed', error: { code: 'auth', status: 401 } });
    s.stop();
    sub = subscribe(server.url, 'auto', { token: 'right' });
    const ok = sub;
    await attached(server, ok, 'sse');
    publishMany(server, 1);
    await waitFor(() => ok.events.length === 1);
  });
});
