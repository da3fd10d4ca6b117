/**
 * `npm run bench`: how fast Herald moves events and actions, as ratios against a named baseline measured in the same
 * run on the same machine (absolute times vary between machines; ratios say what a change did).
 * Everything talks to 127.0.0.1 only, loops are bounded, and the run stops by itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeraldClient } from '../src/core/client';
import { Inbox } from '../src/core/inbox';
import { Outbox } from '../src/core/outbox/outbox';
import { MemoryStore } from '../src/core/store';
import { JsonFileStore } from '../src/core/stores/json-file-store';
import type { HeraldEvent } from '../src/shared/events';
import type { TransportKind } from '../src/shared/connection-state';
import { startServer } from '../src/server/index';

interface Row {
  group: string;
  name: string;
  baseline: boolean;
  ms: number;
  ops: number;
}

const rows: Row[] = [];
const quick = process.argv.includes('--quick');

async function time(fn: () => Promise<void> | void): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Best of `runs`: the least disturbed measurement. */
async function best(runs: number, fn: () => Promise<number>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, await fn());
  return min;
}

async function deliveryBench(kind: TransportKind, events: number): Promise<number> {
  const server = await startServer({ port: 0, keepaliveSeconds: 5 });
  const client = createHeraldClient({
    sources: [{ id: 'bench', kind: 'herald', url: server.url }],
    store: new MemoryStore(),
    transport: kind,
    firstLoad: 0,
    inboxStore: null,
    tuning: { source: { pollInterval: { initialMs: 50, minMs: 20, maxMs: 200 } } },
  });
  try {
    client.start();
    await until(() => client.connection().overall.kind === 'open', 10_000);
    return await time(async () => {
      for (let i = 0; i < events; i++) server.publish({ title: `bench ${i}`, body: 'x'.repeat(200) });
      await until(() => client.items().length === events, 60_000);
    });
  } finally {
    await client.stop();
    await server.close();
  }
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function notifications(n: number): HeraldEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    type: 'notification' as const,
    time: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    data: { itemId: String(i + 1), title: `通知 ${i}`, body: 'body', priority: 3 as const },
  }));
}

async function main(): Promise<void> {
  // 1. Delivery, end to end over loopback: baseline SSE.
  const n = quick ? 300 : 2000;
  for (const kind of ['sse', 'longpoll', 'poll'] as const) {
    rows.push({ group: `deliver ${n} events`, name: kind, baseline: kind === 'sse', ms: await best(quick ? 1 : 2, () => deliveryBench(kind, n)), ops: n });
  }

  // 2. Inbox: applying 100k notifications in batches of 500 vs the baseline of merely keeping them in an array.
  const m = quick ? 20_000 : 100_000;
  const events = notifications(m);
  rows.push({
    group: `inbox ${m} items`,
    name: 'array push (baseline)',
    baseline: true,
    ms: await best(3, () => time(() => {
      const list: HeraldEvent[] = [];
      for (let i = 0; i < events.length; i += 500) list.push(...events.slice(i, i + 500));
      list.sort((a, b) => (a.time < b.time ? 1 : -1));
    })),
    ops: m,
  });
  rows.push({
    group: `inbox ${m} items`,
    name: 'Inbox.apply + items()',
    baseline: false,
    ms: await best(3, () => time(() => {
      const inbox = new Inbox({ limit: m });
      for (let i = 0; i < events.length; i += 500) inbox.apply('s', events.slice(i, i + 500));
      inbox.items();
      inbox.unreadCount();
    })),
    ops: m,
  });

  // 3. Outbox enqueue: durable file store (fsync per write) vs the baseline memory store.
  const k = quick ? 100 : 500;
  for (const [name, baseline, make] of [
    ['memory store (baseline)', true, () => new MemoryStore()],
    ['JSON file, fsync', false, (dir: string) => new JsonFileStore(join(dir, 'outbox.json'))],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
    try {
      const outbox = new Outbox({ store: make(dir), send: () => Promise.resolve({ ok: true, status: 200, body: {} }) });
      const ms = await time(() => {
        for (let i = 0; i < k; i++) outbox.enqueue('s', { type: 'like', itemId: String(i % 50) });
      });
      outbox.dispose();
      rows.push({ group: `outbox enqueue ${k}`, name, baseline, ms, ops: k });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // 4. Start-up of the `herald` command (--help), as an installed user runs it (the build) and as a checkout runs
  //    it (the sources through tsx), against the baseline of starting Node itself.
  const runs = quick ? 3 : 7;
  const root = join(import.meta.dirname, '..');
  if (!existsSync(join(root, 'out/cli/herald.js'))) spawnSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'inherit' });
  const herald = join(root, 'bin/herald.js');
  for (const [name, baseline, args, env] of [
    ['node -e 0 (baseline)', true, ['-e', '0'], {}],
    ['herald --help (built)', false, [herald, '--help'], { HERALD_CLI: 'built' }],
    ['herald --help (sources via tsx)', false, [herald, '--help'], {}],
  ] as const) {
    const ms = await best(runs, () => time(() => {
      const r = spawnSync(process.execPath, [...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`bench: ${name} exited with ${r.status}`);
    }));
    rows.push({ group: 'CLI start-up', name, baseline, ms, ops: 1 });
  }

  print();
}

function print(): void {
  const header = ['group', 'case', 'time (ms)', 'ops/s', 'vs baseline'];
  const table = rows.map((r) => {
    const base = rows.find((b) => b.group === r.group && b.baseline);
    const ratio = base ? r.ms / base.ms : NaN;
    return [r.group, r.name + (r.baseline ? ' *' : ''), r.ms.toFixed(1), Math.round((r.ops / r.ms) * 1000).toString(), r.baseline ? '1.00x' : `${ratio.toFixed(2)}x`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of table) process.stdout.write(`${line(row)}\n`);
  process.stdout.write('\n* baseline of its group, measured in this same run; "vs baseline" is time relative to it (lower is faster).\n');
}

await main();
