import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (for a server a test starts later, on purpose). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** POST /publish to a Herald server; resolves with the new event id. */
export async function publishTo(url: string, body: Record<string, unknown>, token?: string): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${url}/publish`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`publish answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}
