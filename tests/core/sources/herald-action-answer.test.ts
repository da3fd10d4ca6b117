/**
 * What a Herald server answers to an action is read by the source that sent it, with the same rules as the events
 * it sends: a comment in the answer shows in the item only when well-formed, its text cleaned as a comment event's
 * would be (a right-to-left override in the author cannot reverse the words around it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHeraldSource } from '../../../src/core/sources/herald';
import { classifyResponse } from '../../../src/core/outbox/send-result';
import { Inbox } from '../../../src/core/inbox/inbox';
import type { OutboxEntry } from '../../../src/shared/outbox';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server on 127.0.0.1 whose POST /actions answers 200 with `result`. */
async function answering(result: unknown): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Comment on item 1 through the real source, and fold the answer into an inbox as the outbox would. */
async function commentWithAnswer(result: unknown): Promise<Inbox> {
  const url = await answering(result);
  const source = createHeraldSource({ id: 's', kind: 'herald', url }, { fetch: globalThis.fetch.bind(globalThis) });
  const inbox = new Inbox();
  inbox.apply('s', [{ id: '1', type: 'notification', time: '2026-12-07T10:00:00.000Z', data: { itemId: '1', title: 't', body: 'b', priority: 3 } }]);
  const entry: OutboxEntry = { key: 'k1', sourceId: 's', action: { type: 'comment', itemId: '1', body: 'hi' }, createdAt: 1, state: { kind: 'pending', attempts: 0 } };
  inbox.setPending([entry]);
  const outcome = classifyResponse(await source.actions!.send(entry.action, entry.key, AbortSignal.timeout(10_000)));
  expect(outcome.kind).toBe('ack');
  if (outcome.kind === 'ack') inbox.acknowledge(entry, outcome.result);
  inbox.setPending([]);
  return inbox;
}

describe('a Herald action answer', () => {
  it('a malformed comment in the answer is not shown (a number as its text)', async () => {
    const inbox = await commentWithAnswer({ comment: { id: 'c1', itemId: '1', author: 'me', body: 42, time: '2026-12-07T10:00:01.000Z' } });
    expect(inbox.liveComments('s/1').filter((c) => typeof c.body !== 'string')).toEqual([]);
  });

  it('the comment in the answer is cleaned like a comment event (no bidi override in the author)', async () => {
    const inbox = await commentWithAnswer({ comment: { id: 'c1', itemId: '1', author: 'evil\u202Eeman', body: 'hi', time: '2026-12-07T10:00:01.000Z' } });
    const shown = inbox.liveComments('s/1');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ id: 'c1', body: 'hi' });
    expect(shown[0]!.author).not.toContain('\u202E');
  });

  it('likes in the answer are taken only as a count and a yes/no', async () => {
    const url = await answering({ likes: '4', liked: 'yes' });
    const source = createHeraldSource({ id: 's', kind: 'herald', url }, { fetch: globalThis.fetch.bind(globalThis) });
    const outcome = classifyResponse(await source.actions!.send({ type: 'like', itemId: '1' }, 'k2', AbortSignal.timeout(10_000)));
    expect(outcome).toEqual({ kind: 'ack', result: {} });
  });
});
