/**
 * Nchan SSE latency: a real nginx + Nchan (tests/support/nchan), the core's Nchan source over SSE vs a bare
 * `eventsource` listener on the same kind of channel. Messages are published at a steady rate over Nchan's HTTP
 * publisher, each carrying its publish time; latency is publish call → event in the core's inbox / the bare
 * listener's parsed message. A fresh channel per run, so nothing buffered is replayed.
 */
import { EventSource } from 'eventsource';
import { createHeraldClient } from '../../src/core/client';
import { MemoryStore } from '../../src/core/store';
import { startNchan, type NchanServer } from '../../tests/support/nchan/nchan-server';
import { fmt, type Row } from './rows';
import { alternate, nowNs, percentile, until } from './stats';

let channelSeq = 0;

async function publishSteady(nchan: NchanServer, channel: string, n: number, rate: number): Promise<void> {
  const gap = 1000 / rate;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const due = start + i * gap;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    await nchan.publish(channel, JSON.stringify({ title: String(nowNs()), body: 'bench' }));
  }
}

const latency = (title: string) => Number(nowNs() - BigInt(title)) / 1e6;

/** For profile-nchan.ts: another fetch for the subscriber, and latency measured from another start. */
export interface RunProbe {
  fetch: typeof fetch;
  latency: () => number;
}

export async function heraldRun(nchan: NchanServer, n: number, rate: number, probe?: RunProbe): Promise<number[]> {
  const channel = `bench${++channelSeq}`;
  const client = createHeraldClient({
    sources: [{ id: 'nchan', kind: 'nchan', url: nchan.subscribeUrl, channels: [channel] }],
    store: new MemoryStore(),
    inboxStore: null,
    transport: 'sse',
    firstLoad: 0,
    ...(probe ? { fetch: probe.fetch } : {}),
  });
  const got: number[] = [];
  client.onDidChangeInbox((changes) => {
    for (const c of changes) if (c.kind === 'added') for (const it of c.items) if (/^\d+$/.test(it.title)) got.push(probe ? probe.latency() : latency(it.title));
  });
  client.start();
  try {
    await until(() => client.connection().overall.kind === 'open', 15_000, 'the core to open Nchan SSE');
    await publishSteady(nchan, channel, n, rate);
    await until(() => got.length >= n, 30_000, `${n} Nchan events in the core`);
    return got;
  } finally {
    await client.stop();
  }
}

export async function bareRun(nchan: NchanServer, n: number, rate: number, probe?: RunProbe): Promise<number[]> {
  const channel = `bench${++channelSeq}`;
  const es = new EventSource(`${nchan.url}/sub/sse/${channel}`, probe ? { fetch: probe.fetch } : {});
  const got: number[] = [];
  es.addEventListener('message', (e) => {
    const m = JSON.parse(e.data) as { title: string };
    got.push(probe ? probe.latency() : latency(m.title));
  });
  try {
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error('bare EventSource on Nchan did not open in 15 s')), 15_000);
      es.addEventListener('open', () => {
        clearTimeout(t);
        res();
      });
    });
    await publishSteady(nchan, channel, n, rate);
    await until(() => got.length >= n, 30_000, `${n} Nchan events at the bare listener`);
    return got;
  } finally {
    es.close();
  }
}

export async function nchanFigures(quick: boolean): Promise<Row[]> {
  const nchan = await startNchan({ pingIntervalSeconds: 5 });
  try {
    const n = quick ? 200 : 1000;
    const r = await alternate(quick ? 1 : 2, () => heraldRun(nchan, n, 100), () => bareRun(nchan, n, 100));
    const h = r.herald.flat();
    const b = r.baseline.flat();
    const [h50, h99, b50, b99] = [percentile(h, 50), percentile(h, 99), percentile(b, 50), percentile(b, 99)];
    return [
      {
        figure: `Nchan SSE latency at 100 msg/s, p50 / p99 (${fmt.n(h.length)} messages)`,
        herald: `${fmt.ms(h50)} / ${fmt.ms(h99)}`,
        baseline: `${fmt.ms(b50)} / ${fmt.ms(b99)}`,
        ratio: h99 / b99,
        target: 'p99 ≤ 2×',
        met: h99 / b99 <= 2,
        values: { heraldP50: h50, heraldP99: h99, baselineP50: b50, baselineP99: b99 },
      },
    ];
  } finally {
    await nchan.stop();
  }
}
