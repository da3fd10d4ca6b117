import type { HeraldEvent } from '../../src/shared/events';
import { action, getJson, postJson, serve, subscribe } from './fixture';

describe('POST /actions', () => {
  it('applies a key once: a retry replays the first answer with Idempotent-Replayed and changes nothing', async () => {
    const server = await serve();
    const item = server.publish({ title: 'a' });
    const first = await action(server, 'like-1', { type: 'like', itemId: item.id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, result: { likes: 1, liked: true } });
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await action(server, 'like-1', { type: 'like', itemId: item.id });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    expect(server.head()).toBe('2');
    expect(server.actionLog()).toEqual({
      applied: [{ key: 'like-1', action: { type: 'like', itemId: item.id }, seq: 1 }],
      received: { 'like-1': 2 },
    });
  });

  it('refuses the same key with a different body: 409 idempotency_key_reused, nothing applied', async () => {
    const server = await serve();
    const item = server.publish({ title: 'a' });
    await action(server, 'k', { type: 'like', itemId: item.id });
    const other = await action(server, 'k', { type: 'unlike', itemId: item.id });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect((await getJson(`${server.url}/items/${item.id}`)).body).toMatchObject({ likes: 1, liked: true });
  });

  it('delivers like_update, new_comment and read_update to every SSE subscriber', async () => {
    const server = await serve();
    const item = server.publish({ title: '实时交互功能实战' });
    const watcher = await subscribe(server);
    await watcher.until((f) => f.some((x) => x.event === 'hello'));

    const like = await action(server, 'a1', { type: 'like', itemId: item.id });
    const comment = await action(server, 'a2', { type: 'comment', itemId: item.id, body: '写得太好了' });
    const read = await action(server, 'a3', { type: 'mark_read', itemId: item.id });
    const unlike = await action(server, 'a4', { type: 'unlike', itemId: item.id });
    expect([like.status, comment.status, read.status, unlike.status]).toEqual([200, 200, 200, 200]);
    expect(comment.body.result.comment).toMatchObject({ itemId: item.id, body: '写得太好了', author: 'You' });
    expect(unlike.body.result).toMatchObject({ likes: 0, liked: false });

    await watcher.until((f) => f.filter((x) => x.id !== undefined).length === 4);
    const events = watcher.events.filter((f) => f.id !== undefined).map((f) => JSON.parse(f.data!) as HeraldEvent);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['like_update', { itemId: item.id, likes: 1, liked: true }],
      ['new_comment', { itemId: item.id, comment: comment.body.result.comment }],
      ['read_update', { itemIds: [item.id] }],
      ['like_update', { itemId: item.id, likes: 0, liked: false }],
    ]);
  });

  it('liking twice (different keys) is one like and no second event', async () => {
    const server = await serve();
    const item = server.publish({ title: 'a' });
    await action(server, 'x1', { type: 'like', itemId: item.id });
    const second = await action(server, 'x2', { type: 'like', itemId: item.id });
    expect(second.status).toBe(200);
    expect(second.body.result).toMatchObject({ likes: 1, liked: true });
    expect(server.head()).toBe('2');
    const unlikeUnliked = await action(server, 'x3', { type: 'unlike', itemId: server.publish({ title: 'b' }).id });
    expect(unlikeUnliked.body.result).toMatchObject({ likes: 0, liked: false });
  });

  it('mark_all_read marks everything up to upTo (default: the head) as read', async () => {
    const server = await serve();
    const a = server.publish({ title: 'a' });
    const b = server.publish({ title: 'b' });
    const c = server.publish({ title: 'c' });
    const partial = await action(server, 'm1', { type: 'mark_all_read', upTo: b.id });
    expect(partial.body.result).toMatchObject({ upTo: b.id });
    const state = async (id: string): Promise<boolean> => (await getJson(`${server.url}/items/${id}`)).body.read;
    expect([await state(a.id), await state(b.id), await state(c.id)]).toEqual([true, true, false]);
    const all = await action(server, 'm2', { type: 'mark_all_read' });
    // The head when asked (event 4, the first read_update); the new read_update itself is event 5.
    expect(all.body.result).toMatchObject({ upTo: '4', eventId: '5' });
    expect(await state(c.id)).toBe(true);
    const { body } = await getJson(`${server.url}/history?after=3`);
    expect(body.events.map((e: HeraldEvent) => [e.type, e.data])).toEqual([
      ['read_update', { itemIds: [], upTo: '2' }],
      ['read_update', { itemIds: [], upTo: '4' }],
    ]);
  });

  it('a comment on an unknown item is 422 unknown_item; an invalid action is 422 invalid_action', async () => {
    const server = await serve();
    const unknown = await action(server, 'u1', { type: 'comment', itemId: 'nope', body: 'hi' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_item');
    for (const [key, body] of [
      ['i1', { type: 'explode', itemId: '1' }],
      ['i2', { type: 'like' }],
      ['i3', { type: 'comment', itemId: '1', body: '   ' }],
      ['i4', { type: 'comment', itemId: '1', body: 'x'.repeat(4001) }],
      ['i5', [1, 2]],
      ['i6', { type: 'mark_all_read', upTo: 'yesterday' }],
    ] as const) {
      const res = await action(server, key, body);
      expect(res.status, key).toBe(422);
      expect(res.body.error.code, key).toBe('invalid_action');
    }
    expect(server.head()).toBe('0');
    expect(server.actionLog().applied).toEqual([]);
  });

  it('a refused request can be retried under the same key once it is valid', async () => {
    const server = await serve();
    const first = await action(server, 'late', { type: 'like', itemId: '1' });
    expect(first.status).toBe(422);
    server.publish({ title: 'now it exists' });
    const retry = await action(server, 'late', { type: 'like', itemId: '1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('requires an Idempotency-Key', async () => {
    const server = await serve();
    const item = server.publish({ title: 'a' });
    const missing = await postJson(`${server.url}/actions`, { type: 'like', itemId: item.id });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('missing_idempotency_key');
    const tooLong = await action(server, 'k'.repeat(201), { type: 'like', itemId: item.id });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('missing_idempotency_key');
    expect(server.head()).toBe('1');
  });
});
