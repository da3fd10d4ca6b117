/**
 * The Nchan source against a real nginx + Nchan (Debian's libnginx-mod-nchan), through the Supervisor, so cursor,
 * de-duplication and retries are the real ones. One nginx per test file; channels are unique per test.
 */
import { startNchan, type NchanServer } from '../../support/nchan/nchan-server';
import { waitFor } from '../../helpers/wait';
import { useNchan, type NchanSubscriber } from './nchan-harness';

const TRANSPORTS = ['sse', 'longpoll', 'poll'] as const;

const nchan = useNchan({ subscriberTimeout: '30s', pingIntervalSeconds: 1 });
const { channel } = nchan;
const subscribe = (kind: (typeof TRANSPORTS)[number], channels: string[]): NchanSubscriber => nchan.subscribe(kind, channels);

async function opened(s: NchanSubscriber): Promise<void> {
  await waitFor(() => s.supervisor.state.kind === 'open', { message: `open (state ${JSON.stringify(s.supervisor.state)})` });
}

describe.each(TRANSPORTS)('Nchan over %s', (kind) => {
  it('delivers published messages once each, in order, with their fields', async () => {
    const ch = channel('order');
    const s = subscribe(kind, [ch]);
    await opened(s);
    const ids = [
      await nchan.server.publish(ch, JSON.stringify({ title: 'Build', body: 'green', priority: 4, url: 'https://ci.example/1', tags: ['ci'] })),
      await nchan.server.publish(ch, 'just a line'),
      await nchan.server.publish(ch, 'Disk\nalmost full'),
      await nchan.server.publish(ch, JSON.stringify({ type: 'notification', data: { title: 'Envelope', body: 'full', priority: 5 } })),
      await nchan.server.publish(ch, 'five'),
    ];
    const got = await waitFor(() => s.notifications().length >= 5 && s.notifications(), { message: 'five notifications' });
    expect(got.map((n) => n.title)).toEqual(['Build', ch, 'Disk', 'Envelope', ch]);
    expect(got.map((n) => n.body)).toEqual(['green', 'just a line', 'almost full', 'full', 'five']);
    expect(got.map((n) => n.itemId)).toEqual(ids.map((id) => `${ch}:${id}`));
    const first = s.events[0];
    expect(first?.type === 'notification' && first.data).toMatchObject({ priority: 4, url: 'https://ci.example/1', tags: ['ci'] });
    // The cursor names the channel's last message, whatever the transport.
    expect(JSON.parse(s.cursor() ?? '{}')).toMatchObject({ v: 1, channels: { [ch]: { id: ids[4] } } });
    expect(s.states.some((st) => st.kind === 'backoff' || st.kind === 'failed')).toBe(false);
  });

  it('recovers when nginx restarts mid-stream and receives what is published afterwards', async () => {
    const ch = channel('restart');
    const s = subscribe(kind, [ch]);
    await opened(s);
    await nchan.server.publish(ch, 'before');
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });

    await nchan.server.restart();
    // The restarted server forgot the channel; its ids restart at the current second (often the same one).
    await nchan.server.publish(ch, 'after 1');
    await nchan.server.publish(ch, 'after 2');
    const got = await waitFor(() => s.notifications().length >= 3 && s.notifications(), { timeoutMs: 10_000, message: 'messages after the restart' });
    expect(got.map((n) => n.body)).toEqual(['before', 'after 1', 'after 2']);
    expect(new Set(got.map((n) => n.itemId)).size).toBe(3);
    await waitFor(() => s.supervisor.state.kind === 'open', { message: 'open again' });
  });
});

describe.each(['sse', 'longpoll'] as const)('Nchan over %s: a channel deleted by the publisher', (kind) => {
  it('is reported for that channel, the others go on, and it is listened to again without a hot loop', async () => {
    const gone = channel('gone');
    const kept = channel('kept');
    const s = subscribe(kind, [gone, kept]);
    await opened(s);
    await nchan.server.publish(gone, 'one');
    await nchan.server.publish(kept, 'two');
    await waitFor(() => s.notifications().length === 2, { message: 'one message per channel' });

    expect(await nchan.server.deleteChannel(gone)).toBe(200);
    const notice = await waitFor(() => s.events.find((e) => e.type === 'system'), { message: 'a notice about the closed channel' });
    expect(notice.type === 'system' && notice.data.title).toContain(gone);

    await nchan.server.publish(kept, 'three');
    await nchan.server.publish(gone, 'four');
    await waitFor(() => s.notifications().length === 4, { message: 'both channels deliver after the delete' });
    expect(s.notifications().map((n) => n.body).sort()).toEqual(['four', 'one', 'three', 'two']);
    // One resubscribe after a delay, not a loop: a handful of requests to the deleted channel in all.
    const toGone = s.requests.filter((p) => p.endsWith(`/${gone}`)).length;
    expect(toGone).toBeLessThanOrEqual(kind === 'sse' ? 3 : 6);
    expect(s.states.some((st) => st.kind === 'failed' || st.kind === 'backoff')).toBe(false);
    expect(s.supervisor.state.kind).toBe('open');
  });
});

describe('Nchan over poll: a deleted channel', () => {
  it('goes unnoticed (interval polling never sees a 410) and new messages on it still arrive', async () => {
    const ch = channel('poll-gone');
    const s = subscribe('poll', [ch]);
    await opened(s);
    await nchan.server.publish(ch, 'one');
    await waitFor(() => s.notifications().length === 1, { message: 'first message' });
    expect(await nchan.server.deleteChannel(ch)).toBe(200);
    await nchan.server.publish(ch, 'two');
    await waitFor(() => s.notifications().length === 2, { message: 'a message after the delete' });
    expect(s.events.some((e) => e.type === 'system')).toBe(false);
    expect(s.states.some((st) => st.kind === 'failed' || st.kind === 'backoff')).toBe(false);
  });
});

describe('Nchan over poll: the restart-safety rewind', () => {
  it('costs one short walk per poll cycle while the last message is fresh, not a request storm', async () => {
    const ch = channel('poll-walk');
    const s = subscribe('poll', [ch]);
    await opened(s);
    const id = await nchan.server.publish(ch, 'fresh');
    await waitFor(() => s.notifications().length === 1, { message: 'the message' });
    const before = s.requests.length;
    // The rewind window is "the server clock within a second of the last message": watch it close.
    const second = Number(id.split(':')[0]);
    await waitFor(() => Date.now() / 1000 >= second + 2.5, { timeoutMs: 4000, message: 'the window to pass' });
    // Polls every 50-200 ms, each cycle at most two requests (the rewound one and the 304 that ends the walk).
    expect(s.requests.length - before).toBeLessThan(2 * (3500 / 50));
    expect(s.notifications()).toHaveLength(1);
  });
});

describe('Nchan SSE event names', () => {
  it('maps X-EventSource-Event to Herald types, and unknown names to notifications', async () => {
    const ch = channel('names');
    const s = subscribe('sse', [ch]);
    await opened(s);
    await nchan.server.publish(ch, JSON.stringify({ title: 'Maintenance', body: 'tonight', level: 'warning' }), { event: 'system' });
    await nchan.server.publish(ch, 'deployed', { event: 'deploy' });
    await waitFor(() => s.events.length === 2, { message: 'two events' });
    expect(s.events.map((e) => e.type)).toEqual(['system', 'notification']);
    const [system, note] = s.events;
    expect(system?.type === 'system' && system.data).toMatchObject({ title: 'Maintenance', level: 'warning' });
    expect(note?.type === 'notification' && note.data.body).toBe('deployed');
    expect(s.supervisor.malformedCount).toBe(0);
  });
});

describe('Nchan subscriber timeout', () => {
  let shortServer: NchanServer;
  beforeAll(async () => {
    shortServer = await startNchan({ subscriberTimeout: '1s', pingIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await shortServer?.stop();
  });

  it.each(['sse', 'longpoll'] as const)('over %s: a 408 end renews the link without the supervisor ever backing off', async (kind) => {
    const ch = channel('timeout');
    const s = nchan.subscribe(kind, [ch], { url: shortServer.subscribeUrl });
    await opened(s);
    // Each request is held for the subscriber timeout (1 s), then answered 408: wait for a few of them.
    await waitFor(() => s.requests.filter((p) => p.endsWith(`/${ch}`)).length >= 3, { timeoutMs: 8000, message: 'three requests' });
    await shortServer.publish(ch, 'still here');
    await waitFor(() => s.notifications().length === 1, { message: 'a message after the timeouts' });
    expect(s.states.map((st) => st.kind)).toEqual(['connecting', 'open']);
  });
});
