/**
 * The embedded demo server as another local process sees it: without the app's random token it can neither
 * publish nor read. The app's own client config carries the token. Real server on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoServer } from '../../src/main/demo-server';
import { silentLogger } from '../../src/core/base/log';
import { startServer } from '../../src/server/index';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('embedded demo server', () => {
  it('requires a random token that only the app holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-demo-'));
    dirs.push(dir);
    const demo = createDemoServer({ start: (o) => startServer({ ...o, demo: { intervalMs: 3_600_000 } }), dataDir: dir, logger: silentLogger });
    try {
      const [source] = await demo.sourcesFor([]);
      expect(source).toMatchObject({ id: 'demo', kind: 'herald', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(source!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const publish = (headers: Record<string, string>) =>
        fetch(`${source!.url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ title: 'Injected', priority: 5 }) });
      // Another local process, with no token or a guessed one.
      expect((await publish({})).status).toBe(401);
      expect((await publish({ authorization: 'Bearer demo' })).status).toBe(401);
      expect((await fetch(`${source!.url}/history`)).status).toBe(401);
      // The app's client, with the token it was given.
      expect((await publish({ authorization: `Bearer ${source!.token}` })).status).toBe(201);

      // A restart (the last source removed again) makes a new token.
      await demo.sourcesFor([{ id: 'real', kind: 'herald', url: 'http://127.0.0.1:9' }]);
      const [again] = await demo.sourcesFor([]);
      expect(again!.token).not.toBe(source!.token);
    } finally {
      await demo.close();
    }
  });
});
