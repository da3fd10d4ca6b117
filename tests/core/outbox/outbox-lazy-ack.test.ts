/**
 * Acknowledgements are written lazily (src/core/outbox/outbox-writer.ts `later`: together, within persistDelayMs,
 * or when the outbox goes idle), not one write per acknowledgement. This test shows why that is safe: a replay child
 * is killed with SIGKILL right after some acknowledgements, before their removal reached the disk (the child holds
 * removals back for a minute instead of the default 250 ms, so the window is certain, not a race); those entries
 * are still queued after the restart, are sent again with the same idempotency key, and the reference server answers
 * them from its key cache — each action applied exactly once, in order per item, none lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ManualClock } from '../../helpers/manual-clock';
import { Outbox } from '../../../src/core/outbox/outbox';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { startServer, type RunningServer } from '../../../src/server/index';
import type { OutboxEntry } from '../../../src/shared/outbox';
import { expectAppliedOnceInOrder } from './expect-applied';

const CHILD = resolve(import.meta.dirname, 'fixtures/lazy-ack-child.ts');
const FINISH = resolve(import.meta.dirname, 'fixtures/replay-child.ts');
const ROOT = resolve(import.meta.dirname, '../../..');

let dir: string;
let server: RunningServer;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-lazy-ack-'));
  server = await startServer({ port: 0, testHooks: true });
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Run a replay child; SIGKILL it once it reported `killAt` acknowledgements (null: let it finish). Resolves with the
 * keys it reported acknowledged.
 */
function runChild(script: string, storePath: string, killAt: number | null): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, storePath, server.url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HERALD_LOG: 'silent' } });
    children.push(child);
    const acked: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('ack ')) return;
      acked.push(line.slice(4));
      if (killAt !== null && acked.length >= killAt) child.kill('SIGKILL');
    });
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`replay child did not finish in time; stderr: ${stderr}`));
    }, 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal === 'SIGKILL' || code === 0) done(acked);
      else fail(new Error(`replay child exited with ${code ?? signal}; stderr: ${stderr}`));
    });
  });
}

/** What a restart would find queued (the store with its journal folded in), read without sending anything. */
function queuedKeys(storePath: string): Set<string> {
  const outbox = new Outbox({ store: new JsonFileStore(storePath), send: () => Promise.reject(new Error('offline')), clock: new ManualClock() });
  const keys = new Set(outbox.entries().map((e) => e.key));
  outbox.dispose();
  return keys;
}

it('an acknowledged entry whose removal was not yet written when the process was killed is sent again and applied once', { timeout: 60_000 }, async () => {
  const storePath = join(dir, 'outbox.json');
  const items = Array.from({ length: 10 }, (_, i) => server.publish({ title: `item ${i}`, body: 'b' }).id);
  const offline = new Outbox({ store: new JsonFileStore(storePath), send: () => Promise.reject(new Error('offline')) });
  const enqueued: OutboxEntry[] = [];
  for (let i = 0; i < 200; i++) enqueued.push(offline.enqueue('default', { type: Math.floor(i / 10) % 2 ? 'unlike' : 'like', itemId: items[i % items.length]! }));
  offline.dispose();

  const acked = await runChild(CHILD, storePath, 12);
  expect(acked.length).toBeGreaterThanOrEqual(12);
  // Acknowledged (the server answered 2xx) and still queued on disk: their removal had not been written.
  const queued = queuedKeys(storePath);
  for (const key of acked) expect(queued.has(key), key).toBe(true);
  const appliedBefore = new Set(server.actionLog().applied.map((a) => a.key));
  for (const key of acked) expect(appliedBefore.has(key), key).toBe(true);

  // A normal restart (the default 250 ms delay) finishes the queue.
  await runChild(FINISH, storePath, null);
  const log = server.actionLog();
  // Each was sent again with its key, and the server applied it once.
  for (const key of acked) expect(log.received[key], key).toBe(2);
  expectAppliedOnceInOrder(log, enqueued);
  expect(queuedKeys(storePath).size).toBe(0);
});
