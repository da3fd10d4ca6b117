/**
 * Adaptive polling vs fixed 3 s polling on a recorded bursty-then-quiet trace, replayed on a simulated clock: the
 * adaptive side follows the poll transport's own rule object (src/core/connection/adaptive-interval.ts: data halves the wait,
 * down to 2 s; an idle answer stretches it by 1.2, up to 60 s); the fixed side asks every 3 s. Each request returns
 * every event published since the previous one; an event's latency is the time from its publication to the answer.
 *
 * The trace (seeded, so every run replays the same one) is a working hour of a CI feed: three bursts of about two
 * minutes (an event every 0.3–3 s) separated by quiet stretches of ~20 minutes with a stray event every few minutes.
 */
import { AdaptiveInterval } from '../../src/core/connection/adaptive-interval';
import { fmt, type Row } from './rows';
import { percentile } from './stats';

export function recordedTrace(): number[] {
  let s = 20_261_124;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const out: number[] = [];
  let t = 0;
  for (let burst = 0; burst < 3; burst++) {
    const end = t + 120_000;
    while (t < end) {
      t += 300 + random() * 2700;
      out.push(t);
    }
    const quietEnd = t + 20 * 60_000;
    while (true) {
      t += 120_000 + random() * 240_000;
      if (t >= quietEnd) break;
      out.push(t);
    }
    t = quietEnd;
  }
  return out;
}

function simulate(trace: number[], nextWait: (gotData: boolean) => number): { requests: number; latencies: number[] } {
  const end = trace[trace.length - 1]! + 60_000;
  const latencies: number[] = [];
  let requests = 0;
  let t = 0;
  let i = 0;
  while (t <= end) {
    requests++;
    let got = false;
    while (i < trace.length && trace[i]! <= t) {
      latencies.push(t - trace[i]!);
      i++;
      got = true;
    }
    t += nextWait(got);
  }
  return { requests, latencies };
}

export async function pollingFigures(_quick: boolean): Promise<Row[]> {
  const trace = recordedTrace();
  const interval = new AdaptiveInterval();
  const adaptive = simulate(trace, (got) => (got ? interval.onData() : interval.onIdle()));
  const fixed = simulate(trace, () => 3000);
  const fewer = fixed.requests / adaptive.requests;
  const [a50, f50] = [percentile(adaptive.latencies, 50), percentile(fixed.latencies, 50)];
  return [
    {
      figure: `polling, bursty-then-quiet trace (${trace.length} events in ${(trace[trace.length - 1]! / 60_000).toFixed(0)} min): requests, p50 latency`,
      herald: `${adaptive.requests} req, p50 ${fmt.ms(a50)}`,
      baseline: `${fixed.requests} req, p50 ${fmt.ms(f50)}`,
      ratio: fewer,
      target: '≥ 5× fewer requests, p50 ≤ 2×',
      met: fewer >= 5 && a50 <= 2 * f50,
      values: { adaptiveRequests: adaptive.requests, fixedRequests: fixed.requests, adaptiveP50: a50, fixedP50: f50, adaptiveP99: percentile(adaptive.latencies, 99), fixedP99: percentile(fixed.latencies, 99) },
    },
  ];
}
