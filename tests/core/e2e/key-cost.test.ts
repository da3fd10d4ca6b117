/**
 * A publisher sends as many sealed messages as it likes; it must not choose how often Herald stretches keys. Each of
 * a source's passphrase key lines (scrypt) is derived once while the source runs — however many lines the sources
 * hold together — not once per message. Real reference server on 127.0.0.1; derivations counted, not timed.
 */
import { scryptSync } from 'node:crypto';
import { createHeraldClient } from '../../../src/core/client';
import type { HeraldClient } from '../../../src/core/herald-client';
import { MemoryStore } from '../../../src/core/store';
import { startServer, type RunningServer } from '../../../src/server/index';
import { keyIdOf, passphraseDerivations } from '../../../src/core/e2e/keys';
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

/** A passphrase key line made by hand (cheap parameters: 2^10, r 1, p 1), and its key. */
function passphraseLine(i: number): { line: string; key: Uint8Array; kid: string } {
  const salt = Buffer.alloc(16, i);
  const passphrase = `correct horse ${i} ${Math.random()}`;
  const key = new Uint8Array(scryptSync(passphrase.normalize('NFC'), salt, 32, { N: 2 ** 10, r: 1, p: 1 }));
  const kid = keyIdOf(key);
  return { line: `hkp1.${kid}.10.1.1.${salt.toString('base64url')} ${passphrase}`, key, kid };
}

describe('what sealed messages cost', () => {
  it('forty passphrase key lines are each derived once, not once per message', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => passphraseLine(i));
    const last = lines.at(-1)!;
    const before = passphraseDerivations.count;
    client = createHeraldClient({ sources: [{ id: 'main', kind: 'herald', url: server.url, e2eKeys: lines.map((l) => l.line) }], store: new MemoryStore(), tuning: fast });
    client.start();
    const c = client;
    for (let i = 0; i < 6; i++) server.publish({ jwe: await sealJwe(JSON.stringify({ title: `m${i}`, priority: 3 }), { kid: last.kid, key: last.key }) });
    await waitFor(() => c.items().length === 6 && c.items().every((i) => i.sealed === undefined), { timeoutMs: 20_000, message: 'six opened' });
    expect(passphraseDerivations.count - before).toBeLessThanOrEqual(lines.length);
  });
});
