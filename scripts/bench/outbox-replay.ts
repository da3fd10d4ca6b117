/**
 * Replaying a long offline queue to the reference server (in its own process): the outbox (durable file, idempotency
 * keys, lanes, up to 4 sends at once, acknowledged removals journaled) vs plain sequential POSTs of the same actions
 * with no persistence at all. Only the sending is timed; the queue is built offline first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../src/core/outbox/outbox';
import { createHeraldSource } from '../../src/core/sources/herald';
import { JsonFileStore } from '../../src/core/stores/json-file-store';
import type { Action } from '../../src/shared/actions';
import { fmt, type Row } from './rows';
import type { BenchServer } from './server';
import { alternate, median } from './stats';

export function actions(itemIds: string[], n: number): Action[] {
  return Array.from({ length: n }, (_, i) => {
    const itemId = itemIds[i % itemIds.length]!;
    switch (i % 4) {
      case 0:
        return { type: 'like', itemId };
      case 1:
        return { type: 'comment', itemId, body: `评论 ${i}` };
      case 2:
        return { type: 'unlike', itemId };
      default:
        return { type: 'mark_read', itemId };
    }
  });
}

export async function outboxRun(url: string, list: Action[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-replay-'));
  const source = createHeraldSource({ id: 'bench', kind: 'herald', url }, { fetch: globalThis.fetch.bind(globalThis) });
  const outbox = new Outbox({ store: new JsonFileStore(join(dir, 'outbox.json')), send: (entry, signal) => source.actions!.send(entry.action, entry.key, signal) });
  try {
    for (const a of list) outbox.enqueue('bench', a);
    const t = performance.now();
    outbox.setOnline('bench', true);
    await outbox.flush();
    const ms = performance.now() - t;
    const p = outbox.progress();
    if (p.done !== list.length) throw new Error(`outbox replay: ${p.done} of ${list.length} acknowledged (${p.failed} failed)`);
    return ms;
  } finally {
    outbox.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function plainRun(url: string, list: Action[]): Promise<number> {
  const t = performance.now();
  for (const a of list) {
    const res = await fetch(`${url}/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify(a) });
    await res.text();
    if (!res.ok) throw new Error(`plain POST: ${res.status}`);
  }
  return performance.now() - t;
}

export async function replayFigures(server: BenchServer, quick: boolean): Promise<Row[]> {
  const n = quick ? 1000 : 10_000;
  // Fresh items per run: every action adds an event to the server's log, and an item whose event left the log's
  // window (20 000 events in ./server-child.ts) is gone, so its actions would fail.
  const fresh = async () => actions((await server.command<{ ids: string[] }>('items', { n: 50 })).ids, n);
  // Three rounds, so the median is a middle run (of two, `median` takes the lower): one run here swings by 20–30 %
  // with the neighbours' load.
  const r = await alternate(
    quick ? 1 : 3,
    async () => outboxRun(server.url, await fresh()),
    async () => plainRun(server.url, await fresh()),
  );
  const [h, b] = [median(r.herald), median(r.baseline)];
  return [
    {
      figure: `outbox: replay ${fmt.n(n)} to the reference server (vs plain sequential POSTs)`,
      herald: `${fmt.ms(h)} (${fmt.rate((n / h) * 1000)})`,
      baseline: `${fmt.ms(b)} (${fmt.rate((n / b) * 1000)})`,
      ratio: h / b,
      target: '≤ 1×',
      met: h / b <= 1,
      values: { outboxMs: h, plainMs: b, actions: n },
    },
  ];
}
