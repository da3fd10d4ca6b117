/**
 * The app's core with its real store files, SIGKILLed at random points while events pour in: after every kill the
 * saved cursor is never ahead of the saved inbox (nothing the next start would skip is missing), and after a last
 * clean run every published notification is in the inbox exactly once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '../../src/server/index';
import { parseHeraldCursor } from '../../src/core/sources/herald-cursor';
import { waitFor } from '../helpers/wait';
import { lcg } from '../support/seeded';

const CHILD = resolve(import.meta.dirname, '../support/app-core-child.ts');


function startChild(url: string, dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  return { child, exited, ready: () => out.includes('ready') };
}

function saved(dir: string): { cursor: number | null; itemIds: Set<string> } {
  const read = (f: string): Record<string, unknown> => (existsSync(join(dir, f)) ? (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>) : {});
  const raw = read('state.json')['cursor:main'];
  const cursor = typeof raw === 'string' ? Number(parseHeraldCursor(raw)!.id) : null;
  const inbox = read('inbox-cache.json').inbox as { items?: Array<{ itemId: string }> } | undefined;
  return { cursor, itemIds: new Set((inbox?.items ?? []).map((i) => i.itemId)) };
}

let server: RunningServer;
let dir: string;
beforeEach(async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5 });
  dir = mkdtempSync(join(tmpdir(), 'herald-crash-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('SIGKILL at random points while receiving: the saved cursor never runs ahead of the saved inbox', { timeout: 120_000 }, async () => {
  const random = lcg(20261130);
  let published = 0;
  // The inbox cache keeps the newest 2 000: publishing stops short of that however slowly the children start.
  const budget = 1800;
  const publish = (n: number): void => {
    for (let i = 0; i < n && published < budget; i++) server.publish({ title: `n${++published}`, body: '' });
  };
  let pump: ReturnType<typeof setInterval> | undefined;
  try {
    for (let round = 0; round < 5; round++) {
      const c = startChild(server.url, dir);
      await waitFor(c.ready, { timeoutMs: 20_000, message: `child ${round} ready` });
      // Publishing starts once the first run is live (a first run loads only the newest 500 of what came before).
      pump ??= setInterval(() => publish(3), 15);
      // Let it receive for a random 0.3–2.8 s (inbox saves come at most every 2 s), then kill it mid-stream.
      const until = Date.now() + 300 + Math.floor(random() * 2500);
      await waitFor(() => Date.now() >= until, { timeoutMs: 5000 });
      c.child.kill('SIGKILL');
      await c.exited;
      const { cursor, itemIds } = saved(dir);
      if (cursor === null) continue;
      const missing: number[] = [];
      for (let id = 1; id <= cursor; id++) if (!itemIds.has(String(id))) missing.push(id);
      expect(missing, `round ${round}: items at or before the saved cursor ${cursor} missing from the saved inbox`).toEqual([]);
    }
  } finally {
    clearInterval(pump);
  }
  expect(published).toBeGreaterThan(100);
  // A last clean run catches up: every notification once.
  const c = startChild(server.url, dir);
  await waitFor(c.ready, { timeoutMs: 20_000, message: 'last child ready' });
  await waitFor(() => saved(dir).itemIds.size === published, { timeoutMs: 20_000, message: `all ${published} saved` });
  c.child.kill('SIGTERM');
  await c.exited;
  expect([...saved(dir).itemIds].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: published }, (_, i) => i + 1));
});
