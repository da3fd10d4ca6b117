/**
 * Nchan messages that expire (`nchan_message_timeout`, 3 s here) while Herald is away, against a real nginx + Nchan
 * 1.3.6 (issue 20): the buffer is empty when Herald comes back, so nothing on the wire says what was lost — only
 * that our own last message did not come back, and how long we were away. Longer than the timeout: a possible gap,
 * reported once, naming the span.
 */
import { waitFor } from '../../helpers/wait';
import { FAST_NCHAN, useNchan, type NchanSubscriber } from './nchan-harness';

const TRANSPORTS = ['sse', 'longpoll', 'poll'] as const;
const nchan = useNchan({ subscriberTimeout: '2s', pingIntervalSeconds: 1 });
const tuning = { ...FAST_NCHAN, messageTimeoutMs: 3000 };

const opened = (s: NchanSubscriber) => waitFor(() => s.supervisor.state.kind === 'open', { message: `open (${JSON.stringify(s.supervisor.state)})` });
/**
 * Wait until the subscriber has asked the server again after its resume (a renewed stream or long-poll after the 2 s
 * subscriber timeout, or many polls): a message published after that is a live one, not the answer to the resume.
 */
const askedAgain = (s: NchanSubscriber, kind: string, from: number) =>
  waitFor(() => s.requests.length - from >= (kind === 'poll' ? 45 : 2), { timeoutMs: 10_000, message: 'the subscriber asking again' });
/** Wait until Nchan has dropped every message of the channel (they expire after 3 s): a fresh poll finds none. */
const expired = (ch: string) =>
  waitFor(async () => (await fetch(nchan.server.subscribeUrl.replace('{transport}', 'poll').replace('{channel}', ch))).status === 304, {
    timeoutMs: 10_000,
    intervalMs: 200,
    message: `${ch} emptied by expiry`,
  });

describe.each(TRANSPORTS)('Nchan over %s, messages expired while away', (kind) => {
  // Waits for real expiry (3 s) and up to 45 polls: 12 s on a loaded CI machine, so a deadline above its waits' sum.
  it('reports a possible gap naming the span, once, and delivers what comes next', { timeout: 60_000 }, async () => {
    const ch = nchan.channel(`expire-${kind}`);
    const s1 = nchan.subscribe(kind, [ch], { tuning });
    await opened(s1);
    const seenId = await nchan.server.publish(ch, 'seen', { brief: true });
    await waitFor(() => s1.notifications().length === 1, { message: 'the first message' });
    s1.stop();
    const cursor = s1.cursor();
    for (let i = 0; i < 3; i++) await nchan.server.publish(ch, `while away ${i}`, { brief: true });
    await expired(ch);

    const s2 = nchan.subscribe(kind, [ch], { cursor, tuning });
    await opened(s2);
    await askedAgain(s2, kind, 0);
    await nchan.server.publish(ch, 'after', { brief: true });
    await waitFor(() => s2.notifications().length === 1, { timeoutMs: 10_000, message: 'the message after' });
    expect(s2.notifications().map((n) => n.body)).toEqual(['after']);
    const loss = await waitFor(() => s2.losses[0], { message: 'a loss report' });
    expect(loss).toMatchObject({ reason: 'history_exceeded', channel: ch, from: new Date(Number(seenId.split(':')[0]) * 1000).toISOString() });
    expect(Date.parse(loss.to ?? '')).toBeGreaterThan(Date.parse(loss.from ?? ''));
    await nchan.server.publish(ch, 'later', { brief: true });
    await waitFor(() => s2.notifications().length === 2, { message: 'a later message' });
    expect(s2.losses).toHaveLength(1);
  });
});
