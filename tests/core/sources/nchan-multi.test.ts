/**
 * Several Nchan channels over one connection (Nchan's multiplexed channels, a `{channels}` location), against a real
 * nginx + Nchan: N channels cost one SSE socket; positions, resume and de-duplication stay per channel.
 */
import { waitFor } from '../../helpers/wait';
import { useNchan, type NchanSubscriber } from './nchan-harness';

const nchan = useNchan({ subscriberTimeout: '30s', pingIntervalSeconds: 1 });
const names = (n: number, name: string): string[] => Array.from({ length: n }, (_, i) => nchan.channel(`${name}${i}`));
const subscribe = (kind: 'sse' | 'longpoll' | 'poll', channels: string[], cursor: string | null = null): NchanSubscriber =>
  nchan.subscribe(kind, channels, { cursor, url: nchan.server.multiSubscribeUrl });

const opened = (s: NchanSubscriber) => waitFor(() => s.supervisor.state.kind === 'open', { message: `open (${JSON.stringify(s.supervisor.state)})` });

describe('Nchan multiplexed channels over SSE', () => {
  it('ten channels cost one connection; each message keeps its channel, and a restart resumes every channel', async () => {
    const channels = names(10, 'multi');
    const s = subscribe('sse', channels);
    await opened(s);
    const ids: string[] = [];
    for (const [i, ch] of channels.entries()) ids.push(await nchan.server.publish(ch, `to ${i}`));
    await nchan.server.publish(channels[3] as string, 'again to 3');
    const got = await waitFor(() => s.notifications().length >= 11 && s.notifications(), { message: 'eleven messages' });
    expect(got.slice(0, 10).map((n) => n.itemId)).toEqual(channels.map((ch, i) => `${ch}:${ids[i]}`));
    expect(got.map((n) => n.title)).toEqual([...channels, channels[3]]);
    expect(s.requests).toEqual([`/sub/multi/sse/${channels.join(',')}`]);

    s.stop();
    await nchan.server.publish(channels[7] as string, 'while away');
    const again = subscribe('sse', channels, s.cursor());
    await waitFor(() => again.notifications().length >= 1, { message: 'the message sent while away' });
    await nchan.server.publish(channels[0] as string, 'live');
    await waitFor(() => again.notifications().length >= 2, { message: 'a live message' });
    expect(again.notifications().map((n) => [n.title, n.body])).toEqual([
      [channels[7], 'while away'],
      [channels[0], 'live'],
    ]);
    expect(again.requests).toHaveLength(1);
    expect(again.losses).toEqual([]);
  });

  it('resumes channels last heard of in different seconds without a false gap report', async () => {
    const [older, newer] = names(2, 'multi-sec') as [string, string];
    const s = subscribe('sse', [older, newer]);
    await opened(s);
    const first = await nchan.server.publish(older, 'old');
    await waitFor(() => Date.now() / 1000 >= Number(first.split(':')[0]) + 1, { timeoutMs: 2000, message: 'the next second' });
    await nchan.server.publish(newer, 'new');
    await waitFor(() => s.notifications().length === 2, { message: 'both messages' });
    s.stop();
    const again = subscribe('sse', [older, newer], s.cursor());
    await opened(again);
    await nchan.server.publish(older, 'live on the older one');
    await waitFor(() => again.notifications().length === 1, { message: 'the live message' });
    expect(again.notifications()[0]?.body).toBe('live on the older one');
    expect(again.losses).toEqual([]);
  });

  it('long-poll and poll keep one link per channel through the same location', async () => {
    const channels = names(2, 'multi-lp');
    const s = subscribe('longpoll', channels);
    await opened(s);
    await nchan.server.publish(channels[1] as string, 'one');
    await waitFor(() => s.notifications().length === 1, { message: 'a message' });
    expect(new Set(s.requests)).toEqual(new Set(channels.map((ch) => `/sub/multi/lp/${ch}`)));
  });
});
