/**
 * Heap and RSS growth of the main process's part of Herald with N items: the inbox filled through `apply` in
 * batches, its item list built once (what a window's snapshot costs) and the cache snapshot taken. Run with
 * --expose-gc; prints one JSON line { heapMb, rssMb }.
 */
import { Inbox } from '../../src/core/inbox/inbox';
import { notification } from './store-figures';

const n = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const settle = () => {
  for (let i = 0; i < 3; i++) gc();
};
settle();
const before = process.memoryUsage();
const inbox = new Inbox({ limit: n });
for (let i = 1; i <= n; i += 500) inbox.apply('s', Array.from({ length: Math.min(500, n - i + 1) }, (_, j) => notification(i + j)));
inbox.items();
inbox.toSnapshot();
settle();
const after = process.memoryUsage();
const mb = (b: number) => b / 1024 / 1024;
process.stdout.write(`${JSON.stringify({ heapMb: mb(after.heapUsed - before.heapUsed), rssMb: mb(after.rss - before.rss), items: inbox.items().length })}\n`);
