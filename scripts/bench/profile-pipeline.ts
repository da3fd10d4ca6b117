/**
 * For profiling, not part of the table: the core's SSE pipeline without a network or a server process — a fetch
 * that answers with pre-built Herald SSE text in 64 KiB chunks, through the real client (and optionally the
 * shell's event forwarder), against the same text through a bare eventsource listener. E.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-pipeline.ts herald 100000
 *   node --import tsx scripts/bench/profile-pipeline.ts both 100000
 */
import { EventSource } from 'eventsource';
import { createHeraldClient } from '../../src/core/client';
import { silentLogger } from '../../src/core/base/log';
import { MemoryStore } from '../../src/core/store';
import { forwardAdded } from './sse';

const [mode = 'both', nArg = '100000'] = process.argv.slice(2);
const n = Number(nArg);
const BODY = '部署完成 — the build passed on every platform; 42 tests ran, none failed. '.repeat(2);
const SERVER_ID = 'pipebench';

function streamText(): Uint8Array {
  let out = `event: hello\ndata: ${JSON.stringify({ serverId: SERVER_ID, cursor: '0', keepaliveMs: 15000 })}\n\n`;
  const parts: string[] = [out];
  for (let i = 1; i <= n; i++) {
    const event = { id: String(i), type: 'notification', time: new Date(1_764_000_000_000 + i).toISOString(), serverId: SERVER_ID, data: { itemId: String(i), title: `bench ${i}`, body: BODY, priority: 3 } };
    parts.push(`id: ${i}\nevent: notification\ndata: ${JSON.stringify(event)}\n\n`);
  }
  out = parts.join('');
  return new TextEncoder().encode(out);
}

const bytes = streamText();
const CHUNK = 64 * 1024;

/** A fetch whose answer is the whole text in chunks, one per macrotask (as sockets deliver), then stays open. */
const fakeFetch = (async () => {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= bytes.length) return new Promise<void>(() => {});
      await new Promise((r) => setImmediate(r));
      controller.enqueue(bytes.subarray(at, at + CHUNK));
      at += CHUNK;
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}) as unknown as typeof fetch;

function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = (): void => (done() ? resolve() : void setTimeout(tick, 1));
    tick();
  });
}

async function herald(): Promise<number> {
  const client = createHeraldClient({ sources: [{ id: 'bench', kind: 'herald', url: 'http://127.0.0.1:9/' }], store: new MemoryStore(), inboxStore: null, transport: 'sse', firstLoad: 0, inboxLimit: 200_000, fetch: fakeFetch, logger: silentLogger });
  let count = 0;
  const fwd = forwardAdded(client, (k) => (count += k));
  const start = performance.now();
  client.start();
  await until(() => count >= n);
  const ms = performance.now() - start;
  fwd.dispose();
  await client.stop();
  return ms;
}

async function bare(): Promise<number> {
  let count = 0;
  const start = performance.now();
  const es = new EventSource('http://127.0.0.1:9/events', { fetch: fakeFetch as never });
  es.addEventListener('notification', (ev) => {
    JSON.parse((ev as MessageEvent).data as string);
    count++;
  });
  await until(() => count >= n);
  es.close();
  return performance.now() - start;
}

/** Events per second and this process's CPU time per event (µs): on a shared machine the CPU figure is the steadier. */
async function measured(run: () => Promise<number>): Promise<string> {
  const cpu = process.cpuUsage();
  const ms = await run();
  const used = process.cpuUsage(cpu);
  return `${Math.round(n / (ms / 1000))} events/s, ${((used.user + used.system) / n).toFixed(2)} µs CPU/event`;
}

for (let round = 0; round < (mode === 'both' ? 3 : 1); round++) {
  if (mode !== 'bare') process.stdout.write(`herald ${await measured(herald)}   `);
  if (mode !== 'herald') process.stdout.write(`bare ${await measured(bare)}`);
  process.stdout.write('\n');
}
process.exit(0);
