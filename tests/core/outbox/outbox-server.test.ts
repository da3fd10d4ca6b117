/**
 * The outbox against the real reference server on 127.0.0.1: exactly-once by idempotency key, order per item,
 * the server's faults (500, 429 with Retry-After, 422) handled as a user would expect.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type OutboxOptions } from '../../../src/core/outbox/outbox';
import { JsonFileStore } from '../../../src/core/stores/json-file-store';
import { storedEntries } from './stored-entries';
import { startServer, type RunningServer } from '../../../src/server/index';
import type { Action } from '../../../src/shared/actions';
import { waitFor } from '../../helpers/wait';
import { expectAppliedOnceInOrder } from './expect-applied';
import { heraldSend } from './fixtures/herald-send';

let dir: string;
let server: RunningServer;
let itemIds: string[];
const outboxes: Outbox[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'herald-outbox-it-'));
  server = await startServer({ port: 0, testHooks: true });
  itemIds = Array.from({ length: 20 }, (_, i) => server.publish({ title: `item ${i}`, body: 'b' }).id);
});

afterEach(async () => {
  for (const o of outboxes.splice(0)) o.dispose();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<OutboxOptions> = {}): Outbox {
  const outbox = new Outbox({ store: new JsonFileStore(join(dir, 'outbox.json')), send: heraldSend(server.url), random: () => 0, ...options });
  outboxes.push(outbox);
  return outbox;
}

async function fault(actions: { status: number; count: number; retryAfter?: number; code?: string; message?: string }): Promise<void> {
  const res = await fetch(`${server.url}/_test/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ actions }) });
  expect(res.status).toBe(200);
}

function mixedActions(count: number): Action[] {
  const out: Action[] = [];
  for (let i = 0; i < count; i++) {
    const itemId = itemIds[(i * 7) % itemIds.length]!;
    if (i % 125 === 124) out.push({ type: 'mark_all_read', upTo: itemIds[itemIds.length - 1]! });
    else if (i % 4 === 0) out.push({ type: 'comment', itemId, body: `comment ${i}` });
    else if (i % 4 === 1) out.push({ type: 'like', itemId });
    else if (i % 4 === 2) out.push({ type: 'unlike', itemId });
    else out.push({ type: 'mark_read', itemId });
  }
  return out;
}

describe('Outbox against the reference server', () => {
  it('queues 500 mixed actions offline; when the link is up, the server applies each exactly once, in order per item', async () => {
    const outbox = open();
    const enqueued = mixedActions(500).map((a) => outbox.enqueue('default', a));
    expect(server.actionLog().applied).toHaveLength(0);

    outbox.setOnline('default', true);
    await outbox.flush();

    expect(outbox.entries()).toEqual([]);
    expect(outbox.progress()).toMatchObject({ pending: 0, sending: 0, failed: 0, done: 500, total: 500 });
    expectAppliedOnceInOrder(server.actionLog(), enqueued);
    expect(Object.values(server.actionLog().received).every((n) => n === 1)).toBe(true);
    // And the file says so after a restart.
    expect(storedEntries(join(dir, 'outbox.json'))).toEqual([]);
  });

  it('retries through two 500s and the action is applied once', async () => {
    await fault({ status: 500, count: 2 });
    const outbox = open();
    const e = outbox.enqueue('default', { type: 'like', itemId: itemIds[0]! });
    outbox.setOnline('default', true);
    await outbox.flush(); // random 0: the backoff is 0 ms, so flush sees it through
    expect(server.actionLog().received[e.key]).toBe(3);
    expect(server.actionLog().applied.map((a) => a.key)).toEqual([e.key]);
    expect(outbox.entries()).toEqual([]);
  });

  it('waits out a 429 Retry-After before sending again', async () => {
    await fault({ status: 429, count: 1, retryAfter: 1 });
    const sentAt: number[] = [];
    const send = heraldSend(server.url);
    const outbox = open({
      send: (entry, signal) => {
        sentAt.push(Date.now());
        return send(entry, signal);
      },
    });
    const e = outbox.enqueue('default', { type: 'comment', itemId: itemIds[1]!, body: 'hello' });
    outbox.setOnline('default', true);
    await outbox.flush();
    expect(outbox.entries()[0]?.state).toMatchObject({ kind: 'pending', attempts: 1, lastError: { code: 'rate_limited', status: 429 } });

    await waitFor(() => server.actionLog().applied.length === 1, { timeoutMs: 5000, message: 'the comment applied after Retry-After' });
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(990);
    expect(server.actionLog().received[e.key]).toBe(2);
    await waitFor(() => outbox.entries().length === 0, { message: 'the entry removed after the acknowledgement' });
  });

  it('moves a 422 to the failed list with the server reason while the rest go through; retry and discard work', async () => {
    // One at a time, so the injected fault meets the first request.
    const outbox = open({ concurrency: 1 });
    const failed: string[] = [];
    outbox.onDidFail((e) => failed.push(e.key));
    await fault({ status: 422, count: 1, code: 'invalid_action', message: 'not today' });
    const refused = outbox.enqueue('default', { type: 'like', itemId: itemIds[2]! });
    const ghost = outbox.enqueue('default', { type: 'like', itemId: '999999' }); // no such item: the server's own 422
    const other = outbox.enqueue('default', { type: 'mark_read', itemId: itemIds[3]! });
    const sameItem = outbox.enqueue('default', { type: 'comment', itemId: itemIds[2]!, body: 'after the refused like' });
    outbox.setOnline('default', true);
    await outbox.flush();

    // The failures hold nothing back, not even later actions on the same item.
    expect(server.actionLog().applied.map((a) => a.key)).toEqual([other.key, sameItem.key]);
    expect(failed).toEqual([refused.key, ghost.key]);
    expect(outbox.entries().map((e) => [e.key, e.state])).toEqual([
      [refused.key, expect.objectContaining({ kind: 'failed', error: { code: 'invalid_input', status: 422, message: 'HTTP 422: invalid_action: not today' } })],
      [ghost.key, expect.objectContaining({ kind: 'failed', error: expect.objectContaining({ message: expect.stringContaining('unknown_item') }) })],
    ]);
    expect(outbox.progress()).toMatchObject({ failed: 2, pending: 0 });

    outbox.retry(refused.key);
    await outbox.flush();
    expect(server.actionLog().applied.map((a) => a.key)).toEqual([other.key, sameItem.key, refused.key]);
    expect(server.actionLog().received[refused.key]).toBe(2);

    outbox.discard(ghost.key);
    expect(outbox.entries()).toEqual([]);
    expect(storedEntries(join(dir, 'outbox.json'))).toEqual([]);
  });
});
