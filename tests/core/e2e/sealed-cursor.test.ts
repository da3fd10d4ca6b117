/**
 * Opening a sealed event takes time (WebCrypto, a first PBKDF2): a process killed meanwhile must replay that event
 * on its next start, never lose it. So the saved cursor never passes an event that the client has not handed on yet
 * — checked at every cursor write, over the real reference server on 127.0.0.1 (no timing: each write is compared
 * with what the listeners had heard at that moment).
 */
import { createHeraldClient } from '../../../src/core/client';
import type { HeraldClient } from '../../../src/core/herald-client';
import { MemoryStore } from '../../../src/core/store';
import { startServer, type RunningServer } from '../../../src/server/index';
import { generateHeraldKey, parseKeyString } from '../../../src/core/e2e/keys';
import { sealJwe } from '../../../src/core/e2e/jwe';
import { waitFor } from '../../helpers/wait';

const fast = { supervisor: { baseDelayMs: 20, maxDelayMs: 200 }, source: { herald: { keepaliveMs: 500 } } };
let server: RunningServer;
let client: HeraldClient | undefined;

beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5 });
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server.close();
});

/** A store that notes, at each cursor write, whether the client had already handed on the event it names. */
class WatchingStore extends MemoryStore {
  readonly writes: Array<{ cursor: string; handedOn: boolean }> = [];
  constructor(private readonly heard: Set<string>) {
    super();
  }
  override set(key: string, value: unknown): void {
    // The reference server's cursor is `<event id>@<server run>`.
    if (key.startsWith('cursor:') && typeof value === 'string') {
      const cursor = value.split('@')[0]!;
      this.writes.push({ cursor, handedOn: this.heard.has(cursor) });
    }
    super.set(key, value);
  }
}

describe('the cursor and sealed events', () => {
  it('is saved past a sealed event only after the event was handed on (a kill in between replays it)', async () => {
    const keyString = generateHeraldKey();
    const key = parseKeyString(keyString);
    if ('error' in key) throw new Error(key.error);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(server.publish({ jwe: await sealJwe(JSON.stringify({ title: `before ${i}`, priority: 3 }), key) }).id);
    const heard = new Set<string>();
    const store = new WatchingStore(heard);
    client = createHeraldClient({ sources: [{ id: 'main', kind: 'herald', url: server.url, e2eKeys: [keyString] }], store, tuning: fast });
    client.onDidReceiveEvents(({ events }) => events.forEach((e) => heard.add(e.id)));
    client.start();
    const c = client;
    await waitFor(() => c.items().length === 3, { timeoutMs: 20_000, message: 'the first three' });
    for (let i = 0; i < 5; i++) ids.push(server.publish({ jwe: await sealJwe(JSON.stringify({ title: `live ${i}`, priority: 3 }), key) }).id);
    await waitFor(() => c.items().length === 8, { timeoutMs: 20_000, message: 'all eight' });
    // Stopping writes what is still waiting (the cache saves the cursor on a timer after the first write).
    await c.stop();
    client = undefined;
    expect(store.writes.at(-1)?.cursor).toBe(ids.at(-1));
    expect(c.items().every((i) => i.sealed === undefined)).toBe(true);
    expect(store.writes.filter((w) => !w.handedOn)).toEqual([]);
  });

  it('a source restarted while its sealed events are being opened replays them later: nothing is saved past them', async () => {
    const keyString = generateHeraldKey();
    const key = parseKeyString(keyString);
    if ('error' in key) throw new Error(key.error);
    // Nothing listens there: the restarted source cannot fetch the events again, so only the cursor decides.
    const dead = await startServer({ port: 0 });
    const deadUrl = dead.url;
    await dead.close();
    const config = { id: 'main', kind: 'herald' as const, url: server.url, e2eKeys: [keyString] };
    let armed = true;
    // The restart comes in the same turn of the event loop as the stream's first sealed events: they have been read
    // and are being opened (WebCrypto answers on a later turn), none handed on yet.
    const watchingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!res.body || !String(res.headers.get('content-type')).includes('text/event-stream')) return res;
      const body = res.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            controller.enqueue(chunk);
            if (armed && new TextDecoder().decode(chunk).includes('"jwe"')) {
              armed = false;
              setImmediate(() => client?.setSources([{ ...config, url: deadUrl }]));
            }
          },
        }),
      );
      return new Response(body, { status: res.status, headers: res.headers });
    };
    client = createHeraldClient({ sources: [config], store: new MemoryStore(), tuning: fast, fetch: watchingFetch });
    const c = client;
    c.start();
    await waitFor(() => c.connection().overall.kind === 'open', { timeoutMs: 10_000, message: 'the stream open' });
    for (let i = 0; i < 3; i++) server.publish({ jwe: await sealJwe(JSON.stringify({ title: `sealed ${i}`, priority: 3 }), key) });
    // The restarted run has met the dead address (refused, backing off): the first run's opening is long over by then.
    await waitFor(() => !armed && c.connection().sources[0]?.state.kind === 'backoff', { timeoutMs: 10_000, message: 'the restarted source refused' });
    // Back on the real server: the source resumes from its saved cursor, so the three come (again, or for the first time).
    c.setSources([config]);
    await waitFor(() => c.items().filter((i) => i.title.startsWith('sealed ')).length === 3, { timeoutMs: 20_000, message: 'the three sealed notifications' });
  });
});

