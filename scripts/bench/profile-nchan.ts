/**
 * For profiling, not part of the table: one side of the Nchan SSE latency figure against a real nginx + Nchan, e.g.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile-nchan.ts herald 2000 100
 * `bare` instead of `herald` runs the bare eventsource listener. With `chunk` as a fourth word, latency is measured
 * from the chunk's arrival at the SSE reader instead of the publish call: the pipeline alone, without nginx and the
 * network (publish → nchan → socket), which on a loaded machine decide the p99 of the full figure.
 */
import { startNchan } from '../../tests/support/nchan/nchan-server';
import { bareRun, heraldRun } from './nchan';
import { percentile } from './stats';

const [side = 'herald', n = '2000', rate = '100', from = 'publish'] = process.argv.slice(2);

/** The time the SSE reader got its last chunk. */
let arrived = 0;
const tappingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read();
      arrived = performance.now();
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel: (why) => reader.cancel(why),
  });
  const tapped = new Response(body, { status: response.status, headers: response.headers });
  Object.defineProperty(tapped, 'url', { value: response.url });
  return tapped;
};
const fromChunk = from === 'chunk' ? { fetch: tappingFetch, latency: () => performance.now() - arrived } : undefined;

const nchan = await startNchan({ pingIntervalSeconds: 5 });
try {
  const got = await (side === 'bare' ? bareRun : heraldRun)(nchan, Number(n), Number(rate), fromChunk);
  process.stdout.write(`${side} (from ${from}): p50 ${percentile(got, 50).toFixed(3)} ms, p99 ${percentile(got, 99).toFixed(3)} ms (${got.length})\n`);
} finally {
  await nchan.stop();
}
process.exit(0);
