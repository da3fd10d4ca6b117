/**
 * SSE and the other transports, end to end over 127.0.0.1 with the server in its own process (./server-child.ts):
 * - throughput: the core pipeline plus the shell's event forwarder (its 16 ms batching, no Electron) vs a bare
 *   `eventsource` listener that parses each event's JSON;
 * - latency at a steady rate: publish time (in the server process) → the item in the core's inbox, vs → the bare
 *   listener's parsed event. Monotonic nanoseconds are comparable across processes on one machine;
 * - long-poll and poll vs SSE at a steady 50 events/s, all through the core.
 */
import { EventSource } from 'eventsource';
import { createHeraldClient } from '../../src/core/client';
import { systemClock } from '../../src/core/base/clock';
import { silentLogger } from '../../src/core/base/log';
import type { HeraldClient } from '../../src/core/herald-client';
import { MemoryStore } from '../../src/core/store';
import { createEventForwarder } from '../../src/main/ipc/event-forwarder';
import { createPausedState } from '../../src/main/paused-state';
import type { TransportKind } from '../../src/shared/connection-state';
import { fmt, type Row } from './rows';
import type { BenchServer } from './server';
import { alternate, median, nowNs, percentile, until } from './stats';

interface Consumer {
  /** Events received so far. */
  count(): number;
  /** Latencies (ms) of events whose title is a publish time. */
  latencies: number[];
  close(): Promise<void>;
}

function latencyOf(title: string): number | null {
  if (!/^\d{6,}$/.test(title)) return null;
  return Number(nowNs() - BigInt(title)) / 1e6;
}

/** The shell's event forwarder (its 16 ms batching, no Electron) over `client`: `added` hears how many new items
 * each batch that would cross IPC carries. */
export function forwardAdded(client: HeraldClient, added: (n: number) => void): { dispose(): void } {
  return createEventForwarder({
    client,
    settings: { onDidChange: () => ({ dispose() {} }) },
    paused: createPausedState(silentLogger),
    clock: systemClock,
    emit: (batch) => {
      for (const e of batch) if (e.channel === 'herald:inbox-changed') for (const c of e.payload.changes) if (c.kind === 'added') added(c.items.length);
    },
  });
}

async function heraldConsumer(server: BenchServer, transport: TransportKind, forwarder: boolean): Promise<Consumer> {
  const client: HeraldClient = createHeraldClient({
    sources: [{ id: 'bench', kind: 'herald', url: server.url }],
    store: new MemoryStore(),
    inboxStore: null,
    transport,
    firstLoad: 0,
    inboxLimit: 200_000,
  });
  let count = 0;
  const latencies: number[] = [];
  const sub = client.onDidChangeInbox((changes) => {
    for (const c of changes) {
      if (c.kind !== 'added') continue;
      for (const item of c.items) {
        const l = latencyOf(item.title);
        if (l !== null) latencies.push(l);
      }
      if (!forwarder) count += c.items.length;
    }
  });
  const fwd = forwarder ? forwardAdded(client, (n) => (count += n)) : null;
  client.start();
  await until(() => client.connection().overall.kind === 'open', 15_000, `the core to open ${transport}`);
  return {
    count: () => count,
    latencies,
    async close() {
      sub.dispose();
      fwd?.dispose();
      await client.stop();
    },
  };
}

/** `keep`: the listener also keeps each parsed event by its id, as any client keeps what it shows (the report row
 * that tells what keeping 100 000 items costs by itself). */
async function bareConsumer(server: BenchServer, keep = false): Promise<Consumer> {
  const es = new EventSource(`${server.url}/events`);
  let count = 0;
  const latencies: number[] = [];
  const kept = new Map<string, unknown>();
  es.addEventListener('notification', (e) => {
    const event = JSON.parse(e.data) as { id: string; data: { title: string } };
    if (keep) kept.set(event.id, event);
    count++;
    const l = latencyOf(event.data.title);
    if (l !== null) latencies.push(l);
  });
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error('bare EventSource did not open in 15 s')), 15_000);
    es.addEventListener('open', () => {
      clearTimeout(t);
      res();
    });
  });
  return {
    count: () => count,
    latencies,
    async close() {
      es.close();
    },
  };
}

async function attached(server: BenchServer, kind: 'sse' | 'longPoll'): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const c = await server.command<{ sse: number; longPoll: number }>('conns');
    if (c[kind] >= 1) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`bench: no ${kind} client attached to the server`);
}

const WINDOW = 8000;
const STEP = 2000;

/**
 * One run of `n` burst events: events per second, and this process's CPU time per event (µs) — the consumer plus the
 * publishing loop, which is the same for both sides. On a shared machine the rate depends on what the neighbours
 * leave to the server and the client; the CPU the client spends per event does much less.
 */
async function throughputRun(server: BenchServer, n: number, make: () => Promise<Consumer>): Promise<{ perSec: number; cpuUs: number }> {
  const consumer = await make();
  try {
    await attached(server, 'sse');
    const start = nowNs();
    const cpu = process.cpuUsage();
    // Flow control: at most WINDOW events ahead of the consumer, so the server's slow-subscriber guard (8 MB queued)
    // never drops either side — what is measured is how fast each side takes events, not how the server copes.
    const deadline = Date.now() + 120_000;
    let published = 0;
    while (published < n) {
      if (Date.now() > deadline) throw new Error('bench: throughput run took over 120 s');
      if (published - consumer.count() < WINDOW) {
        const k = Math.min(STEP, n - published);
        await server.command('burst', { n: k });
        published += k;
      } else await new Promise((r) => setTimeout(r, 1));
    }
    await until(() => consumer.count() >= n, 60_000, `${n} events`);
    const ms = Number(nowNs() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    return { perSec: (n / ms) * 1000, cpuUs: (used.user + used.system) / n };
  } finally {
    await consumer.close();
  }
}

async function latencyRun(server: BenchServer, n: number, rate: number, make: () => Promise<Consumer>, kind: 'sse' | 'longPoll' | 'none' = 'sse'): Promise<number[]> {
  const consumer = await make();
  try {
    if (kind !== 'none') await attached(server, kind);
    await server.command('steady', { n, rate }, 120_000);
    await until(() => consumer.latencies.length >= n, 60_000, `${n} timed events`);
    return consumer.latencies;
  } finally {
    await consumer.close();
  }
}

export async function sseFigures(server: BenchServer, quick: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const n = quick ? 20_000 : 100_000;
  const rounds = quick ? 1 : 3;
  const tp = await alternate(
    rounds,
    () => throughputRun(server, n, () => heraldConsumer(server, 'sse', true)),
    () => throughputRun(server, n, () => bareConsumer(server)),
  );
  const h = median(tp.herald.map((r) => r.perSec));
  const b = median(tp.baseline.map((r) => r.perSec));
  const hc = median(tp.herald.map((r) => r.cpuUs));
  const bc = median(tp.baseline.map((r) => r.cpuUs));
  rows.push({
    figure: `SSE throughput, ${fmt.n(n)} events (core + forwarder vs bare eventsource)`,
    herald: fmt.rate(h),
    baseline: fmt.rate(b),
    ratio: h / b,
    target: '≥ 1.0×',
    met: h / b >= 1,
    values: { heraldPerSec: h, baselinePerSec: b, rounds },
  });
  rows.push({
    figure: `SSE client CPU per event in those runs (core + forwarder vs bare eventsource)`,
    herald: `${hc.toFixed(1)} µs`,
    baseline: `${bc.toFixed(1)} µs`,
    ratio: hc / bc,
    target: 'report',
    met: null,
    values: { heraldCpuUsPerEvent: hc, baselineCpuUsPerEvent: bc, rounds },
  });

  // Where the gap comes from: the same bare listener keeping every event it parsed (report only).
  const keeping = await alternate(
    rounds,
    () => throughputRun(server, n, () => bareConsumer(server, true)),
    () => throughputRun(server, n, () => bareConsumer(server)),
  );
  const k = median(keeping.herald.map((r) => r.perSec));
  const kb = median(keeping.baseline.map((r) => r.perSec));
  const kc = median(keeping.herald.map((r) => r.cpuUs));
  const kbc = median(keeping.baseline.map((r) => r.cpuUs));
  rows.push({
    figure: `SSE throughput, ${fmt.n(n)} events: bare eventsource keeping each event (in a Map by id) vs not keeping; CPU per event`,
    herald: `${fmt.rate(k)}, ${kc.toFixed(1)} µs`,
    baseline: `${fmt.rate(kb)}, ${kbc.toFixed(1)} µs`,
    ratio: k / kb,
    target: 'report',
    met: null,
    values: { keepingPerSec: k, barePerSec: kb, keepingCpuUsPerEvent: kc, bareCpuUsPerEvent: kbc, rounds },
  });

  const ln = quick ? 500 : 2000;
  const lat = await alternate(
    quick ? 1 : 2,
    () => latencyRun(server, ln, 250, () => heraldConsumer(server, 'sse', false)),
    () => latencyRun(server, ln, 250, () => bareConsumer(server)),
  );
  const hl = lat.herald.flat();
  const bl = lat.baseline.flat();
  const [h50, h99, b50, b99] = [percentile(hl, 50), percentile(hl, 99), percentile(bl, 50), percentile(bl, 99)];
  rows.push({
    figure: `SSE latency at 250 events/s, p50 / p99 (${fmt.n(hl.length)} events)`,
    herald: `${fmt.ms(h50)} / ${fmt.ms(h99)}`,
    baseline: `${fmt.ms(b50)} / ${fmt.ms(b99)}`,
    ratio: h99 / b99,
    target: 'p99 ≤ 1.5×',
    met: h99 / b99 <= 1.5,
    values: { heraldP50: h50, heraldP99: h99, baselineP50: b50, baselineP99: b99 },
  });

  const tn = quick ? 100 : 500;
  const sse = await latencyRun(server, tn, 50, () => heraldConsumer(server, 'sse', false));
  const lp = await latencyRun(server, tn, 50, () => heraldConsumer(server, 'longpoll', false), 'longPoll');
  const poll = await latencyRun(server, tn, 50, () => heraldConsumer(server, 'poll', false), 'none');
  const s99 = percentile(sse, 99);
  const l99 = percentile(lp, 99);
  rows.push({
    figure: `long-poll at 50 events/s, p50 / p99 (vs core over SSE)`,
    herald: `${fmt.ms(percentile(lp, 50))} / ${fmt.ms(l99)}`,
    baseline: `${fmt.ms(percentile(sse, 50))} / ${fmt.ms(s99)}`,
    ratio: l99 / s99,
    target: 'p99 ≤ 3×',
    met: l99 / s99 <= 3,
    values: { longPollP50: percentile(lp, 50), longPollP99: l99, sseP50: percentile(sse, 50), sseP99: s99 },
  });
  rows.push({
    figure: `poll (adaptive, 2 s floor) at 50 events/s, p50 / p99 (vs SSE)`,
    herald: `${fmt.ms(percentile(poll, 50))} / ${fmt.ms(percentile(poll, 99))}`,
    baseline: `${fmt.ms(percentile(sse, 50))} / ${fmt.ms(s99)}`,
    ratio: percentile(poll, 99) / s99,
    target: 'report',
    met: null,
    values: { pollP50: percentile(poll, 50), pollP99: percentile(poll, 99) },
  });
  return rows;
}

/** One bare-listener throughput run (for ./profile-sse.ts). */
export async function bareThroughput(server: BenchServer, n: number): Promise<number> {
  return (await throughputRun(server, n, () => bareConsumer(server))).perSec;
}

/** One Herald-side throughput run (for ./profile-sse.ts). */
export async function heraldThroughput(server: BenchServer, n: number): Promise<number> {
  return (await throughputRun(server, n, () => heraldConsumer(server, 'sse', true))).perSec;
}
