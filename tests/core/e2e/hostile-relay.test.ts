/**
 * The server relaying sealed messages is an attacker too (issue 22): a hostile ntfy-like server on 127.0.0.1 that
 * names any topic it likes in its messages must not make Herald stretch a topic password (PBKDF2, 50 000 rounds) at
 * a rate it chooses — only the source's own topics have keys.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url } from 'jose';
import { createHeraldClient } from '../../../src/core/client';
import type { HeraldClient } from '../../../src/core/herald-client';
import { MemoryStore } from '../../../src/core/store';
import { ntfyDerivations, ntfyTopicKey, ntfyTopicUrl } from '../../../src/core/e2e/ntfy-key';
import { sealJwe } from '../../../src/core/e2e/jwe';
import { waitFor } from '../../helpers/wait';

const fast = { supervisor: { baseDelayMs: 20, maxDelayMs: 200 }, source: { herald: { keepaliveMs: 500 } } };
const NOW = Math.floor(Date.now() / 1000);
let server: Server;
let client: HeraldClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An ntfy-like server whose SSE stream sends `messages` once, then stays open. */
async function hostileNtfy(messages: object[]): Promise<string> {
  server = createServer((req, res) => {
    if (req.url?.includes('/sse')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: open\ndata: ${JSON.stringify({ id: 'open00000001', time: NOW - 1, event: 'open', topic: 'alerts' })}\n\n`);
      for (const m of messages) res.write(`data: ${JSON.stringify(m)}\n\n`);
      return;
    }
    // Reads of the cache (to order the live stream) answer the same messages.
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a hostile relay of ntfy messages', () => {
  it('messages naming topics the source does not subscribe to cost no key derivation and open nothing', async () => {
    const password = `pw-${Math.random()}`;
    const fake = `${base64url.encode('{"alg":"dir","enc":"A256GCM"}')}..${'A'.repeat(16)}.AAAA.${'A'.repeat(22)}`;
    const stray = Array.from({ length: 30 }, (_, i) => ({ id: `stray${String(i).padStart(7, '0')}`, time: NOW, event: 'message', topic: `t${i}-${password.slice(3, 9)}`, message: fake }));
    const url = await hostileNtfy(stray);
    // The one sealed message of the subscribed topic, so the stream's end is observable.
    const key = await ntfyTopicKey(password, ntfyTopicUrl(url, 'alerts'));
    const own = { id: 'own000000001', time: NOW, event: 'message', topic: 'alerts', message: await sealJwe(JSON.stringify({ message: 'mine' }), { key }) };
    stray.push(own as (typeof stray)[number]);
    const before = ntfyDerivations.count;
    client = createHeraldClient({ sources: [{ id: 'n', kind: 'ntfy', url, channels: ['alerts'], e2eKeys: [password] }], store: new MemoryStore(), tuning: fast });
    client.start();
    const c = client;
    await waitFor(() => c.items().some((i) => i.body === 'mine'), { timeoutMs: 20_000, message: 'the subscribed topic’s message opened' });
    // Only the subscribed topic's key was ever stretched (it was already, above); no stray topic opened.
    expect(ntfyDerivations.count - before).toBe(0);
    expect(c.items().filter((i) => i.sealed === undefined).map((i) => i.body)).toEqual(['mine']);
  });
});
