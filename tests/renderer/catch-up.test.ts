import { CatchUpQueue } from '../../src/renderer/src/lib/catch-up';
import type { InboxChange } from '../../src/shared/inbox';
import { makeItem, makeItems } from './fake-bridge';

/** A queue whose later tasks run only when the test says so. */
function queue(budget: number) {
  const applied: InboxChange[][] = [];
  const tasks: Array<() => void> = [];
  const q = new CatchUpQueue({ apply: (c) => applied.push(c), schedule: (fn) => tasks.push(fn), budget });
  const runTask = () => tasks.shift()?.();
  return { q, applied, tasks, runTask };
}

const addedKeys = (batches: InboxChange[][]) => batches.flat().flatMap((c) => (c.kind === 'added' ? c.items.map((i) => i.key) : []));

describe('CatchUpQueue', () => {
  it('applies a small batch at once, in the same task', () => {
    const { q, applied, tasks } = queue(100);
    q.push([{ kind: 'added', items: [makeItem(1)] }]);
    expect(addedKeys(applied)).toEqual(['main/1']);
    expect(tasks).toHaveLength(0);
  });

  it('spreads a catch-up over several tasks of at most `budget` items, in order, losing nothing', () => {
    const { q, applied, tasks, runTask } = queue(1000);
    const items = makeItems(4500).reverse(); // oldest first, as a catch-up arrives
    q.push([{ kind: 'added', items: items.slice(0, 3000) }]);
    q.push([{ kind: 'updated', items: [makeItem(7, { read: true })] }, { kind: 'added', items: items.slice(3000) }]);
    // The first slice shows at once; the rest waits for later tasks.
    expect(applied).toHaveLength(1);
    for (let i = 0; i < 20 && tasks.length > 0; i++) runTask();
    expect(tasks).toHaveLength(0);
    for (const slice of applied) expect(slice.reduce((n, c) => n + (c.kind === 'added' || c.kind === 'updated' ? c.items.length : 1), 0)).toBeLessThanOrEqual(1000);
    expect(addedKeys(applied)).toEqual(items.map((i) => i.key));
    // The update comes after the items pushed before it and before the ones pushed after it.
    const flat = applied.flat();
    const at = flat.findIndex((c) => c.kind === 'updated');
    expect(addedKeys([flat.slice(0, at)])).toHaveLength(3000);
  });

  it('keeps a live batch behind a catch-up still being applied', () => {
    const { q, applied, runTask } = queue(10);
    q.push([{ kind: 'added', items: makeItems(25).reverse() }]);
    q.push([{ kind: 'added', items: [makeItem(99)] }]);
    expect(addedKeys(applied)).not.toContain('main/99');
    runTask();
    runTask();
    expect(addedKeys(applied).at(-1)).toBe('main/99');
  });

  it('stops when disposed', () => {
    const { q, applied, runTask } = queue(10);
    q.push([{ kind: 'added', items: makeItems(25) }]);
    q.dispose();
    runTask();
    expect(applied).toHaveLength(1);
  });

  it('lets live batches go before background pages, and says when the background is drained', async () => {
    const { q, applied, runTask } = queue(10);
    q.push([{ kind: 'added', items: makeItems(30, (n) => ({ itemId: `old${n}` })) }], { background: true });
    let drained = false;
    void q.drained().then(() => (drained = true));
    q.push([{ kind: 'added', items: [makeItem(99)] }]);
    runTask();
    expect(addedKeys(applied)).toContain('main/99');
    expect(addedKeys(applied).indexOf('main/99')).toBeLessThan(20);
    for (let i = 0; i < 5; i++) runTask();
    await Promise.resolve();
    expect(drained).toBe(true);
    expect(addedKeys(applied)).toHaveLength(31);
  });
});
