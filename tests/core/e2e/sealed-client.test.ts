/**
 * Herald's envelope end to end in the core, over the real reference server on 127.0.0.1: what the publisher sealed
 * opens with the key, stays sealed (saying why) without it, opens later when a key is added, and never reaches the
 * server's event log in clear.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldClient } from '../../../src/core/client';
import type { HeraldClient } from '../../../src/core/herald-client';
import type { InboxChange } from '../../../src/shared/inbox';
import { MemoryStore } from '../../../src/core/store';
import { startServer, type RunningServer } from '../../../src/server/index';
import { generateHeraldKey, parseKeyString } from '../../../src/core/e2e/keys';
import { sealJwe } from '../../../src/core/e2e/jwe';
import { waitFor } from '../../helpers/wait';

const fast = { supervisor: { baseDelayMs: 20, maxDelayMs: 200 }, source: { herald: { keepaliveMs: 500 } } };
let server: RunningServer;
let client: HeraldClient | undefined;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, testHooks: true, dataDir });
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function seal(data: object, keyString: string): Promise<string> {
  const k = parseKeyString(keyString);
  if ('error' in k) throw new Error(k.error);
  return sealJwe(JSON.stringify(data), k);
}

function connect(e2eKeys?: string[], store = new MemoryStore()): HeraldClient {
  client = createHeraldClient({ sources: [{ id: 'main', kind: 'herald', url: server.url, ...(e2eKeys ? { e2eKeys } : {}) }], store, tuning: fast });
  client.start();
  return client;
}

describe('sealed notifications from the reference server', () => {
  it('open with the key: title, body, priority and Markdown come from inside; the event log holds no plaintext', async () => {
    const key = generateHeraldKey();
    server.publish({ jwe: await seal({ title: 'Secret launch', body: 'Codename **bluebird**', priority: 5, format: 'markdown' }, key) });
    const c = connect([key]);
    await waitFor(() => c.items().length === 1, { message: 'the item' });
    expect(c.items()[0]).toMatchObject({ title: 'Secret launch', body: 'Codename **bluebird**', priority: 5, markdown: true });
    expect(c.items()[0]!.sealed).toBeUndefined();
    const logged = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f), 'utf8')).join('\n');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain('Secret launch');
    expect(logged).not.toContain('bluebird');
  });

  it('without a key the item is sealed (no_key); a wrong key or a tampered byte makes it undecryptable; nothing half-shown', async () => {
    const key = generateHeraldKey();
    const good = await seal({ title: 'Hidden', body: 'words', priority: 4 }, key);
    const [h, e, iv, ct, tag] = good.split('.') as [string, string, string, string, string];
    const flipped = `${h}.${e}.${iv}.${ct.slice(0, -2)}${ct.at(-2) === 'A' ? 'B' : 'A'}${ct.at(-1)}.${tag}`;
    server.publish({ jwe: good });
    server.publish({ jwe: flipped });
    const c = connect();
    await waitFor(() => c.items().length === 2, { message: 'both items' });
    expect(c.items().map((i) => [i.sealed, i.title, i.body])).toEqual([['no_key', '', ''], ['no_key', '', '']]);
    await c.stop();

    const wrong = connect([generateHeraldKey()]);
    await waitFor(() => wrong.items().length === 2, { message: 'both items' });
    expect(wrong.items().map((i) => i.sealed)).toEqual(['undecryptable', 'undecryptable']);
    await wrong.stop();

    const right = connect([key]);
    await waitFor(() => right.items().length === 2, { message: 'both items' });
    expect(right.items().map((i) => [i.sealed, i.title])).toEqual([['undecryptable', ''], [undefined, 'Hidden']]);
  });

  it('rotation: with the new key first and the old one kept, old and new messages both open', async () => {
    const oldKey = generateHeraldKey();
    const newKey = generateHeraldKey();
    server.publish({ jwe: await seal({ title: 'before rotation', priority: 3 }, oldKey) });
    server.publish({ jwe: await seal({ title: 'after rotation', priority: 3 }, newKey) });
    const c = connect([newKey, oldKey]);
    await waitFor(() => c.items().length === 2, { message: 'both items' });
    expect(c.items().map((i) => i.title)).toEqual(['after rotation', 'before rotation']);
  });

  it('a key added later opens what is in the inbox (an update, not a new item); the item keeps its id for actions', async () => {
    const key = generateHeraldKey();
    const event = server.publish({ jwe: await seal({ title: 'Opened later', body: 'at last', priority: 2 }, key) });
    const c = connect();
    await waitFor(() => c.items().length === 1, { message: 'the sealed item' });
    const changes: InboxChange[] = [];
    c.onDidChangeInbox((ch) => changes.push(...ch));
    expect(await c.reopenSealed('main', [generateHeraldKey()])).toBe(0);
    expect(c.items()[0]!.sealed).toBe('undecryptable');
    expect(await c.reopenSealed('main', [key])).toBe(1);
    expect(c.items()[0]).toMatchObject({ title: 'Opened later', body: 'at last', priority: 2, itemId: (event.data as { itemId: string }).itemId });
    expect(c.items()[0]!.sealed).toBeUndefined();
    expect(changes.filter((ch) => ch.kind === 'added')).toEqual([]);
    expect(changes.at(-1)).toMatchObject({ kind: 'updated', items: [{ title: 'Opened later' }] });
  });

  it('a sealed item kept in the inbox cache across a restart opens when the key is set on the source afterwards', async () => {
    const key = generateHeraldKey();
    server.publish({ jwe: await seal({ title: 'Survives restarts', priority: 4 }, key) });
    const store = new MemoryStore();
    const first = connect(undefined, store);
    await waitFor(() => first.items().length === 1, { message: 'the sealed item' });
    await first.stop();

    const second = connect(undefined, store);
    expect(second.items().map((i) => [i.sealed, i.title])).toEqual([['no_key', '']]);
    second.setSources([{ id: 'main', kind: 'herald', url: server.url, e2eKeys: [key] }]);
    await waitFor(() => second.items()[0]?.sealed === undefined, { message: 'the restored sealed item opened' });
    expect(second.items()[0]).toMatchObject({ title: 'Survives restarts', priority: 4 });
    expect(second.items()[0]!.sealed).toBeUndefined();
  });
});
