/**
 * For profiling, not part of the table: Nchan SSE latency runs against a real nginx + Nchan, e.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-nchan.ts herald 2000 100
 * (`bare` instead of `herald` for the bare eventsource listener).
 */
import { startNchan } from '../../tests/support/nchan/nchan-server';
import { bareRun, heraldRun } from './nchan';
import { percentile } from './stats';

const [side = 'herald', n = '2000', rate = '100'] = process.argv.slice(2);
const nchan = await startNchan({ pingIntervalSeconds: 5 });
try {
  const got = await (side === 'bare' ? bareRun : heraldRun)(nchan, Number(n), Number(rate));
  process.stdout.write(`${side}: p50 ${percentile(got, 50).toFixed(2)} ms, p99 ${percentile(got, 99).toFixed(2)} ms (${got.length})\n`);
} finally {
  await nchan.stop();
}
process.exit(0);
