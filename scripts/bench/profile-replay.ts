/**
 * For profiling, not part of the table: one outbox replay of the Herald side (or, with `plain`, the baseline), e.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-replay.ts 10000
 */
import { actions, outboxRun, plainRun } from './outbox-replay';
import { startBenchServer } from './server';

const n = Number(process.argv[2] ?? 10_000);
const side = process.argv[3] === 'plain' ? plainRun : outboxRun;
const server = await startBenchServer();
try {
  const list = actions((await server.command<{ ids: string[] }>('items', { n: 50 })).ids, n);
  const ms = await side(server.url, list);
  process.stdout.write(`${process.argv[3] ?? 'outbox'}: ${n} in ${Math.round(ms)} ms\n`);
} finally {
  await server.stop();
}
process.exit(0);
