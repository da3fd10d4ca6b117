import { waitFor } from '../helpers/wait';
import { action, getJson, postJson, serve, subscribe } from './fixture';

describe('test hooks', () => {
  it('are off by default', async () => {
    const server = await serve();
    expect((await postJson(`${server.url}/_test/faults`, { sse: '404' })).status).toBe(404);
    expect((await getJson(`${server.url}/_test/actions`)).status).toBe(404);
  });

  it('sse=404 makes /events answer 404 until ok restores it', async () => {
    const server = await serve({ testHooks: true });
    expect((await postJson(`${server.url}/_test/faults`, { sse: '404' })).status).toBe(200);
    const refused = await fetch(`${server.url}/events`);
    expect(refused.status).toBe(404);
    await refused.body?.cancel();
    await postJson(`${server.url}/_test/faults`, { sse: 'ok' });
    const reader = await subscribe(server);
    await reader.until((f) => f.some((x) => x.event === 'hello'));
  });

  it('sse=buffer sends headers and then holds every byte', async () => {
    const server = await serve({ testHooks: true, keepaliveSeconds: 0.05 });
    await postJson(`${server.url}/_test/faults`, { sse: 'buffer' });
    const reader = await subscribe(server);
    server.publish({ title: 'held back' });
    // Several keepalive periods pass (seen on a normal stream next to it) without a byte on the buffered one.
    await postJson(`${server.url}/_test/faults`, { sse: 'ok' });
    const normal = await subscribe(server);
    await normal.until((f) => f.filter((x) => x.comments.length > 0).length >= 3, 3000, 'keepalives on the normal stream');
    expect(reader.frames).toEqual([]);
    expect(reader.done).toBe(false);
  });

  it('sse=stall sends hello then nothing, and silences open streams for good', async () => {
    const server = await serve({ testHooks: true, keepaliveSeconds: 0.05 });
    const open = await subscribe(server);
    await open.until((f) => f.some((x) => x.comments.length > 0), 3000, 'a keepalive before the stall');
    await postJson(`${server.url}/_test/faults`, { sse: 'stall' });
    const framesAtStall = open.frames.length;
    const stalled = await subscribe(server);
    await stalled.until((f) => f.some((x) => x.event === 'hello'));
    server.publish({ title: 'nobody hears this' });
    await postJson(`${server.url}/_test/faults`, { sse: 'ok' });
    server.publish({ title: 'nor this, on the stalled streams' });
    const fresh = await subscribe(server, '?lastEventId=0');
    await fresh.until((f) => f.filter((x) => x.event === 'notification').length === 2, 3000, 'both events on a fresh stream');
    await fresh.until((f) => f.filter((x) => x.comments.length > 0).length >= 3, 3000, 'keepalives on the fresh stream');
    expect(open.frames.length).toBe(framesAtStall);
    expect(stalled.frames.map((f) => f.event ?? (f.retry !== undefined ? 'retry' : 'comment'))).toEqual(['retry', 'hello']);
    expect(server.connections().sse).toBe(3);
  });

  it('poll=stall never answers (until close); poll=500 answers 500', async () => {
    const server = await serve({ testHooks: true });
    await postJson(`${server.url}/_test/faults`, { poll: '500' });
    const failing = await getJson(`${server.url}/poll?cursor=0`);
    expect(failing.status).toBe(500);
    expect(failing.body.error.code).toBe('internal');

    await postJson(`${server.url}/_test/faults`, { poll: 'stall' });
    let settled = false;
    const stalled = fetch(`${server.url}/poll?cursor=0`).then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(() => server.connections().longPoll === 1, { message: 'the stalled poll to be held' });
    server.publish({ title: 'does not release a stalled poll' });
    await postJson(`${server.url}/_test/faults`, { poll: 'ok' });
    expect((await getJson(`${server.url}/poll?cursor=0`)).body.events).toHaveLength(1);
    expect(settled).toBe(false);
    await server.close();
    await stalled;
    expect(settled).toBe(true);
  });

  it('actions fault: the next count requests fail with the status and apply nothing; received counts every try', async () => {
    const server = await serve({ testHooks: true });
    const item = server.publish({ title: 'a' });
    const set = await postJson(`${server.url}/_test/faults`, { actions: { status: 503, count: 2, retryAfter: 1, code: 'maintenance' } });
    expect(set.status).toBe(200);
    const like = { type: 'like', itemId: item.id };
    const r1 = await action(server, 'k1', like);
    const r2 = await action(server, 'k1', like);
    const r3 = await action(server, 'k1', like);
    expect([r1.status, r2.status, r3.status]).toEqual([503, 503, 200]);
    expect(r1.headers.get('retry-after')).toBe('1');
    expect(r1.body.error.code).toBe('maintenance');
    expect(r3.headers.get('idempotent-replayed')).toBeNull();
    const log = (await getJson(`${server.url}/_test/actions`)).body;
    expect(log).toEqual({ applied: [{ key: 'k1', action: like, seq: 1 }], received: { k1: 3 } });
    expect(log).toEqual(server.actionLog());
    expect(server.head()).toBe('2');
  });

  it('refuses malformed fault requests without changing anything', async () => {
    const server = await serve({ testHooks: true });
    for (const body of [{ sse: 'explode' }, { poll: 404 }, { actions: { status: 200, count: 1 } }, { actions: { status: 500 } }, { weather: 'rain' }, [1]]) {
      const res = await postJson(`${server.url}/_test/faults`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    const reader = await subscribe(server);
    await reader.until((f) => f.some((x) => x.event === 'hello'));
    expect((await getJson(`${server.url}/poll?cursor=0`)).status).toBe(200);
  });
});

describe('test hooks, clearing', () => {
  it('"actions": "ok" clears a pending actions fault', async () => {
    const server = await serve({ testHooks: true });
    const item = server.publish({ title: 'a' });
    await postJson(`${server.url}/_test/faults`, { actions: { status: 500, count: 5 } });
    expect((await action(server, 'a', { type: 'like', itemId: item.id })).status).toBe(500);
    await postJson(`${server.url}/_test/faults`, { actions: 'ok' });
    expect((await action(server, 'a', { type: 'like', itemId: item.id })).status).toBe(200);
  });
});
