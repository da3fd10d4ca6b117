/**
 * The reference server in its own process, so the SSE figures do not share an event loop with the client they
 * measure. Driven over the fork IPC channel:
 *   { cmd: 'burst', n }            publish n events as fast as the server takes them
 *   { cmd: 'steady', n, rate }     publish n events at `rate` per second, each titled with its publish time (hrtime ns)
 *   { cmd: 'items', n }            publish n items and answer their ids (for the outbox replay)
 *   { cmd: 'conns' }               answer the open SSE streams and long-polls
 *   { cmd: 'exit' }
 * Every command is answered with { id, ... } once done. Listens on 127.0.0.1 only.
 */
import { startServer } from '../../src/server/index';

// The fan-out figures (./fanout.ts) run it on the file store: HERALD_BENCH_DATA_DIR names the data directory.
// HERALD_BENCH_REDIS_URL on Redis instead (one node of a deployment; only HTTP publishes then: `publish` answers at
// once on the file store alone).
const dataDir = process.env.HERALD_BENCH_DATA_DIR;
const redisUrl = process.env.HERALD_BENCH_REDIS_URL;
const redisNamespace = process.env.HERALD_BENCH_REDIS_NAMESPACE;
const server = await startServer({
  host: '127.0.0.1',
  port: 0,
  keepaliveSeconds: 15,
  bufferSize: 1000,
  historyLimit: 20_000,
  ...(dataDir ? { dataDir } : {}),
  ...(redisUrl ? { redisUrl } : {}),
  ...(redisNamespace ? { redisNamespace } : {}),
});
const send = (msg: unknown) => process.send!(msg);
const BODY = '部署完成 — the build passed on every platform; 42 tests ran, none failed. '.repeat(2);

async function steady(n: number, rate: number): Promise<void> {
  const gapNs = BigInt(Math.round(1e9 / rate));
  let next = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    // Busy-wait the last millisecond: setTimeout alone drifts by more than the latency we measure.
    for (;;) {
      const left = next - process.hrtime.bigint();
      if (left <= 0n) break;
      if (left > 2_000_000n) await new Promise((r) => setTimeout(r, Number(left / 1_000_000n) - 1));
      else await new Promise((r) => setImmediate(r));
    }
    server.publish({ title: String(process.hrtime.bigint()), body: BODY });
    next += gapNs;
  }
}

process.on('message', async (raw) => {
  const msg = raw as { id: number; cmd: string; n?: number; rate?: number };
  try {
    switch (msg.cmd) {
      case 'burst': {
        for (let i = 0; i < msg.n!; i++) {
          server.publish({ title: `bench ${i}`, body: BODY });
          // Let the sockets drain now and then, as a real feed would.
          if (i % 200 === 199) await new Promise((r) => setImmediate(r));
        }
        send({ id: msg.id });
        break;
      }
      case 'steady':
        await steady(msg.n!, msg.rate!);
        send({ id: msg.id });
        break;
      case 'items': {
        const ids = Array.from({ length: msg.n! }, (_, i) => server.publish({ title: `item ${i}`, body: BODY }).id);
        send({ id: msg.id, ids });
        break;
      }
      case 'conns':
        send({ id: msg.id, ...server.connections() });
        break;
      case 'exit':
        await server.close();
        send({ id: msg.id });
        process.exit(0);
    }
  } catch (err) {
    send({ id: msg.id, error: String(err) });
  }
});

// The parent went away: do not linger.
process.on('disconnect', () => process.exit(0));
send({ ready: true, url: server.url });
