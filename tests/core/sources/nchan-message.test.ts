/** Nchan message mapping, positions across server restarts, the SSE line rewriter, and the source's fixed answers. */
import { toHeraldEvent } from '../../../src/core/sources/nchan-message';
import { ChannelPosition, decodeCursor, encodeCursor, idFromHeaders, parseMessageId, resumeHeaders } from '../../../src/core/sources/nchan-position';
import { createNchanSource } from '../../../src/core/sources/nchan';

const T = 1_795_510_446;
const msg = (body: string, eventName = 'message') => toHeraldEvent({ channel: 'ops', eventId: `ops:${T}:0`, time: T, eventName, body });

describe('toHeraldEvent', () => {
  it('maps a Herald-like JSON object, keeping only http(s) links', () => {
    const r = msg(JSON.stringify({ title: 'Deploy', message: 'done', priority: 5, click: 'https://x.example/a', tags: ['ci', 7] }));
    expect(r.ok && r.event).toEqual({
      id: `ops:${T}:0`,
      type: 'notification',
      time: new Date(T * 1000).toISOString(),
      data: { itemId: `ops:${T}:0`, title: 'Deploy', body: 'done', priority: 5, url: 'https://x.example/a', tags: ['ci'] },
    });
    const js = msg(JSON.stringify({ title: 'x', body: 'y', url: 'javascript:alert(1)', priority: 9 }));
    expect(js.ok && js.event.type === 'notification' && js.event.data).toEqual({ itemId: `ops:${T}:0`, title: 'x', body: 'y', priority: 3 });
  });

  it('reads plain text: one line is the body under the channel name, more lines give a title', () => {
    const one = msg('disk full');
    expect(one.ok && one.event.type === 'notification' && [one.event.data.title, one.event.data.body]).toEqual(['ops', 'disk full']);
    const two = msg('Disk\n/var is 99% full\nsee graphs');
    expect(two.ok && two.event.type === 'notification' && [two.event.data.title, two.event.data.body]).toEqual(['Disk', '/var is 99% full\nsee graphs']);
  });

  it('takes the type from a full envelope, or from the SSE event name, else notification', () => {
    const env = msg(JSON.stringify({ id: 'ignored', type: 'system', data: { title: 'Up', body: 'ok', level: 'critical', priority: 5 } }));
    expect(env.ok && env.event).toMatchObject({ id: `ops:${T}:0`, type: 'system', data: { itemId: `ops:${T}:0`, level: 'critical' } });
    const named = msg(JSON.stringify({ itemId: 'ops:1:0', likes: 3, liked: false }), 'like_update');
    expect(named.ok && named.event).toMatchObject({ type: 'like_update', data: { itemId: 'ops:1:0', likes: 3, liked: false } });
    const unknown = msg('hello', 'deploy');
    expect(unknown.ok && unknown.event.type).toBe('notification');
    const bad = msg('not json', 'new_comment');
    expect(bad.ok).toBe(false);
  });
});

describe('ChannelPosition', () => {
  it('recognises replays after a rewind and gives colliding ids after a restart a distinct event id', () => {
    const p = new ChannelPosition('ops');
    expect(p.advance({ time: T, tag: 0 }, 'a', 0)?.eventId).toBe(`ops:${T}:0`);
    expect(p.advance({ time: T, tag: 1 }, 'b', 0)?.eventId).toBe(`ops:${T}:1`);
    expect(p.rewound()).toEqual({ time: T - 1, tag: 32767 });
    // The same server replays what we have: nothing new.
    expect(p.advance({ time: T, tag: 0 }, 'a', 0)).toBeNull();
    expect(p.advance({ time: T, tag: 1 }, 'b', 0)).toBeNull();
    // nginx restarted within the same second: T:0 again, but a different message.
    const again = p.advance({ time: T, tag: 0 }, 'c', 0);
    expect(again).toEqual({ eventId: `ops:${T}:0~1`, wentBack: true, evicted: false });
    expect(p.advance({ time: T, tag: 1 }, 'd', 0)?.eventId).toBe(`ops:${T}:1~1`);
    expect(p.advance({ time: T + 1, tag: 0 }, 'e', 0)?.eventId).toBe(`ops:${T + 1}:0`);
  });

  it('tells a replay of a second busier than the fingerprint window by its tag, and sees evicted messages in the tags', () => {
    const p = new ChannelPosition('ops');
    for (let tag = 0; tag < 100; tag++) p.advance({ time: T, tag }, `m${tag}`, 0);
    const q = new ChannelPosition('ops', decodeCursor(encodeCursor([p])).get('ops'));
    // A replay from the start of the second: tags below the window by tag, the rest by fingerprint.
    for (let tag = 0; tag < 100; tag++) expect(q.advance({ time: T, tag }, `m${tag}`, 0)).toBeNull();
    expect(q.advance({ time: T, tag: 100 }, 'new', 0)).toMatchObject({ wentBack: false, evicted: false });
    expect(q.advance({ time: T, tag: 105 }, 'jump', 0)).toMatchObject({ evicted: true });
    expect(q.advance({ time: T + 1, tag: 0 }, 'next second', 0)).toMatchObject({ evicted: false });
    expect(q.advance({ time: T + 2, tag: 3 }, 'second starts late', 0)).toMatchObject({ evicted: true });
  });

  it('takes the first answer to a resume as the server buffer start: newer than our message means it is gone', () => {
    const saved = { id: `${T}:4` };
    const kept = new ChannelPosition('ops', saved);
    kept.expectReplay(1000);
    expect(kept.advance({ time: T, tag: 4 }, 'x', 10)).toMatchObject({ evicted: false }); // a different body: not ours, but not newer
    const gone = new ChannelPosition('ops', saved);
    gone.expectReplay(1000);
    expect(gone.advance({ time: T + 5, tag: 0 }, 'y', 10)).toMatchObject({ evicted: true });
    const live = new ChannelPosition('ops', saved);
    live.expectReplay(1000);
    expect(live.advance({ time: T + 5, tag: 0 }, 'y', 5000)).toMatchObject({ evicted: false }); // late: a live message
  });

  it('round-trips through the cursor, and an unreadable cursor means no position', () => {
    const p = new ChannelPosition('ops');
    p.advance({ time: T, tag: 4 }, 'x', 0);
    const cursor = encodeCursor([p, new ChannelPosition('empty')]);
    const back = decodeCursor(cursor);
    expect([...back.keys()]).toEqual(['ops']);
    const q = new ChannelPosition('ops', back.get('ops'));
    expect(q.last).toEqual({ time: T, tag: 4 });
    expect(q.advance({ time: T, tag: 4 }, 'x', 0)).toBeNull();
    expect(decodeCursor('42').size).toBe(0);
    expect(decodeCursor('{"channels":{"a":{"id":"nope"}}}').size).toBe(0);
  });

  it('saves the whole position (guard, epoch, the fingerprint window, overflow) as JSON, through every change', () => {
    const p = new ChannelPosition('o"ps');
    const hashes = (q: ChannelPosition) => (JSON.parse(encodeCursor([q])) as { channels: Record<string, { recent?: [number, string][] }> }).channels['o"ps']?.recent?.map(([t]) => t);
    for (let tag = 0; tag < 70; tag++) p.advance({ time: T, tag }, `m${tag}`, 0);
    // A window of 64: the oldest six went, and the second is marked as overflowed.
    expect(hashes(p)).toEqual(Array.from({ length: 64 }, (_, i) => i + 6));
    expect(JSON.parse(encodeCursor([p])).channels['o"ps']).toMatchObject({ id: `${T}:69`, overflowed: true });
    // The ids went back (a restart, the server's clock a second behind): a fresh window, with a guard and an epoch.
    p.advance({ time: T - 1, tag: 0 }, 'after restart', 0);
    expect(JSON.parse(encodeCursor([p]))).toEqual({ v: 1, channels: { 'o"ps': { id: `${T - 1}:0`, guard: `${T}:69`, epoch: 1, recent: [[0, expect.any(String)]] } } });
    const q = new ChannelPosition('o"ps', decodeCursor(encodeCursor([p])).get('o"ps'));
    expect(encodeCursor([q])).toBe(encodeCursor([p]));
    expect(q.advance({ time: T - 1, tag: 0 }, 'after restart', 0)).toBeNull();
  });

  it('translates ids to and from the long-poll headers', () => {
    expect(parseMessageId(`${T}:3`)).toEqual({ time: T, tag: 3 });
    expect(parseMessageId(`${T}:[0],1`)).toBeNull();
    const headers = resumeHeaders({ time: T, tag: 3 });
    expect(idFromHeaders(headers['If-Modified-Since'] ?? null, '"3"')).toEqual({ time: T, tag: 3 });
    expect(idFromHeaders(null, '3')).toBeNull();
  });
});

describe('the Nchan source', () => {
  const deps = { fetch: (() => Promise.reject(new Error('no network in this test'))) as typeof fetch };

  it('offers interval polling only when the URL names the transport, and needs a channel', () => {
    expect(createNchanSource({ id: 'a', kind: 'nchan', url: 'http://127.0.0.1:1/sub/{transport}/{channel}', channels: ['x'] }, deps).transports).toEqual(['sse', 'longpoll', 'poll']);
    expect(createNchanSource({ id: 'a', kind: 'nchan', url: 'http://127.0.0.1:1/sub/%7Btransport%7D', channels: ['x'] }, deps).transports).toEqual(['sse', 'longpoll', 'poll']);
    expect(createNchanSource({ id: 'a', kind: 'nchan', url: 'http://127.0.0.1:1/sub', channels: ['x'] }, deps).transports).toEqual(['sse', 'longpoll']);
    expect(() => createNchanSource({ id: 'a', kind: 'nchan', url: 'http://127.0.0.1:1/sub', channels: [' '] }, deps)).toThrow(/at least one channel/);
  });

  it('has no history to catch up from and takes no actions', async () => {
    const source = createNchanSource({ id: 'a', kind: 'nchan', url: 'http://127.0.0.1:1/sub', channels: ['x'] }, deps);
    const signal = new AbortController().signal;
    expect(await source.catchUp('{"v":1,"channels":{}}', () => {}, signal)).toBe('{"v":1,"channels":{}}');
    expect(source.actions).toBeUndefined();
  });
});
