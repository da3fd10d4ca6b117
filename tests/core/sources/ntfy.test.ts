/**
 * The ntfy source against the real ntfy server (Debian's `ntfy` 2.11, tests/support/ntfy/ntfy-server.ts), through the
 * real Supervisor. Links go through a TCP proxy where a test needs to cut, refuse or freeze them.
 */
import type { SourceConfig } from '../../../src/core/source';
import { createNtfySource, type NtfyTuning } from '../../../src/core/sources/ntfy';
import { startNtfy, type NtfyServer } from '../../support/ntfy/ntfy-server';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { waitFor } from '../../helpers/wait';
import { recordingFetch, supervise, type Subscriber } from './source-harness';

const FAST: NtfyTuning = { keepaliveMs: 5000, requestTimeoutMs: 3000, pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 } };

let server: NtfyServer;
let proxy: TcpProxy;
let subscribers: Subscriber[] = [];
let seq = 0;
const topic = (name: string): string => `${name}-${process.pid}-${++seq}`;

beforeAll(async () => {
  server = await startNtfy({ attachments: true });
  proxy = await startTcpProxy(server.port);
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

afterEach(() => {
  for (const s of subscribers) s.stop();
  subscribers = [];
  proxy.refuse(false);
});

function subscribe(kind: 'sse' | 'poll', topics: string[], options: { url?: string; extra?: Partial<SourceConfig>; tuning?: NtfyTuning; cursor?: string | null } = {}): Subscriber {
  const requests: string[] = [];
  const config: SourceConfig = { id: 'ntfy-test', kind: 'ntfy', url: options.url ?? proxy.url, channels: topics, ...options.extra };
  const source = createNtfySource(config, { fetch: recordingFetch(requests), ntfy: options.tuning ?? FAST });
  const s = supervise(source, kind, requests, options.cursor ?? null);
  subscribers.push(s);
  return s;
}

const opened = (s: Subscriber) => waitFor(() => s.supervisor.state.kind === 'open', { message: `open (${JSON.stringify(s.supervisor.state)})` });

/** Cut every link and keep it down while `during` runs (the server itself stays up, or is restarted by `during`). */
async function outage(during: () => Promise<void>): Promise<void> {
  proxy.refuse(true);
  proxy.cutAll();
  try {
    await during();
  } finally {
    proxy.refuse(false);
  }
}

describe.each(['sse', 'poll'] as const)('ntfy over %s', (kind) => {
  it('keeps what the sender sent: priority, tags, click, actions, icon, attachment, markdown, expiry', async () => {
    const t = topic('alerts');
    const s = subscribe(kind, [t]);
    await opened(s);
    const full = await server.publish(t, 'Disk /var is **99%** full', {
      Title: 'Disk alert',
      Priority: 'urgent',
      Tags: 'warning, skull',
      Click: 'https://grafana.example/d/disk',
      Actions: 'view, Open graphs, https://grafana.example/d/disk; http, Silence, https://alerts.example/silence, method=PUT; broadcast, Take picture, extras.cmd=pic',
      Icon: 'https://img.example/icon.png',
      Markdown: 'yes',
    });
    const file = await server.publish(t, 'hello file', { Filename: 'notes.txt', Priority: '2' });
    await server.publish(t, 'bad link', { Click: 'javascript:alert(1)' });
    const got = await waitFor(() => s.notifications().length >= 3 && s.notifications(), { message: 'three notifications' });
    expect(got[0]).toEqual({
      itemId: `${t}:${full.id}`,
      title: 'Disk alert',
      body: 'Disk /var is **99%** full',
      priority: 5,
      url: 'https://grafana.example/d/disk',
      tags: ['warning', 'skull'],
      actions: [
        { kind: 'view', label: 'Open graphs', url: 'https://grafana.example/d/disk', clear: false },
        { kind: 'http', label: 'Silence', url: 'https://alerts.example/silence', method: 'PUT', clear: false },
        { kind: 'broadcast', label: 'Take picture', extras: { cmd: 'pic' }, clear: false },
      ],
      icon: 'https://img.example/icon.png',
      markdown: true,
      expires: new Date((full.expires ?? 0) * 1000).toISOString(),
    });
    // An uploaded file: the server knows its type and size, and when it deletes it.
    expect(got[1]).toMatchObject({ itemId: `${t}:${file.id}`, priority: 2, attachment: { name: 'notes.txt', type: 'text/plain; charset=utf-8', size: 10 } });
    expect(got[1]?.attachment?.url).toMatch(new RegExp(`^${server.url}/file/${file.id}\\.txt$`));
    expect(got[1]?.attachment?.expires).toMatch(/^\d{4}-/);
    expect(got[2]).toMatchObject({ body: 'bad link', priority: 3 });
    expect(got[2]?.url).toBeUndefined();
    expect(s.losses).toEqual([]);
  });

  it('hands on a hostile publisher\'s text normalised: controls and noncharacters replaced, overrides out of the title', async () => {
    const t = topic('hostile');
    const s = subscribe(kind, [t]);
    await opened(s);
    // ntfy reads RFC 2047 encoded words in headers: the way a sender puts any Unicode in a title.
    const title = `=?UTF-8?B?${Buffer.from('Invoice_\u202Efdp.exe\uFFFF').toString('base64')}?=`;
    await server.publish(t, 'log\u001b[2J \uFFFE done\r\n\u2067שלום\u2069', { Title: title });
    const got = await waitFor(() => s.notifications()[0], { message: 'the notification' });
    expect([got.title, got.body]).toEqual(['Invoice_fdp.exe\uFFFD', 'log [2J \uFFFD done\n\u2067שלום\u2069']);
  });

  it('resumes after a cut link: what was published meanwhile arrives once, nothing twice, no gap reported', async () => {
    const t = topic('cut');
    const s = subscribe(kind, [t]);
    await opened(s);
    await server.publish(t, 'one');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    await outage(async () => {
      await server.publish(t, 'two');
      await server.publish(t, 'three');
    });
    await waitFor(() => s.notifications().length >= 3, { message: 'the messages from the outage' });
    await server.publish(t, 'four');
    const got = await waitFor(() => s.notifications().length >= 4 && s.notifications(), { message: 'a live message after the outage' });
    expect(got.map((n) => n.body)).toEqual(['one', 'two', 'three', 'four']);
    expect(s.losses).toEqual([]);
  });

  it('resumes across a server restart with its cache file, without a false gap report', async () => {
    const t = topic('restart');
    const s = subscribe(kind, [t]);
    await opened(s);
    await server.publish(t, 'before');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    await outage(async () => {
      await server.restart();
      await server.publish(t, 'after');
    });
    const got = await waitFor(() => s.notifications().length >= 2 && s.notifications(), { timeoutMs: 10_000, message: 'the message after the restart' });
    expect(got.map((n) => n.body)).toEqual(['before', 'after']);
    expect(s.losses).toEqual([]);
  });
});

describe('ntfy over sse: a message the server does not cache (`Cache: no`)', () => {
  it('is delivered, and a resume after it reports no false gap', async () => {
    const t = topic('nocache');
    const s = subscribe('sse', [t]);
    await opened(s);
    await server.publish(t, 'cached');
    await server.publish(t, 'live only', { Cache: 'no' });
    await waitFor(() => s.notifications().length === 2, { message: 'both messages' });
    await outage(async () => {
      await server.publish(t, 'while away');
    });
    await waitFor(() => s.notifications().length === 3, { message: 'the message sent while away' });
    expect(s.notifications().map((n) => n.body)).toEqual(['cached', 'live only', 'while away']);
    expect(s.losses).toEqual([]);
  });
});

describe('ntfy over sse: before any message', () => {
  it('resumes from the time of the open event, so an early outage leaves no hole', async () => {
    const t = topic('early');
    const s = subscribe('sse', [t]);
    await opened(s);
    await waitFor(() => s.cursor() !== null, { message: 'a time cursor from the open event' });
    expect(s.cursor()).toMatch(/^\d{10}$/);
    await outage(async () => {
      await server.publish(t, 'while away');
    });
    await waitFor(() => s.notifications().length === 1, { message: 'the message sent while away' });
  });
});

describe.each(['sse', 'poll'] as const)('ntfy over %s, resumed from a saved cursor', (kind) => {
  it('catches up from the cache when the client starts again', async () => {
    const t = topic('news');
    const s1 = subscribe(kind, [t]);
    await opened(s1);
    await server.publish(t, 'seen');
    await waitFor(() => s1.notifications().length === 1, { message: 'the first message' });
    const cursor = s1.cursor();
    s1.stop();
    await server.publish(t, 'missed 1');
    await server.publish(t, 'missed 2');
    const s2 = subscribe(kind, [t], { cursor });
    await waitFor(() => s2.notifications().length === 2, { message: 'the missed messages' });
    expect(s2.notifications().map((n) => n.body)).toEqual(['missed 1', 'missed 2']);
    expect(s2.batches[0]).toEqual({ catchUp: true, count: 2 });
    await opened(s2);
    await server.publish(t, 'live');
    await waitFor(() => s2.notifications().length === 3, { message: 'a live message after the catch-up' });
    expect(s2.losses).toEqual([]);
  });
});

describe('ntfy that no longer knows our last message', () => {
  // A memory cache: a restart forgets every message, as an expired cache (12 h by default) forgets old ones. ntfy
  // then answers our resume with whatever it holds, which looks like a normal resume: Herald must say so.
  let forgetful: NtfyServer;
  let front: TcpProxy;
  beforeAll(async () => {
    forgetful = await startNtfy({ cacheFile: false });
    front = await startTcpProxy(forgetful.port);
  });
  afterAll(async () => {
    await front?.close();
    await forgetful?.stop();
  });

  async function forget(t: string, publishAfter: string[]): Promise<void> {
    front.refuse(true);
    front.cutAll();
    await forgetful.restart();
    for (const body of publishAfter) await forgetful.publish(t, body);
    front.refuse(false);
  }

  it.each(['sse', 'poll'] as const)('over %s: the newer messages arrive and a possible gap is reported', async (kind) => {
    const t = topic('forgot');
    const s = subscribe(kind, [t], { url: front.url });
    await opened(s);
    const first = await forgetful.publish(t, 'before');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    await forget(t, ['after 1', 'after 2']);
    await waitFor(() => s.notifications().length === 3, { timeoutMs: 10_000, message: 'the messages after the restart' });
    expect(s.notifications().map((n) => n.body)).toEqual(['before', 'after 1', 'after 2']);
    const loss = await waitFor(() => s.losses[0], { message: 'a loss report' });
    expect(loss).toMatchObject({ reason: 'unknown_cursor', from: new Date(first.time * 1000).toISOString() });
    expect(s.losses).toHaveLength(1);
    // Reported once: later messages are plain.
    await forgetful.publish(t, 'live');
    await waitFor(() => s.notifications().length === 4, { message: 'a live message' });
    expect(s.losses).toHaveLength(1);
  });

  it('when the client starts again from a saved cursor: the catch-up reports the gap', async () => {
    const t = topic('forgot-start');
    const s1 = subscribe('sse', [t], { url: front.url });
    await opened(s1);
    await forgetful.publish(t, 'seen');
    await waitFor(() => s1.notifications().length === 1, { message: 'the first message' });
    const cursor = s1.cursor();
    s1.stop();
    await forget(t, ['new']);
    const s2 = subscribe('sse', [t], { url: front.url, cursor });
    await waitFor(() => s2.notifications().length === 1, { message: 'the message after the restart' });
    expect(s2.batches[0]).toEqual({ catchUp: true, count: 1 });
    await waitFor(() => s2.losses.length === 1, { message: 'a loss report' });
    expect(s2.losses[0]?.reason).toBe('unknown_cursor');
  });
});

describe('ntfy keepalive (5 s, the server minimum)', () => {
  it('keeps a quiet stream open: a 6 s silence window is never reached while keepalives arrive', async () => {
    const t = topic('quiet');
    // keepalive 3 s + margin 3 s = 6 s: without the server's 5 s keepalive the link would be declared stalled.
    const s = subscribe('sse', [t], { tuning: { ...FAST, keepaliveMs: 3000 } });
    await opened(s);
    const since = Date.now();
    await waitFor(() => Date.now() - since > 7000, { timeoutMs: 9000, message: 'seven quiet seconds' });
    expect(s.states.map((st) => st.kind)).toEqual(['connecting', 'open']);
    expect(s.requests.filter((r) => r.includes('/sse'))).toHaveLength(1);
  });

  it('declares a frozen link stalled and reconnects', async () => {
    const t = topic('frozen');
    const s = subscribe('sse', [t], { tuning: { ...FAST, keepaliveMs: 1000 } });
    await opened(s);
    proxy.freezeAll();
    const stalled = await waitFor(() => s.states.find((st) => st.kind === 'backoff'), { message: 'a stalled link' });
    expect(stalled.kind === 'backoff' && stalled.error.code).toBe('stalled');
    await waitFor(() => s.supervisor.state.kind === 'open' && s.requests.length >= 2, { message: 'a new stream' });
    await server.publish(t, 'after the freeze');
    await waitFor(() => s.notifications().length === 1, { message: 'a message on the new stream' });
  });
});

describe('ntfy auth (an auth file, deny-all by default)', () => {
  let secured: NtfyServer;
  let token: string;
  beforeAll(async () => {
    secured = await startNtfy({
      users: [
        { name: 'phil', password: 'secret', access: { 'private-*': 'read-only' } },
        { name: 'eve', password: 'pw', access: { other: 'read-only' } },
      ],
    });
    token = secured.addToken('phil');
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it.each([
    ['an access token', 'sse', () => ({ token })],
    ['user and password', 'poll', () => ({ username: 'phil', password: 'secret' })],
  ] as const)('subscribes with %s over %s', async (_name, kind, creds) => {
    const t = topic('private');
    const s = subscribe(kind, [t], { url: secured.url, extra: creds() });
    await opened(s);
    await secured.publish(t, 'for phil');
    await waitFor(() => s.notifications().length === 1, { message: 'the private message' });
  });

  it.each([
    ['a wrong token', 'sse', { token: 'tk_0000000000000000000000000000z' }, 'auth'],
    ['a wrong password', 'poll', { username: 'phil', password: 'guess' }, 'auth'],
    ['no credentials', 'sse', {}, 'forbidden'],
    ['a topic the user may not read', 'poll', { username: 'eve', password: 'pw' }, 'forbidden'],
  ] as const)('fails with %s over %s, a code the window puts in words, without retrying', async (_name, kind, creds, code) => {
    const t = topic('private');
    const s = subscribe(kind, [t], { url: secured.url, extra: creds });
    const failed = await waitFor(() => (s.supervisor.state.kind === 'failed' ? s.supervisor.state : null), { message: 'failed' });
    expect(failed.error.code).toBe(code);
    expect(s.requests.filter((r) => r.startsWith(`/${t}/`))).toHaveLength(1);
  });
});
