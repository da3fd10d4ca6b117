/**
 * In-process figures: the inbox at its cap, the outbox's durable enqueue, and memory with 100 000 items (in a child
 * process with --expose-gc, so the heap is measured after a real collection and nothing else of the bench is in it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Inbox } from '../../src/core/inbox/inbox';
import { Outbox } from '../../src/core/outbox/outbox';
import { MemoryStore, type Journal, type JournalingStore } from '../../src/core/store';
import { JsonFileStore } from '../../src/core/stores/json-file-store';
import type { HeraldEvent } from '../../src/shared/events';
import { fmt, type Row } from './rows';
import { alternate, median } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');

export function notification(i: number): HeraldEvent {
  return {
    id: String(i),
    type: 'notification',
    time: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    data: { itemId: String(i), title: `构建 #${i} 已完成 / Build #${i} passed`, body: 'All 42 checks passed on linux, macOS and Windows. 所有检查均已通过。', priority: 3 },
  };
}

/** µs per live event, one event per `apply`, with the inbox full at `size` (and a listener reading the unread count, as the shell's does). */
function inboxRun(size: number, events: number): number {
  const inbox = new Inbox({ limit: size });
  for (let i = 1; i <= size; i += 500) inbox.apply('s', Array.from({ length: Math.min(500, size - i + 1) }, (_, j) => notification(i + j)));
  // Some read items, as in real use.
  inbox.apply('s', [{ id: 'r', type: 'read_update', time: new Date().toISOString(), data: { itemIds: Array.from({ length: 50 }, (_, j) => String(1 + j * Math.floor(size / 50))) } }]);
  let sink = 0;
  inbox.onDidChange(() => (sink += inbox.unreadCount()));
  const t = performance.now();
  for (let i = 0; i < events; i++) inbox.apply('s', [notification(size + 10 + i)]);
  const us = ((performance.now() - t) * 1000) / events;
  if (sink < 0) throw new Error('unreachable');
  return us;
}

/** The memory baseline: the same outbox code and journal records, kept in memory (no file, no fsync). */
class MemoryJournalStore extends MemoryStore implements JournalingStore {
  journal(): Journal {
    let records: unknown[] = [];
    return {
      read: () => ({ records: records.slice() }),
      append: (r) => {
        for (const x of r) records.push(JSON.parse(JSON.stringify(x)));
      },
      get length() {
        return records.length;
      },
      reset: () => {
        records = [];
        return undefined;
      },
      close: () => {},
    };
  }
}

/**
 * ms for `n` offline enqueues: 'fsync' (the default file store: each enqueue written before it returns, one group
 * fdatasync per turn of the event loop), 'write' (file, no fsync: survives SIGKILL, not a power cut), 'memory'.
 * The clock stops after the turn that follows, so the group commit's fdatasync is counted.
 */
async function enqueueRun(n: number, kind: 'fsync' | 'write' | 'memory'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-outbox-'));
  try {
    const store = kind === 'memory' ? new MemoryJournalStore() : new JsonFileStore(join(dir, 'outbox.json'), { durable: kind === 'fsync' });
    const outbox = new Outbox({ store, send: () => Promise.reject(new Error('offline')) });
    const t = performance.now();
    for (let i = 0; i < n; i++) outbox.enqueue('s', i % 4 === 3 ? { type: 'comment', itemId: String(i % 97), body: `评论 ${i}: looks good` } : { type: 'like', itemId: String(i % 97) });
    await new Promise<void>((r) => setImmediate(r));
    const ms = performance.now() - t;
    outbox.dispose();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function storeFigures(quick: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const events = quick ? 5000 : 20_000;
  const inbox = await alternate(quick ? 2 : 5, async () => inboxRun(100_000, events), async () => inboxRun(1000, events));
  const [h, b] = [median(inbox.herald), median(inbox.baseline)];
  rows.push({ figure: 'inbox: one live event at 100 000 items (vs at 1 000)', herald: fmt.us(h), baseline: fmt.us(b), ratio: h / b, target: '≤ 2×', met: h / b <= 2, values: { usPerEvent100k: h, usPerEvent1k: b } });

  const n = quick ? 2000 : 10_000;
  const ob = await alternate(quick ? 1 : 3, async () => enqueueRun(n, 'fsync'), async () => enqueueRun(n, 'memory'));
  const [d, m] = [median(ob.herald), median(ob.baseline)];
  const writes: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) writes.push(await enqueueRun(n, 'write'));
  const w = median(writes);
  rows.push({
    figure: `outbox: ${fmt.n(n)} offline enqueues, durable file (fsync) vs memory`,
    herald: `${fmt.ms(d)} (${fmt.us((d * 1000) / n)}/action)`,
    baseline: `${fmt.ms(m)} (${fmt.us((m * 1000) / n)}/action)`,
    ratio: d / m,
    target: '≤ 3×',
    met: d / m <= 3,
    values: { durableMs: d, memoryMs: m, actions: n },
  });
  rows.push({
    figure: `outbox: ${fmt.n(n)} offline enqueues, file without fsync (survives SIGKILL, not a power cut) vs memory`,
    herald: `${fmt.ms(w)} (${fmt.us((w * 1000) / n)}/action)`,
    baseline: `${fmt.ms(m)} (${fmt.us((m * 1000) / n)}/action)`,
    ratio: w / m,
    target: 'report',
    met: null,
    values: { writeOnlyMs: w, memoryMs: m, actions: n },
  });

  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, 'memory-child.ts'), String(100_000)], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const mem = JSON.parse(out.trim().split('\n').at(-1)!) as { heapMb: number; rssMb: number };
  rows.push({
    figure: 'memory with 100 000 items (main-process heap / RSS growth)',
    herald: `${fmt.mb(mem.heapMb)} / ${fmt.mb(mem.rssMb)}`,
    baseline: '—',
    ratio: null,
    target: '< 200 MB',
    met: mem.heapMb < 200 && mem.rssMb < 200,
    values: mem,
  });
  return rows;
}
