import { action, getJson, serve } from './fixture';

const ids = (body: { events: Array<{ id: string }> }): string[] => body.events.map((e) => e.id);

describe('GET /history', () => {
  it('pages forward with after, oldest first, until next is null', async () => {
    const server = await serve();
    for (let i = 0; i < 7; i++) server.publish({ title: `n${i}` });
    const seen: string[] = [];
    let after = '2';
    for (let page = 0; page < 10; page++) {
      const { status, body } = await getJson(`${server.url}/history?after=${after}&limit=2`);
      expect(status).toBe(200);
      expect(body.head).toBe('7');
      seen.push(...ids(body));
      if (body.next === null) break;
      after = body.next;
    }
    expect(seen).toEqual(['3', '4', '5', '6', '7']);
  });

  it('pages backward with before, newest first; an empty before means the newest', async () => {
    const server = await serve();
    for (let i = 0; i < 5; i++) server.publish({ title: `n${i}` });
    const first = await getJson(`${server.url}/history?before=&limit=2`);
    expect(ids(first.body)).toEqual(['5', '4']);
    expect(first.body.next).toBe('4');
    const second = await getJson(`${server.url}/history?before=${first.body.next}&limit=2`);
    expect(ids(second.body)).toEqual(['3', '2']);
    const third = await getJson(`${server.url}/history?before=${second.body.next}&limit=2`);
    expect(ids(third.body)).toEqual(['1']);
    expect(third.body.next).toBeNull();
    const plain = await getJson(`${server.url}/history`);
    expect(ids(plain.body)).toEqual(['5', '4', '3', '2', '1']);
  });

  it('keeps only historyLimit events, oldest dropped first', async () => {
    const server = await serve({ historyLimit: 3, bufferSize: 2 });
    for (let i = 0; i < 6; i++) server.publish({ title: `n${i}` });
    const { body } = await getJson(`${server.url}/history?after=0`);
    expect(ids(body)).toEqual(['4', '5', '6']);
  });

  it('answers an empty server with no events and head 0', async () => {
    const server = await serve();
    expect((await getJson(`${server.url}/history?after=0`)).body).toEqual({ events: [], next: null, head: '0', serverId: server.serverId });
    expect((await getJson(`${server.url}/history`)).body).toEqual({ events: [], next: null, head: '0', serverId: server.serverId });
  });

  it.each(['after=x', 'before=1.5', 'limit=0', 'limit=501', 'after=1&before=3'])('refuses %s with 400', async (query) => {
    const server = await serve();
    const { status, body } = await getJson(`${server.url}/history?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });
});

describe('GET /heartbeat', () => {
  it('tells the head, the keepalive and the server id', async () => {
    const server = await serve({ keepaliveSeconds: 2 });
    server.publish({ title: 'a' });
    const { status, body } = await getJson(`${server.url}/heartbeat`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ cursor: '1', keepaliveMs: 2000 });
    expect(Date.parse(body.time)).not.toBeNaN();
    expect(typeof body.serverId).toBe('string');
    expect(server.head()).toBe('1');
  });
});

describe('GET /items/:itemId', () => {
  it('returns the item with its comments, likes, liked and read', async () => {
    const server = await serve();
    const item = server.publish({ type: 'system', title: '系统维护通知', body: '今晚 23:00–23:30', level: 'warning' });
    server.publish({ type: 'new_comment', itemId: item.id, author: '王芳', body: '收到' });
    server.publish({ type: 'like_update', itemId: item.id });
    expect((await action(server, 'k1', { type: 'like', itemId: item.id })).status).toBe(200);
    expect((await action(server, 'k2', { type: 'mark_read', itemId: item.id })).status).toBe(200);
    const { status, body } = await getJson(`${server.url}/items/${item.id}`);
    expect(status).toBe(200);
    expect(body.item).toEqual(item);
    expect(body.item.data).toMatchObject({ level: 'warning', priority: 4 });
    expect(body.comments).toEqual([expect.objectContaining({ id: 'c2', itemId: item.id, author: '王芳', body: '收到' })]);
    expect(body).toMatchObject({ likes: 2, liked: true, read: true });
  });

  it('404s an unknown item', async () => {
    const server = await serve();
    const { status, body } = await getJson(`${server.url}/items/nope`);
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
