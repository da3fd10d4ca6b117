/**
 * Nchan's edge cases against a real nginx + Nchan 1.3.6 (issue 9): bursts bigger than the replay fingerprint window,
 * interval polling after a burst, oversized messages, a lone CR in a body, and messages the server evicted before we
 * read them. Subscriber timeout 2 s, so SSE and long-poll links renew (and rewind) often.
 */
import { waitFor } from '../../helpers/wait';
import { FAST_NCHAN, useNchan, type NchanSubscriber, type SubscribeOptions } from './nchan-harness';

const TRANSPORTS = ['sse', 'longpoll', 'poll'] as const;
type Kind = (typeof TRANSPORTS)[number];

const nchan = useNchan({ subscriberTimeout: '2s', pingIntervalSeconds: 1 });
const { channel } = nchan;
const subscribe = (kind: Kind, channels: string[], options: SubscribeOptions = {}): NchanSubscriber => nchan.subscribe(kind, channels, options);

const opened = (s: NchanSubscriber) => waitFor(() => s.supervisor.state.kind === 'open', { message: `open (${JSON.stringify(s.supervisor.state)})` });

/** Wait for the start of a fresh second, so a burst published now shares one Nchan second (`T:0` … `T:n`). */
async function freshSecond(): Promise<void> {
  await waitFor(() => Date.now() % 1000 < 150, { timeoutMs: 2000, message: 'a fresh second' });
}

/**
 * n messages in one Nchan second. Bursts over 20 go out 10 at a time so they fit in a second on a loaded machine
 * (their order then only holds between tens); smaller ones one by one, in order.
 */
async function burst(ch: string, n: number, options: { smallBuffer?: boolean } = {}): Promise<string[]> {
  const ids: string[] = [];
  const width = n > 20 ? 10 : 1;
  for (let i = 0; i < n; i += width) {
    const batch = Array.from({ length: Math.min(width, n - i) }, (_, k) => i + k);
    ids.push(...(await Promise.all(batch.map((k) => nchan.server.publish(ch, `burst ${k}`, options)))));
  }
  return ids;
}

const second = (id: string | undefined): string => (id ?? '').split(':')[0] ?? '';

describe.each(TRANSPORTS)('Nchan over %s: more than 64 messages in one second', (kind) => {
  it('are delivered once each, through link renewals, poll re-checks and a client restart', async () => {
    // The case needs 100 messages in one server second. On a loaded machine a burst can spill into the next one:
    // then it is not this case, so try again on a new channel (a few times at most).
    let ch = '';
    let s: NchanSubscriber | null = null;
    let ids: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      s?.stop();
      ch = channel('burst');
      s = subscribe(kind, [ch]);
      await opened(s);
      await freshSecond();
      ids = await burst(ch, 100);
      if (new Set(ids.map(second)).size === 1) break;
    }
    expect(new Set(ids.map(second)).size, 'a hundred messages in one second in one of five tries').toBe(1);
    if (!s) throw new Error('no subscriber');
    await waitFor(() => s.notifications().length >= 100, { timeoutMs: 10_000, message: 'a hundred messages' });
    // Renewals (every 2 s on SSE and long-poll) and poll re-checks replay the burst's second: wait through them.
    const requests = s.requests.length;
    await waitFor(() => s.requests.length >= requests + 2 && Date.now() / 1000 > Number(second(ids[0])) + 2.5, { timeoutMs: 8000, message: 'renewals' });
    expect(s.notifications()).toHaveLength(100);
    s.stop();
    // A restart from the saved cursor rewinds to the start of that second again.
    const again = subscribe(kind, [ch], { cursor: s.cursor() });
    await opened(again);
    await nchan.server.publish(ch, 'after');
    await waitFor(() => again.notifications().length >= 1, { message: 'the next message' });
    expect(again.notifications().map((n) => n.body)).toEqual(['after']);
    expect(s.losses).toEqual([]);
  });
});

describe('Nchan over poll, after a busy second', () => {
  it('keeps polling at its pace: replays are not idle polls', async () => {
    const ch = channel('pace');
    const s = subscribe('poll', [ch], { tuning: { ...FAST_NCHAN, pollInterval: { initialMs: 100, minMs: 100, maxMs: 8000 } } });
    await opened(s);
    await freshSecond();
    const ids = await burst(ch, 25);
    await waitFor(() => s.notifications().length >= 25, { message: 'the burst' });
    const requests = s.requests.length;
    // Out of the burst's second and past the re-check window, a new message must come at the polling pace.
    await waitFor(() => Date.now() / 1000 > Number(second(ids[24])) + 2.2, { timeoutMs: 4000, message: 'two quiet seconds' });
    // Polls every 100 ms; while the burst is fresh each cycle re-checks with two requests, not one per replayed message.
    expect(s.requests.length - requests).toBeLessThan(2 * (2500 / 100));
    await nchan.server.publish(ch, 'later');
    const started = Date.now();
    await waitFor(() => s.notifications().length === 26, { timeoutMs: 6000, message: 'the later message' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe.each([
  ['sse', 1200 * 1024],
  ['longpoll', 600 * 1024],
  ['poll', 600 * 1024],
] as const)('Nchan over %s: a message too large to take (%i bytes)', (kind, size) => {
  it('is skipped with a loss report, and the channel moves past it', async () => {
    const ch = channel('big');
    const s = subscribe(kind, [ch]);
    await opened(s);
    await nchan.server.publish(ch, 'before');
    await nchan.server.publish(ch, 'x'.repeat(size));
    await nchan.server.publish(ch, 'after');
    await waitFor(() => s.notifications().length >= 2, { timeoutMs: 8000, message: 'the messages around the big one' });
    expect(s.notifications().map((n) => n.body)).toEqual(['before', 'after']);
    expect(s.losses).toEqual([expect.objectContaining({ reason: 'skipped_oversized', channel: ch })]);
  });
});

describe.each(TRANSPORTS)('Nchan over %s: a lone CR in a body', (kind) => {
  // A CR would rewrite a terminal line ("safe\rEVIL" in `herald subscribe`): the publisher-text boundary makes CR
  // and CR LF line feeds, the same on every transport.
  it('becomes a line break, as on every transport', async () => {
    const ch = channel('cr');
    const s = subscribe(kind, [ch]);
    await opened(s);
    await nchan.server.publish(ch, 'progress 10%\rprogress 20%');
    await nchan.server.publish(ch, 'Report\nline one\r\nline two');
    const got = await waitFor(() => s.notifications().length >= 2 && s.notifications(), { message: 'two messages' });
    expect(got[0]?.body).toBe('progress 10%\nprogress 20%');
    expect(got[1]).toMatchObject({ title: 'Report', body: 'line one\nline two' });
  });
});

describe.each(TRANSPORTS)('Nchan over %s: messages evicted before we read them', (kind) => {
  async function seenThenAway(ch: string): Promise<string | null> {
    const s = subscribe(kind, [ch]);
    await opened(s);
    await nchan.server.publish(ch, 'seen', { smallBuffer: true });
    await waitFor(() => s.notifications().length === 1, { message: 'the first message' });
    s.stop();
    return s.cursor();
  }

  it('within one second (the tag jumps): the rest arrives and a possible gap is reported', async () => {
    const ch = channel('evict-tag');
    await freshSecond();
    const cursor = await seenThenAway(ch);
    const ids = await burst(ch, 10, { smallBuffer: true }); // the buffer keeps the last 5
    expect(second(ids[9])).toBe(second(JSON.parse(cursor ?? '{}').channels[ch].id));
    const s = subscribe(kind, [ch], { cursor });
    await waitFor(() => s.notifications().length >= 5, { message: 'what the buffer still holds' });
    expect(s.notifications().map((n) => n.body)).toEqual(['burst 5', 'burst 6', 'burst 7', 'burst 8', 'burst 9']);
    await waitFor(() => s.losses.length > 0, { message: 'a loss report' });
    expect(s.losses).toEqual([expect.objectContaining({ reason: 'evicted', channel: ch })]);
  });

  it('across seconds (our message left the buffer): the rest arrives and a possible gap is reported', async () => {
    const ch = channel('evict-sec');
    const cursor = await seenThenAway(ch);
    const last = Number(second(JSON.parse(cursor ?? '{}').channels[ch].id));
    await waitFor(() => Date.now() / 1000 >= last + 1, { timeoutMs: 2000, message: 'the next second' });
    await freshSecond();
    await burst(ch, 5, { smallBuffer: true }); // pushes "seen" out of the buffer: exactly 5 new ones remain
    const s = subscribe(kind, [ch], { cursor });
    await waitFor(() => s.notifications().length >= 5, { message: 'what the buffer still holds' });
    await waitFor(() => s.losses.length > 0, { message: 'a loss report' });
    expect(s.losses).toEqual([expect.objectContaining({ reason: 'evicted', channel: ch })]);
  });
});
