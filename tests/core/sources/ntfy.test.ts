/**
 * The ntfy source against the ntfy stand-in (tests/support/ntfy), through the real Supervisor.
 * The stand-in follows ntfy's documented API; its deviations are listed in docs/SOURCES.md.
 */
import type { SourceConfig } from '../../../src/core/source';
import { createNtfySource, type NtfyTuning } from '../../../src/core/sources/ntfy';
import { startNtfyStandin, type NtfyStandin, type NtfyStandinOptions } from '../../support/ntfy/ntfy-standin';
import { waitFor } from '../../helpers/wait';
import { recordingFetch, supervise, type Subscriber } from './source-harness';

const FAST: NtfyTuning = { keepaliveMs: 1000, requestTimeoutMs: 3000, pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 } };

let server: NtfyStandin | null = null;
let subscribers: Subscriber[] = [];

afterEach(async () => {
  for (const s of subscribers) s.stop();
  subscribers = [];
  await server?.close();
  server = null;
});

async function start(options: NtfyStandinOptions = {}): Promise<NtfyStandin> {
  server = await startNtfyStandin({ keepaliveMs: 200, ...options });
  return server;
}

function subscribe(kind: 'sse' | 'poll', topics: string[], extra: Partial<SourceConfig> = {}, tuning: NtfyTuning = FAST, cursor: string | null = null): Subscriber {
  if (!server) throw new Error('start the stand-in first');
  const requests: string[] = [];
  const source = createNtfySource({ id: 'ntfy-test', kind: 'ntfy', url: server.url, channels: topics, ...extra }, { fetch: recordingFetch(requests), ntfy: tuning });
  const s = supervise(source, kind, requests, cursor);
  subscribers.push(s);
  return s;
}

async function publish(topic: string, body: string, headers: Record<string, string> = {}): Promise<{ id: string }> {
  const res = await fetch(`${server?.url}/${topic}`, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

const opened = (s: Subscriber) => waitFor(() => s.supervisor.state.kind === 'open', { message: `open (${JSON.stringify(s.supervisor.state)})` });

describe.each(['sse', 'poll'] as const)('ntfy over %s', (kind) => {
  it('maps title, message, priority, tags, click and actions', async () => {
    await start();
    const s = subscribe(kind, ['alerts']);
    await opened(s);
    const full = await publish('alerts', 'Disk /var is 99% full', {
      Title: 'Disk alert',
      Priority: 'urgent',
      Tags: 'warning, skull',
      Click: 'https://grafana.example/d/disk',
      Actions: 'view, Open graphs, https://grafana.example/d/disk; http, Silence, https://alerts.example/silence, method=PUT',
    });
    await publish('alerts', 'plain one');
    await publish('alerts', 'bad link', { Click: 'javascript:alert(1)', Priority: '2' });
    const got = await waitFor(() => s.notifications().length >= 3 && s.notifications(), { message: 'three notifications' });
    expect(got[0]).toEqual({
      itemId: `alerts:${full.id}`,
      title: 'Disk alert',
      body: 'Disk /var is 99% full',
      priority: 5,
      url: 'https://grafana.example/d/disk',
      tags: ['warning', 'skull', 'action:Open graphs', 'action:Silence'],
    });
    expect(got[1]).toEqual({ itemId: expect.stringMatching(/^alerts:[A-Za-z0-9]{12}$/), title: 'alerts', body: 'plain one', priority: 3 });
    expect(got[2]).toMatchObject({ body: 'bad link', priority: 2 });
    expect(got[2]?.url).toBeUndefined();
    expect(s.cursor()).toBe(server?.messages().at(-1)?.id);
  });
});

describe('ntfy over sse: a cut stream', () => {
  it('resumes with since=<last id>: nothing lost, nothing twice', async () => {
    await start();
    const s = subscribe('sse', ['a', 'b']);
    await opened(s);
    const first = await publish('a', 'one');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    server?.disconnectAll();
    await publish('b', 'two');
    await publish('a', 'three');
    const got = await waitFor(() => s.notifications().length >= 3 && s.notifications(), { message: 'messages from the outage' });
    expect(got.map((n) => n.body)).toEqual(['one', 'two', 'three']);
    // The stream was cut: the new one asked for what came after the last message it had.
    expect(s.requests).toContain(`/a,b/sse?since=${first.id}`);
  });

  it('before any message, resumes from the time of the open event, so an early outage leaves no hole', async () => {
    await start();
    const s = subscribe('sse', ['early']);
    await opened(s);
    await waitFor(() => s.cursor() !== null, { message: 'a time cursor from the open event' });
    expect(s.cursor()).toMatch(/^\d{10}$/);
    server?.disconnectAll();
    await publish('early', 'while away');
    await waitFor(() => s.notifications().length === 1, { message: 'the message sent while away' });
  });
});

describe.each(['sse', 'poll'] as const)('ntfy over %s, resumed from a saved cursor', (kind) => {
  it('catches up from the cache with since=<id> when the client starts again', async () => {
    await start();
    const s1 = subscribe(kind, ['news']);
    await opened(s1);
    await publish('news', 'seen');
    await waitFor(() => s1.notifications().length === 1, { message: 'the first message' });
    const cursor = s1.cursor();
    s1.stop();
    await publish('news', 'missed 1');
    await publish('news', 'missed 2');
    const s2 = subscribe(kind, ['news'], {}, FAST, cursor);
    await waitFor(() => s2.notifications().length === 2, { message: 'the missed messages' });
    expect(s2.notifications().map((n) => n.body)).toEqual(['missed 1', 'missed 2']);
    expect(s2.batches[0]).toEqual({ catchUp: true, count: 2 });
    await opened(s2);
    await publish('news', 'live');
    await waitFor(() => s2.notifications().length === 3, { message: 'a live message after the catch-up' });
  });
});

describe('ntfy keepalive', () => {
  it('keeps a quiet stream alive: the heartbeat does not fire while keepalives arrive', async () => {
    const standin = await start({ keepaliveMs: 100 });
    // The watchdog allows keepalive + margin = 500 ms of silence; keepalives come every 100 ms.
    const s = subscribe('sse', ['quiet'], {}, { ...FAST, keepaliveMs: 250 });
    await opened(s);
    await waitFor(() => standin.keepalivesSent() >= 15, { message: 'fifteen keepalives (1.5 s, three silence windows)' });
    expect(s.states, JSON.stringify(s.states)).toHaveLength(2);
    expect(s.states.map((st) => st.kind)).toEqual(['connecting', 'open']);
    expect(standin.streamsOpened()).toBe(1);
  });

  it('declares a silent stream stalled and reconnects when keepalives stop coming', async () => {
    const standin = await start({ keepaliveMs: 60_000 });
    const s = subscribe('sse', ['quiet'], {}, { ...FAST, keepaliveMs: 250 });
    await opened(s);
    const stalled = await waitFor(() => s.states.find((st) => st.kind === 'backoff'), { message: 'a stalled link' });
    expect(stalled.kind === 'backoff' && stalled.error.code).toBe('stalled');
    await waitFor(() => standin.streamsOpened() >= 2, { message: 'a new stream' });
  });
});

describe('ntfy auth', () => {
  const users = [
    { username: 'phil', password: 'secret', tokens: ['tk_goodtoken'], topics: ['private'] },
    { username: 'eve', password: 'pw', topics: ['other'] },
  ];

  it.each([
    ['a bearer token', { token: 'tk_goodtoken' }],
    ['user and password', { username: 'phil', password: 'secret' }],
  ])('subscribes with %s', async (_name, creds) => {
    await start({ users });
    const s = subscribe('sse', ['private'], creds);
    await opened(s);
    await publish('private', 'for phil', { Authorization: 'Bearer tk_goodtoken' });
    await waitFor(() => s.notifications().length === 1, { message: 'the private message' });
  });

  it.each([
    ['a wrong token', 'sse', { token: 'tk_nope' }, 'auth'],
    ['a wrong password', 'poll', { username: 'phil', password: 'guess' }, 'auth'],
    ['no credentials', 'sse', {}, 'forbidden'],
    ['a user without access', 'poll', { username: 'eve', password: 'pw' }, 'forbidden'],
  ] as const)('fails with %s over %s, without retrying', async (_name, kind, creds, code) => {
    const standin = await start({ users });
    const s = subscribe(kind, ['private'], creds);
    const failed = await waitFor(() => (s.supervisor.state.kind === 'failed' ? s.supervisor.state : null), { message: 'failed' });
    expect(failed.error.code).toBe(code);
    expect(standin.requests.filter((r) => r.path === '/private/sse' || r.path === '/private/json')).toHaveLength(1);
  });
});
