/**
 * ntfy's `http` action buttons, run by Herald through the outbox: against the real ntfy server (which sends the
 * action) and a real HTTP endpoint on 127.0.0.1 (the action's target). The request is the sender's, sent exactly
 * once, retried on 503, failed (not retried for ever) on 404; the window can only name an action by its index.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHeraldClient } from '../../src/core/client';
import type { HeraldClient } from '../../src/core/herald-client';
import { senderHttpRequest } from '../../src/core/sender-actions';
import { MemoryStore } from '../../src/core/store';
import { validateAction } from '../../src/shared/actions';
import { startNtfy, type NtfyServer } from '../support/ntfy/ntfy-server';
import { waitFor } from '../helpers/wait';

interface Seen {
  method: string;
  path: string;
  token: string | undefined;
  body: string;
}

let ntfy: NtfyServer;
let hook: Server;
let hookPort = 0;
const seen: Seen[] = [];
/** Answers per path, consumed in order; then 200. */
const answers = new Map<string, number[]>();
let client: HeraldClient | undefined;

beforeAll(async () => {
  ntfy = await startNtfy();
  hook = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      seen.push({ method: req.method ?? '', path, token: req.headers['x-token'] as string | undefined, body });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  hookPort = (hook.address() as { port: number }).port;
});
afterAll(async () => {
  await ntfy?.stop();
  await new Promise<void>((r) => hook.close(() => r()));
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

it('runs the sender’s http action once through the outbox: retried on 503, failed on 404; other kinds refused', { timeout: 60_000 }, async () => {
  const topic = `hooks${Date.now()}`;
  client = createHeraldClient({
    sources: [{ id: 'n', kind: 'ntfy', url: ntfy.url, channels: [topic] }],
    store: new MemoryStore(),
    firstLoad: 0,
    tuning: { supervisor: { baseDelayMs: 50, maxDelayMs: 500 } },
  });
  client.start();
  await waitFor(() => client!.connection().overall.kind === 'open', { timeoutMs: 15_000, message: 'ntfy open' });
  const hookUrl = `http://127.0.0.1:${hookPort}`;
  await ntfy.publish(topic, 'CPU high', {
    Title: 'Alert',
    Actions: `http, Silence, ${hookUrl}/silence, method=PUT, headers.X-Token=abc, body=quiet; view, Open, https://example.com/d; http, Broken, ${hookUrl}/missing`,
  });
  const item = await waitFor(() => client!.items().find((i) => i.title === 'Alert'), { timeoutMs: 15_000, message: 'the alert' });
  expect(item.actions?.map((a) => a.kind)).toEqual(['http', 'view', 'http']);

  answers.set('/silence', [503]);
  client.act('n', { type: 'run_action', itemId: item.itemId, index: 0 });
  await waitFor(() => seen.filter((s) => s.path === '/silence').length === 2 && client!.outboxEntries().length === 0, { timeoutMs: 20_000, message: '503, then sent and acknowledged' });
  expect(seen.filter((s) => s.path === '/silence')).toEqual([
    { method: 'PUT', path: '/silence', token: 'abc', body: 'quiet' },
    { method: 'PUT', path: '/silence', token: 'abc', body: 'quiet' },
  ]);

  answers.set('/missing', [404]);
  client.act('n', { type: 'run_action', itemId: item.itemId, index: 2 });
  await waitFor(() => client!.outboxEntries().some((e) => e.state.kind === 'failed'), { timeoutMs: 10_000, message: 'the 404 in the failed list' });
  expect(seen.filter((s) => s.path === '/missing')).toHaveLength(1);

  // A view action is opened as a link, not sent; an index past the list is nothing.
  expect(() => client!.act('n', { type: 'run_action', itemId: item.itemId, index: 1 })).toThrow(/view action/);
  expect(() => client!.act('n', { type: 'run_action', itemId: item.itemId, index: 5 })).toThrow(/no such action/);
});

describe('what a sender may ask for', () => {
  const item = (a: Record<string, unknown>) => ({ actions: [{ kind: 'http' as const, label: 'x', ...a }] });
  it('only http(s) without credentials, a known method, and no transport or cookie headers', () => {
    expect(senderHttpRequest(item({ url: 'file:///etc/passwd' }), 0)).toMatchObject({ ok: false });
    expect(senderHttpRequest(item({ url: 'https://u:p@example.com/' }), 0)).toMatchObject({ ok: false });
    expect(senderHttpRequest(item({ url: 'https://example.com/', method: 'CONNECT' }), 0)).toMatchObject({ ok: false });
    const r = senderHttpRequest(item({ url: 'https://example.com/h', headers: { Host: 'evil', Cookie: 'a', 'X-Ok': '1', 'X-Bad': 'a\r\nb' } }), 0);
    expect(r).toEqual({ ok: true, request: { method: 'POST', url: 'https://example.com/h', headers: { 'X-Ok': '1' } } });
  });
  it('the window names an action by item and index only', () => {
    expect(validateAction({ type: 'run_action', itemId: 'a', index: 0 })).toEqual({ ok: true, action: { type: 'run_action', itemId: 'a', index: 0 } });
    for (const index of [-1, 1.5, 10, '0', undefined]) expect(validateAction({ type: 'run_action', itemId: 'a', index }).ok).toBe(false);
  });
});
