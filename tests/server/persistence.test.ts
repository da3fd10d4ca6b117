import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { action, getJson, serve, subscribe, tempDir } from './fixture';

describe('persistence with dataDir', () => {
  it('keeps events, item state and idempotency keys across close and restart; ids continue', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir });
    const item = first.publish({ title: '张伟 评论了你的文章《实时交互功能实战》', url: 'https://blog.example.com/posts/1' });
    first.publish({ type: 'new_comment', itemId: item.id, author: 'Alice', body: 'Nice' });
    const liked = await action(first, 'like-k', { type: 'like', itemId: item.id });
    await action(first, 'read-k', { type: 'mark_read', itemId: item.id });
    const firstHello = (await getJson(`${first.url}/heartbeat`)).body;
    await first.close();

    const second = await serve({ dataDir });
    expect(second.head()).toBe('4');
    const hb = (await getJson(`${second.url}/heartbeat`)).body;
    expect(hb.serverId).toBe(firstHello.serverId);
    const history = (await getJson(`${second.url}/history?after=0`)).body;
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(['notification', 'new_comment', 'like_update', 'read_update']);
    expect(history.events[0]).toEqual(item);

    const view = (await getJson(`${second.url}/items/${item.id}`)).body;
    expect(view).toMatchObject({ likes: 1, liked: true, read: true, comments: [expect.objectContaining({ author: 'Alice', body: 'Nice' })] });

    // The retry of an action answered before the restart is a replay, not a second like.
    const replay = await action(second, 'like-k', { type: 'like', itemId: item.id });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(liked.body);
    const reused = await action(second, 'like-k', { type: 'unlike', itemId: item.id });
    expect(reused.status).toBe(409);

    expect(second.publish({ title: 'after restart' }).id).toBe('5');
    // A client resuming from before the restart gets exactly what it missed.
    const reader = await subscribe(second, '', { 'last-event-id': '3' });
    await reader.until((f) => f.filter((x) => x.id !== undefined).length === 2);
    expect(reader.events.filter((f) => f.id !== undefined).map((f) => f.id)).toEqual(['4', '5']);
  });

  it('skips a torn last line (a crash mid-write) and keeps going', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir });
    first.publish({ title: 'a' });
    first.publish({ title: 'b' });
    await first.close();
    appendFileSync(join(dataDir, 'events.jsonl'), '{"id":"3","type":"notifi');

    const second = await serve({ dataDir });
    expect(second.head()).toBe('2');
    expect(second.publish({ title: 'c' }).id).toBe('3');
    await second.close();
    const lines = readFileSync(join(dataDir, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['1', '2', '3']);
  });

  it('keeps only historyLimit events on disk after a restart, and ids still continue', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir, historyLimit: 3, bufferSize: 2 });
    for (let i = 0; i < 10; i++) first.publish({ title: `n${i}` });
    await first.close();
    const second = await serve({ dataDir, historyLimit: 3, bufferSize: 2 });
    expect(second.head()).toBe('10');
    const { body } = await getJson(`${second.url}/history?after=0`);
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(['8', '9', '10']);
    expect(second.publish({ title: 'next' }).id).toBe('11');
    await second.close();
    const lines = readFileSync(join(dataDir, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
  });

  it('without dataDir a restart starts over with a new server id', async () => {
    const first = await serve();
    first.publish({ title: 'a' });
    const id1 = (await getJson(`${first.url}/heartbeat`)).body.serverId;
    await first.close();
    const second = await serve();
    expect(second.head()).toBe('0');
    expect((await getJson(`${second.url}/heartbeat`)).body.serverId).not.toBe(id1);
  });
});
