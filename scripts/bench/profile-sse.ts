/**
 * For profiling, not part of the table: one SSE throughput run of the Herald side (or, with `bare` as second
 * argument, of the bare eventsource listener), e.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-sse.ts 50000 [bare]
 */
import { startBenchServer } from './server';
import { bareThroughput, heraldThroughput } from './sse';

const n = Number(process.argv[2] ?? 50_000);
const server = await startBenchServer();
try {
  const perSec = await (process.argv[3] === 'bare' ? bareThroughput : heraldThroughput)(server, n);
  process.stdout.write(`${Math.round(perSec)} events/s\n`);
} finally {
  await server.stop();
}
process.exit(0);
