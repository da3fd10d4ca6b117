/**
 * A confirmed `http` action is bound to what the user confirmed: the attack, played with real HTTP servers on
 * 127.0.0.1. The user confirms a request to host A; A answers 503 with Retry-After; the publisher floods the inbox
 * until the item is evicted and re-publishes the same item id with the action pointing at host B. At the retry,
 * nothing may reach B: the entry fails with `action_changed` and the user is asked again.
 */
import { createServer, type Server } from 'node:http';
import type { HeraldEvent, NotificationAction } from '../../src/shared/events';
import { ClientActions } from '../../src/core/client-actions';
import { confirmationDigest, senderHttpRequest, type SenderHttpRequest } from '../../src/core/sender-actions';
import { systemClock } from '../../src/core/base/clock';
import { Egress } from '../../src/core/egress/egress';
import { Inbox } from '../../src/core/inbox/inbox';
import { silentLogger } from '../../src/core/base/log';
import type { Source } from '../../src/core/source';
import { MemoryStore } from '../../src/core/store';
import { waitFor } from '../helpers/wait';

interface Host {
  server: Server;
  url: string;
  seen: string[];
  /** The X-Token header of each request, as the host received it. */
  tokens: Array<string | undefined>;
}

/** A target host; the first `busy` requests get 503 with Retry-After: 1. */
async function host(busy: number): Promise<Host> {
  const seen: string[] = [];
  const tokens: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    tokens.push(req.headers['x-token'] as string | undefined);
    req.resume();
    if (seen.length <= busy) res.writeHead(503, { 'retry-after': '1' }).end();
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, tokens };
}

const note = (itemId: string, actions?: NotificationAction[]): HeraldEvent => ({
  id: itemId,
  type: 'notification',
  time: '2026-12-07T08:00:00.000Z',
  data: { itemId, title: itemId, body: 'b', priority: 3, ...(actions ? { actions } : {}) },
});

let a: Host;
let b: Host;
let actions: ClientActions | undefined;

beforeAll(async () => {
  [a, b] = await Promise.all([host(1), host(0)]);
});
afterAll(async () => {
  for (const h of [a, b]) await new Promise<void>((r) => h.server.close(() => r()));
});
afterEach(() => actions?.dispose());

function setUp(inbox: Inbox, sourceAddress = 'http://127.0.0.1:1/', egress = new Egress()): ClientActions {
  const made = new ClientActions({
    store: new MemoryStore(),
    inbox,
    clock: systemClock,
    random: () => 0,
    logger: silentLogger,
    // The source lives on 127.0.0.1, so the egress policy lets its own host through (the test's targets).
    sourceOf: () => ({ id: 'n' }) as Source,
    sourceAddress: () => sourceAddress,
    isConfigured: () => true,
    egress,
  });
  made.outbox.setOnline('n', true);
  return made;
}

it('a retry after the item was evicted and re-published pointing elsewhere sends nothing and asks again', { timeout: 20_000 }, async () => {
  const inbox = new Inbox({ limit: 3, logger: silentLogger });
  actions = setUp(inbox);
  inbox.apply('n', [note('x', [{ kind: 'http', label: 'Open door', url: `${a.url}/door`, method: 'POST', body: 'open' }])]);
  actions.act('n', { type: 'run_action', itemId: 'x', index: 0 });
  await waitFor(() => a.seen.length === 1, { message: 'the confirmed request reached A (503)' });

  inbox.apply('n', ['f1', 'f2', 'f3', 'f4'].map((id) => note(id)));
  expect(inbox.get('n/x')).toBeUndefined();
  inbox.apply('n', [note('x', [{ kind: 'http', label: 'Open door', url: `${b.url}/door`, method: 'POST', body: 'open' }])]);

  const failed = await waitFor(() => actions!.outbox.entries().find((e) => e.state.kind === 'failed'), { timeoutMs: 10_000, message: 'the entry refused' });
  expect(failed.state.kind === 'failed' && failed.state.error.code).toBe('action_changed');
  expect(b.seen).toEqual([]);
  expect(a.seen).toEqual(['POST /door']);
});

it('a header named twice in different case cannot make a retry send another value under the same confirmation', { timeout: 20_000 }, async () => {
  // HTTP names are case-insensitive and node sends one value per name (the last one set): the request sent depended
  // on the order of the sender's JSON, which the digest (names sorted) did not see. Re-published with the order
  // swapped, the retry carried the other token under the same confirmation.
  const c = await host(1);
  try {
    const inbox = new Inbox({ limit: 3, logger: silentLogger });
    actions = setUp(inbox);
    const door = (headers: Record<string, string>): NotificationAction[] => [{ kind: 'http', label: 'Open door', url: `${c.url}/door`, method: 'POST', headers }];
    inbox.apply('n', [note('t', door({ 'X-Token': 'guest', 'x-token': 'admin' }))]);
    actions.act('n', { type: 'run_action', itemId: 't', index: 0 });
    await waitFor(() => c.seen.length === 1, { message: 'the confirmed request reached the host (503)' });
    inbox.apply('n', ['f1', 'f2', 'f3', 'f4'].map((id) => note(id)));
    inbox.apply('n', [note('t', door({ 'x-token': 'admin', 'X-Token': 'guest' }))]);

    await waitFor(() => c.seen.length === 2 || actions!.outbox.entries().some((e) => e.state.kind === 'failed'), { timeoutMs: 10_000, message: 'the retry sent or refused' });
    expect(new Set(c.tokens).size).toBe(1);
    // Swapping the order changed the request, so it changed the confirmation too: asked again, nothing sent.
    expect(await failure(actions)).toBe('action_changed');
    expect(c.tokens).toEqual(['guest']);
  } finally {
    await new Promise<void>((r) => c.server.close(() => r()));
  }
});

it('a header name is sent once, as the sender first wrote it, whatever its case', () => {
  const item = { actions: [{ kind: 'http' as const, label: 'x', url: 'https://a.example/', headers: { 'X-Token': 'first', 'x-TOKEN': 'second', 'X-Other': 'o' } }] };
  const resolved = senderHttpRequest(item, 0);
  expect(resolved.ok && resolved.request.headers).toEqual({ 'X-Token': 'first', 'X-Other': 'o' });
});

const failure = async (made: ClientActions) => {
  const entry = await waitFor(() => made.outbox.entries().find((e) => e.state.kind === 'failed'), { timeoutMs: 10_000, message: 'the entry failed' });
  return entry.state.kind === 'failed' ? entry.state.error.code : null;
};

it('binds the confirmation when the action is queued, whatever digest the window sends; an entry without one is not sent', async () => {
  const inbox = new Inbox({ limit: 10, logger: silentLogger });
  actions = setUp(inbox);
  const before = b.seen.length;
  inbox.apply('n', [note('y', [{ kind: 'http', label: 'Ping', url: `${b.url}/ping`, method: 'POST' }])]);
  const entry = actions.act('n', { type: 'run_action', itemId: 'y', index: 0, confirmed: 'f'.repeat(64) });
  const request: SenderHttpRequest = { method: 'POST', url: `${b.url}/ping`, headers: {} };
  expect(entry.action).toEqual({ type: 'run_action', itemId: 'y', index: 0, confirmed: confirmationDigest('n', 'y', request) });
  await waitFor(() => b.seen.length === before + 1 && actions!.outbox.entries().length === 0, { message: 'sent once and acknowledged' });

  // As an older Herald stored it: no digest, so nothing says what the user confirmed.
  actions.outbox.enqueue('n', { type: 'run_action', itemId: 'y', index: 0 });
  expect(await failure(actions)).toBe('action_changed');
  expect(b.seen.length).toBe(before + 1);
});

it('refuses an action aimed at a loopback address when the source lives elsewhere, sending nothing', async () => {
  const inbox = new Inbox({ limit: 10, logger: silentLogger });
  const egress = new Egress({ resolve: async (host) => (host === 'ntfy.example' ? ['93.184.216.34'] : []) });
  actions = setUp(inbox, 'https://ntfy.example/', egress);
  const before = b.seen.length;
  inbox.apply('n', [note('z', [{ kind: 'http', label: 'Delete all', url: `${b.url}/admin/delete?all=1` }])]);
  actions.act('n', { type: 'run_action', itemId: 'z', index: 0 });
  expect(await failure(actions)).toBe('forbidden');
  expect(b.seen.length).toBe(before);
});

it('the digest changes with the source, the item, the method, the URL, any header and the body', () => {
  const base: SenderHttpRequest = { method: 'POST', url: 'https://a.example/x', headers: { 'X-A': '1', 'X-B': '2' }, body: 'open' };
  const d = confirmationDigest('n', 'x', base);
  expect(confirmationDigest('n', 'x', { ...base, headers: { 'X-B': '2', 'X-A': '1' } })).toBe(d);
  for (const other of [
    confirmationDigest('m', 'x', base),
    confirmationDigest('n', 'y', base),
    confirmationDigest('n', 'x', { ...base, method: 'PUT' }),
    confirmationDigest('n', 'x', { ...base, url: 'https://b.example/x' }),
    confirmationDigest('n', 'x', { ...base, headers: { 'X-A': '1', 'X-B': '3' } }),
    confirmationDigest('n', 'x', { ...base, headers: { 'X-A': '1' } }),
    confirmationDigest('n', 'x', { ...base, body: 'close' }),
    confirmationDigest('n', 'x', { method: base.method, url: base.url, headers: base.headers }),
  ]) {
    expect(other).not.toBe(d);
  }
});
