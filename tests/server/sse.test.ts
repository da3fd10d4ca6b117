import type { HeraldEvent } from '../../src/shared/events';
import { EventSource } from 'eventsource';
import { waitFor } from '../helpers/wait';
import { serve, subscribe } from './fixture';

describe('GET /events (SSE)', () => {
  it('starts with retry, then hello, then live events framed as id/event/data', async () => {
    const server = await serve({ retryMs: 1234 });
    const reader = await subscribe(server);
    await reader.until((f) => f.some((x) => x.event === 'hello'));
    expect(reader.frames[0]).toMatchObject({ retry: 1234 });
    const hello = reader.json<{ serverId: string; cursor: string; keepaliveMs: number }>('hello')[0]!;
    expect(hello).toMatchObject({ cursor: '0', keepaliveMs: 15_000 });
    expect(hello.serverId).toMatch(/\S/);
    expect(reader.frames.find((f) => f.event === 'hello')?.id).toBeUndefined();

    const published = server.publish({ title: '张伟 评论了你的文章《实时交互功能实战》', body: 'line one\nline two', priority: 4 });
    await reader.until((f) => f.some((x) => x.event === 'notification'));
    const frame = reader.frames.find((f) => f.event === 'notification')!;
    expect(frame.id).toBe(published.id);
    // The envelope is a single data line even when the text has newlines.
    expect(frame.data).not.toContain('\n');
    expect(JSON.parse(frame.data!)).toEqual(published);
    expect(published.data).toMatchObject({ itemId: published.id, priority: 4, body: 'line one\nline two' });
  });

  it('without a cursor starts at now: older events are not replayed', async () => {
    const server = await serve();
    server.publish({ title: 'old' });
    const reader = await subscribe(server);
    server.publish({ title: 'new' });
    await reader.until((f) => f.some((x) => x.event === 'notification'));
    expect(reader.json<HeraldEvent>('notification').map((e) => e.data)).toEqual([expect.objectContaining({ title: 'new' })]);
  });

  it('delivers each event to every subscriber', async () => {
    const server = await serve();
    const a = await subscribe(server);
    const b = await subscribe(server);
    for (let i = 0; i < 5; i++) server.publish({ title: `n${i}` });
    for (const r of [a, b]) {
      await r.until((f) => f.filter((x) => x.event === 'notification').length === 5);
      expect(r.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['1', '2', '3', '4', '5']);
    }
  });

  it('resumes after Last-Event-ID, and the header wins over ?lastEventId=', async () => {
    const server = await serve();
    for (let i = 0; i < 5; i++) server.publish({ title: `n${i}` });
    const viaQuery = await subscribe(server, '?lastEventId=3');
    await viaQuery.until((f) => f.filter((x) => x.event === 'notification').length === 2);
    expect(viaQuery.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['4', '5']);

    const both = await subscribe(server, '?lastEventId=1', { 'last-event-id': '4' });
    await both.until((f) => f.some((x) => x.event === 'notification'));
    server.publish({ title: 'live' });
    await both.until((f) => f.filter((x) => x.event === 'notification').length === 2);
    expect(both.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['5', '6']);
  });

  it('resuming at the head sends nothing old, then live events', async () => {
    const server = await serve();
    server.publish({ title: 'a' });
    const reader = await subscribe(server, '', { 'last-event-id': '1' });
    server.publish({ title: 'b' });
    await reader.until((f) => f.some((x) => x.event === 'notification'));
    expect(reader.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['2']);
  });

  it('sends a gap (with no id) when the cursor is older than the ring buffer, then only live events', async () => {
    const server = await serve({ bufferSize: 3 });
    for (let i = 0; i < 10; i++) server.publish({ title: `n${i}` });
    const reader = await subscribe(server, '', { 'last-event-id': '2' });
    await reader.until((f) => f.some((x) => x.event === 'gap'));
    const gapFrame = reader.frames.find((f) => f.event === 'gap')!;
    expect(gapFrame.id).toBeUndefined();
    expect(JSON.parse(gapFrame.data!)).toEqual({ after: '2', oldest: '8', latest: '10', reset: false });
    server.publish({ title: 'live' });
    await reader.until((f) => f.some((x) => x.event === 'notification'));
    expect(reader.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['11']);
  });

  it('a cursor just before the oldest buffered event is still resumable', async () => {
    const server = await serve({ bufferSize: 3 });
    for (let i = 0; i < 10; i++) server.publish({ title: `n${i}` });
    const reader = await subscribe(server, '', { 'last-event-id': '7' });
    await reader.until((f) => f.filter((x) => x.event === 'notification').length === 3);
    expect(reader.frames.some((f) => f.event === 'gap')).toBe(false);
    expect(reader.events.filter((f) => f.event === 'notification').map((f) => f.id)).toEqual(['8', '9', '10']);
  });

  it('a cursor ahead of the head gets a gap with reset: true', async () => {
    const server = await serve();
    server.publish({ title: 'only one' });
    const reader = await subscribe(server, '', { 'last-event-id': '99' });
    await reader.until((f) => f.some((x) => x.event === 'gap'));
    expect(reader.json('gap')[0]).toEqual({ after: '99', oldest: '1', latest: '1', reset: true });
  });

  it('sends keepalive comments while idle', async () => {
    const server = await serve({ keepaliveSeconds: 0.05 });
    const reader = await subscribe(server);
    await reader.until((f) => f.filter((x) => x.comments.some((c) => c.startsWith('keepalive '))).length >= 2, 3000, 'two keepalives');
    const comment = reader.frames.find((f) => f.comments.length > 0)!.comments[0]!;
    expect(Number.isNaN(Date.parse(comment.slice('keepalive '.length)))).toBe(false);
  });

  it('refuses an unreadable Last-Event-ID with 400 bad_request', async () => {
    const server = await serve();
    const res = await fetch(`${server.url}/events`, { headers: { 'last-event-id': 'abc' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('close() ends open streams at once', async () => {
    const server = await serve();
    const reader = await subscribe(server);
    await reader.until((f) => f.some((x) => x.event === 'hello'));
    const started = Date.now();
    await server.close();
    await reader.ended(2000);
    expect(reader.done).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('GET /events with the eventsource package', () => {
  it('gets hello and named events with their ids', async () => {
    const server = await serve();
    server.publish({ title: 'before' });
    const es = new EventSource(`${server.url}/events?lastEventId=0`);
    const got: Array<{ type: string; id: string; data: string }> = [];
    for (const type of ['hello', 'notification', 'new_comment']) {
      es.addEventListener(type, (e) => got.push({ type, id: e.lastEventId, data: e.data }));
    }
    try {
      await waitFor(() => got.length >= 2, { message: 'hello and the replayed notification' });
      server.publish({ type: 'new_comment', itemId: '1', author: '李娜', body: '👍' });
      await waitFor(() => got.length >= 3, { message: 'the live comment' });
      expect(got.map((g) => [g.type, g.id])).toEqual([
        ['hello', ''],
        ['notification', '1'],
        ['new_comment', '2'],
      ]);
      expect(JSON.parse(got[2]!.data).data.comment).toMatchObject({ author: '李娜', body: '👍' });
    } finally {
      es.close();
    }
  });
});
