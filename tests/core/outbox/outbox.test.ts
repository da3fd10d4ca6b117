import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../helpers/manual-clock';
import { Outbox, OutboxError, type OutboxOptions } from '../../../src/core/outbox/outbox';
import { MemoryStore, type KeyValueStore } from '../../../src/core/store';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { storedEntries } from './stored-entries';
import { actionTarget, type Action } from '../../../src/shared/actions';
import type { OutboxEntry, OutboxProgress } from '../../../src/shared/outbox';
import { FakeSend, OK, settle, status } from './fake-send';

let dir: string;
let clock: ManualClock;
const outboxes: Outbox[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-'));
  clock = new ManualClock();
});

afterEach(() => {
  for (const o of outboxes.splice(0)) o.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function make(fake: FakeSend, options: Partial<OutboxOptions> = {}): Outbox {
  const outbox = new Outbox({ store: new MemoryStore(), send: fake.send, clock, random: () => 0.5, ...options });
  outboxes.push(outbox);
  return outbox;
}

const file = (): string => join(dir, 'outbox.json');
const storedKeys = (store: KeyValueStore): string[] => (store.get<OutboxEntry[]>('entries') ?? []).map((e) => e.key);

describe('Outbox: enqueue', () => {
  it('writes the action to disk, with an idempotency key, before enqueue returns — and sends nothing while offline', () => {
    const fake = new FakeSend();
    const outbox = make(fake, { store: new JsonFileStore(file()) });
    const entry = outbox.enqueue('s1', { type: 'like', itemId: '7' });

    expect(entry.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.state).toEqual({ kind: 'pending', attempts: 0 });
    // A second process opening the file right now sees it: nothing is only in memory.
    const onDisk = storedEntries(file());
    expect(onDisk).toEqual([{ ...entry }]);
    expect(fake.received.size).toBe(0);
  });

  it('refuses invalid actions with invalid_input and writes nothing', () => {
    const store = new MemoryStore();
    const outbox = make(new FakeSend(), { store });
    const bad = [
      () => outbox.enqueue('s1', { type: 'like', itemId: '' }),
      () => outbox.enqueue('s1', { type: 'dance' } as unknown as Action),
      () => outbox.enqueue('', { type: 'like', itemId: '1' }),
      () => outbox.enqueue('s1', { type: 'comment', itemId: '1', body: '   ' }),
    ];
    for (const attempt of bad) {
      expect(attempt).toThrowError(OutboxError);
      try {
        attempt();
      } catch (err) {
        expect((err as OutboxError).code).toBe('invalid_input');
        expect((err as OutboxError).message.length).toBeGreaterThan(10);
      }
    }
    expect(outbox.entries()).toEqual([]);
    expect(storedKeys(store)).toEqual([]);
  });

  it('refuses the entry past the cap with outbox_full, and loses nothing already queued', () => {
    const store = new MemoryStore();
    const outbox = make(new FakeSend(), { store, maxEntries: 5 });
    const queued = [1, 2, 3, 4, 5].map((n) => outbox.enqueue('s1', { type: 'mark_read', itemId: String(n) }).key);
    let error: unknown;
    try {
      outbox.enqueue('s1', { type: 'mark_read', itemId: '6' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as OutboxError).toInfo()).toEqual({ code: 'outbox_full', message: expect.stringContaining('limit is 5') });
    expect(outbox.entries().map((e) => e.key)).toEqual(queued);
    expect(storedKeys(store)).toEqual(queued);
  });

  it('refuses an oversized comment with a clear error', () => {
    const outbox = make(new FakeSend(), { maxEntryBytes: 2048 });
    // Over the protocol's comment limit: refused by validation.
    expect(() => outbox.enqueue('s1', { type: 'comment', itemId: '1', body: 'x'.repeat(5000) })).toThrowError(/longer than 4000/);
    // Within the character limit but over the entry size (3 bytes per character in UTF-8).
    let error: OutboxError | undefined;
    try {
      outbox.enqueue('s1', { type: 'comment', itemId: '1', body: '长'.repeat(1000) });
    } catch (err) {
      error = err as OutboxError;
    }
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/too large.*limit is 2048/);
    expect(outbox.entries()).toEqual([]);
    // A normal comment still goes in.
    expect(outbox.enqueue('s1', { type: 'comment', itemId: '1', body: '好' }).action).toEqual({ type: 'comment', itemId: '1', body: '好' });
  });

  it('reports a store that cannot be written as an error from enqueue, keeping memory and disk in agreement', () => {
    const store = new MemoryStore();
    const outbox = make(new FakeSend(), { store });
    const kept = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    store.set = () => {
      throw new Error('disk full');
    };
    expect(() => outbox.enqueue('s1', { type: 'like', itemId: '2' })).toThrowError(/could not be saved: disk full/);
    expect(outbox.entries().map((e) => e.key)).toEqual([kept.key]);
  });
});

describe('Outbox: replay', () => {
  it('sends nothing until the source is online, then everything, each key once', async () => {
    const fake = new FakeSend();
    const outbox = make(fake);
    for (let i = 0; i < 10; i++) outbox.enqueue('s1', { type: 'like', itemId: String(i % 3) });
    await settle();
    expect(fake.received.size).toBe(0);

    outbox.setOnline('s2', true); // another source: still nothing
    await settle();
    expect(fake.received.size).toBe(0);

    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(fake.applied).toHaveLength(10);
    expect([...fake.received.values()].every((n) => n === 1)).toBe(true);
    expect(outbox.entries()).toEqual([]);
  });

  it('replays 500 mixed actions across 20 items in order per item, never more than `concurrency` at once', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake, { concurrency: 4 });
    const types = ['mark_read', 'like', 'unlike', 'comment'] as const;
    const enqueued: OutboxEntry[] = [];
    for (let i = 0; i < 500; i++) {
      const itemId = `item-${(i * 7) % 20}`;
      const type = types[i % types.length]!;
      const action: Action = i % 97 === 96 ? { type: 'mark_all_read' } : type === 'comment' ? { type, itemId, body: `c${i}` } : { type, itemId };
      enqueued.push(outbox.enqueue('s1', action));
    }
    outbox.setOnline('s1', true);
    // Answer in a scrambled order (whatever is in flight), as a real server's latencies would.
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let guard = 0; guard < 2000 && fake.applied.length < 500; guard++) {
      await settle();
      if (fake.held.length > 0) fake.answer(Math.floor(random() * fake.held.length));
    }
    await outbox.flush();

    expect(fake.applied).toHaveLength(500);
    expect(fake.maxInFlight).toBe(4);
    expect([...fake.received.values()].every((n) => n === 1)).toBe(true);
    // Order per item (and the barrier): the applied order restricted to one lane is the enqueue order.
    const position = new Map(fake.applied.map((e, i) => [e.key, i]));
    for (let i = 1; i < enqueued.length; i++) {
      for (let j = 0; j < i; j++) {
        const [a, b] = [enqueued[j]!, enqueued[i]!];
        const ordered = actionTarget(a.action) === actionTarget(b.action) || actionTarget(a.action) === '*' || actionTarget(b.action) === '*';
        if (ordered) expect(position.get(a.key)!).toBeLessThan(position.get(b.key)!);
      }
    }
  });

  it('holds mark_all_read until every earlier action of its source is acknowledged, and later ones until it is', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake);
    outbox.enqueue('s1', { type: 'mark_read', itemId: 'A' });
    outbox.enqueue('s1', { type: 'like', itemId: 'B' });
    outbox.enqueue('s1', { type: 'mark_all_read', upTo: '9' });
    outbox.enqueue('s1', { type: 'like', itemId: 'C' });
    outbox.enqueue('s2', { type: 'like', itemId: 'C' }); // another source is not held back
    outbox.setOnline('s1', true);
    outbox.setOnline('s2', true);
    await settle();
    const inFlight = () => fake.held.map((c) => `${c.entry.sourceId}:${actionTarget(c.entry.action)}`).sort();
    expect(inFlight()).toEqual(['s1:A', 's1:B', 's2:C']);

    fake.answer(fake.held.findIndex((c) => actionTarget(c.entry.action) === 'A'));
    await settle();
    expect(inFlight()).toEqual(['s1:B', 's2:C']);

    fake.answer(fake.held.findIndex((c) => actionTarget(c.entry.action) === 'B'));
    await settle();
    expect(inFlight()).toEqual(['s1:*', 's2:C']);

    fake.answer(fake.held.findIndex((c) => c.entry.sourceId === 's1'));
    await settle();
    expect(inFlight()).toEqual(['s1:C', 's2:C']);
  });

  it('pauses when the source goes offline (in-flight sends finish) and resumes when it is back', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake, { concurrency: 1 });
    for (const id of ['1', '2', '3']) outbox.enqueue('s1', { type: 'like', itemId: id });
    outbox.setOnline('s1', true);
    await settle();
    expect(fake.held).toHaveLength(1);
    outbox.setOnline('s1', false);
    fake.answer();
    await settle();
    expect(fake.applied).toHaveLength(1);
    expect(fake.held).toHaveLength(0);
    expect(outbox.progress()).toMatchObject({ pending: 2, sending: 0 });

    fake.respond(() => OK);
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(fake.applied.map((e) => e.action)).toEqual(['1', '2', '3'].map((itemId) => ({ type: 'like', itemId })));
  });

  it('passes the server result to onDidAcknowledge before the change that removes the entry', async () => {
    const fake = new FakeSend().respond(() => ({ ok: true, status: 200, body: { ok: true, result: { likes: 3, liked: true } }, result: { likes: 3, liked: true } }));
    const outbox = make(fake);
    const seen: string[] = [];
    outbox.onDidAcknowledge(({ entry, result }) => seen.push(`ack ${entry.action.type} ${JSON.stringify(result)} (still listed: ${outbox.entries().length})`));
    outbox.onDidChange((p) => seen.push(`change pending=${p.pending} sending=${p.sending} done=${p.done}`));
    outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(seen).toEqual([
      'change pending=1 sending=0 done=0',
      'change pending=0 sending=1 done=0',
      'ack like {"likes":3,"liked":true} (still listed: 0)',
      'change pending=0 sending=0 done=1',
    ]);
  });

  it('writes acknowledged removals to disk once the outbox is idle', async () => {
    const store = new JsonFileStore(file());
    const outbox = make(new FakeSend(), { store });
    for (let i = 0; i < 5; i++) outbox.enqueue('s1', { type: 'mark_read', itemId: String(i) });
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(new JsonFileStore(file()).get('entries')).toEqual([]);
  });
});

describe('Outbox: writes', () => {
  it('writes each enqueue at once but coalesces acknowledged removals (a long replay does not rewrite the file per action)', async () => {
    const store = new MemoryStore();
    let writes = 0;
    const set = store.set.bind(store);
    store.set = (key, value) => {
      writes++;
      set(key, value);
    };
    const outbox = make(new FakeSend(), { store });
    for (let i = 0; i < 100; i++) outbox.enqueue('s1', { type: 'like', itemId: String(i % 10) });
    const afterEnqueue = writes;
    expect(afterEnqueue).toBeGreaterThanOrEqual(100);
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(store.get('entries')).toEqual([]);
    expect(writes - afterEnqueue).toBeLessThanOrEqual(3);
  });

  it('writes pending removals when disposed', async () => {
    const store = new MemoryStore();
    const fake = new FakeSend().hold();
    const outbox = make(fake, { store, concurrency: 2 });
    outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.enqueue('s1', { type: 'like', itemId: '2' });
    outbox.setOnline('s1', true);
    await settle();
    fake.answer();
    await settle();
    // One acknowledged, one still in flight: the removal waits for the coalescing timer...
    expect(store.get<OutboxEntry[]>('entries')).toHaveLength(2);
    outbox.dispose();
    // ...or for dispose, which also writes the in-flight one back as pending.
    expect(store.get<OutboxEntry[]>('entries')?.map((e) => e.state.kind)).toEqual(['pending']);
  });
});

describe('Outbox: failures', () => {
  it('retries a 500 with backoff (same key), and the server applies it once', async () => {
    const fake = new FakeSend().respond((_e, attempt) => (attempt === 1 ? status(500, 'internal', 'boom') : OK));
    const outbox = make(fake); // random 0.5: first backoff = 0.5 * 1000 ms
    const entry = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await outbox.flush(); // resolves: the entry waits out its backoff
    expect(outbox.entries()[0]!.state).toEqual({
      kind: 'pending',
      attempts: 1,
      nextAttemptAt: clock.now() + 500,
      lastError: { code: 'server', message: 'HTTP 500: internal: boom', status: 500 },
    });
    clock.advance(499);
    await settle();
    expect(fake.received.get(entry.key)).toBe(1);
    clock.advance(1);
    await outbox.flush();
    expect(fake.received.get(entry.key)).toBe(2);
    expect(fake.applied.map((e) => e.key)).toEqual([entry.key]);
    expect(outbox.entries()).toEqual([]);
  });

  it('backs off exponentially with full jitter under a cap, and never gives up on a transient failure', async () => {
    const fake = new FakeSend().respond(() => new TypeError('fetch failed'));
    const outbox = make(fake, { random: () => 0.999999, retry: { baseMs: 100, capMs: 1000 } });
    const entry = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await outbox.flush();
      const state = outbox.entries()[0]!.state;
      if (state.kind !== 'pending' || state.nextAttemptAt === undefined) throw new Error(`unexpected ${JSON.stringify(state)}`);
      expect(state.lastError?.code).toBe('network');
      waits.push(state.nextAttemptAt - clock.now());
      clock.advance(state.nextAttemptAt - clock.now());
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000]);
    expect(fake.received.get(entry.key)).toBe(9);
  });

  it('honours Retry-After on a 429, even beyond the jitter cap', async () => {
    const fake = new FakeSend().respond((_e, attempt) => (attempt === 1 ? status(429, 'rate_limited', 'slow down', 90) : OK));
    const outbox = make(fake, { random: () => 0 });
    const entry = outbox.enqueue('s1', { type: 'comment', itemId: '1', body: 'hi' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    // Coming back online does not cut a server-requested wait short.
    outbox.setOnline('s1', false);
    outbox.setOnline('s1', true);
    clock.advance(89_999);
    await settle();
    expect(fake.received.get(entry.key)).toBe(1);
    clock.advance(1);
    await outbox.flush();
    expect(fake.applied).toHaveLength(1);
  });

  it('a Retry-After of two hours is honoured only up to 15 minutes, the same cap as reconnecting (MAX_RETRY_AFTER_MS)', async () => {
    const fake = new FakeSend().respond((_e, attempt) => (attempt === 1 ? status(503, 'server', 'down for maintenance', 2 * 3600) : OK));
    const outbox = make(fake, { random: () => 0 });
    const entry = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    clock.advance(15 * 60_000 - 1);
    await settle();
    expect(fake.received.get(entry.key)).toBe(1);
    clock.advance(1);
    await outbox.flush();
    expect(fake.applied).toHaveLength(1);
  });

  it('tries again at once when the link comes back after a network backoff', async () => {
    const fake = new FakeSend().respond((_e, attempt) => (attempt === 1 ? new TypeError('fetch failed') : OK));
    const outbox = make(fake, { random: () => 0.9 });
    outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(outbox.progress().pending).toBe(1);
    outbox.setOnline('s1', false);
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(fake.applied).toHaveLength(1);
  });

  it('moves a 422 to the failed list with the server reason; later actions, of this item and others, continue', async () => {
    const store = new MemoryStore();
    const fake = new FakeSend().respond((e) => (e.action.type === 'comment' ? status(422, 'unknown_item', 'no item 404') : OK));
    const outbox = make(fake, { store });
    const failedSeen: OutboxEntry[] = [];
    outbox.onDidFail((e) => failedSeen.push(e));
    const bad = outbox.enqueue('s1', { type: 'comment', itemId: '404', body: 'hello' });
    const sameItem = outbox.enqueue('s1', { type: 'like', itemId: '404' });
    const other = outbox.enqueue('s1', { type: 'like', itemId: '5' });
    const all = outbox.enqueue('s1', { type: 'mark_all_read' });
    outbox.setOnline('s1', true);
    await outbox.flush();

    // 'other' goes alongside the comment, so the first two may come in either order; mark_all_read comes last.
    expect(fake.applied.map((e) => e.key).slice(0, 2).sort()).toEqual([sameItem.key, other.key].sort());
    expect(fake.applied.map((e) => e.key)[2]).toBe(all.key);
    expect(fake.received.get(bad.key)).toBe(1); // not retried on its own
    const [failed] = outbox.entries();
    expect(failed!.key).toBe(bad.key);
    expect(failed!.state).toEqual({
      kind: 'failed',
      attempts: 1,
      error: { code: 'invalid_input', message: 'HTTP 422: unknown_item: no item 404', status: 422 },
      failedAt: clock.now(),
    });
    expect(failedSeen.map((e) => e.key)).toEqual([bad.key]);
    expect(outbox.progress()).toMatchObject({ pending: 0, sending: 0, failed: 1 });
    // The failure is on disk too: a restart still shows it.
    expect((store.get<OutboxEntry[]>('entries') ?? []).map((e) => e.state.kind)).toEqual(['failed']);
  });

  it('retry() sends a failed entry again with the same key; discard() drops it for good', async () => {
    const store = new MemoryStore();
    let refuse = true;
    const fake = new FakeSend().respond(() => (refuse ? status(422, 'invalid_action', 'no') : OK));
    const outbox = make(fake, { store });
    const a = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    const b = outbox.enqueue('s1', { type: 'like', itemId: '2' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(outbox.progress().failed).toBe(2);

    refuse = false;
    outbox.retry(a.key);
    await outbox.flush();
    expect(fake.applied.map((e) => e.key)).toEqual([a.key]);
    expect(fake.received.get(a.key)).toBe(2);

    outbox.discard(b.key);
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(store.get('entries')).toEqual([]);
    expect(fake.received.get(b.key)).toBe(1);
    // Unknown keys (a double click) are harmless.
    outbox.discard(b.key);
    outbox.retry(b.key);
  });

  it('refuses to discard an entry while it is being sent (it may already be applied)', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake);
    const e = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await settle();
    expect(() => outbox.discard(e.key)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    fake.answer();
    await outbox.flush();
    expect(fake.applied).toHaveLength(1);
  });

  it('gives up on a send that never answers after sendTimeoutMs, aborts it, and retries with the same key', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake, { sendTimeoutMs: 5000, random: () => 0 });
    const e = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.setOnline('s1', true);
    await settle();
    const first = fake.held[0]!;
    clock.advance(5000);
    await settle();
    expect(first.signal.aborted).toBe(true);
    expect(fake.received.get(e.key)).toBe(2);
    // The late answer to the first attempt changes nothing; the second one acknowledges.
    first.answer(status(500));
    fake.answer(1);
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(fake.applied.map((x) => x.key)).toEqual([e.key]);
  });

  it('after dispose mid-send, a new outbox over the same store sends the entry again with the same key', async () => {
    const store = new JsonFileStore(file());
    const fake = new FakeSend().hold();
    const first = make(fake, { store });
    const e = first.enqueue('s1', { type: 'like', itemId: '1' });
    first.setOnline('s1', true);
    await settle();
    first.dispose();
    expect(fake.held[0]!.signal.aborted).toBe(true);

    const again = new FakeSend();
    const second = make(again, { store: new JsonFileStore(file()) });
    expect(second.entries().map((x) => [x.key, x.state.kind])).toEqual([[e.key, 'pending']]);
    second.setOnline('s1', true);
    await second.flush();
    expect(again.applied.map((x) => x.key)).toEqual([e.key]);
  });
});

describe('Outbox: progress', () => {
  it('moves as a user would see it: "syncing 1/12" … "12/12", then a new sync starts from zero', async () => {
    const fake = new FakeSend().hold();
    const outbox = make(fake, { concurrency: 1 });
    for (let i = 0; i < 12; i++) outbox.enqueue('s1', { type: 'mark_read', itemId: String(i) });
    expect(outbox.progress()).toEqual({ pending: 12, sending: 0, failed: 0, done: 0, total: 12 });

    const shown: string[] = [];
    outbox.onDidChange((p: OutboxProgress) => shown.push(`${p.done}/${p.total}`));
    outbox.setOnline('s1', true);
    expect(outbox.progress()).toEqual({ pending: 11, sending: 1, failed: 0, done: 0, total: 12 });
    for (let i = 0; i < 12; i++) {
      await settle();
      fake.answer();
    }
    await outbox.flush();
    expect(outbox.progress()).toEqual({ pending: 0, sending: 0, failed: 0, done: 12, total: 12 });
    const distinct = shown.filter((s, i) => s !== shown[i - 1]);
    expect(distinct).toEqual(Array.from({ length: 13 }, (_, i) => `${i}/12`));

    outbox.setOnline('s1', false);
    outbox.enqueue('s1', { type: 'like', itemId: 'x' });
    expect(outbox.progress()).toEqual({ pending: 1, sending: 0, failed: 0, done: 0, total: 1 });
  });

  it('counts failed entries apart from the sync total', async () => {
    const fake = new FakeSend().respond((e) => (e.action.type === 'unlike' ? status(422) : OK));
    const outbox = make(fake);
    outbox.enqueue('s1', { type: 'like', itemId: '1' });
    outbox.enqueue('s1', { type: 'unlike', itemId: '2' });
    outbox.setOnline('s1', true);
    await outbox.flush();
    expect(outbox.progress()).toEqual({ pending: 0, sending: 0, failed: 1, done: 1, total: 1 });
  });

  it('hands out frozen entries: a caller cannot change the queue by accident', () => {
    const outbox = make(new FakeSend());
    const e = outbox.enqueue('s1', { type: 'like', itemId: '1' });
    expect(() => {
      (e.action as { itemId: string }).itemId = '2';
    }).toThrow(TypeError);
    outbox.entries().pop();
    expect(outbox.entries()).toHaveLength(1);
  });
});
