/**
 * The Herald reference server: the demo feed, the protocol's definition (docs/PROTOCOL.md) and the peer of the test
 * suite. Node's `http` only. This module wires the parts and routes requests; each endpoint lives in its own module.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import type { Action } from '../shared/actions';
import { LIMITS } from '../shared/actions';
import { ANSWER_MAX_EVENTS, PUBLISH_MAX_BYTES } from '../shared/stream-limits';
import type { HeraldEvent } from '../shared/events';
import type { Logger } from '../core/base/log';
import { createLogger } from '../core/base/log';
import { ActionService } from './actions';
import type { DemoFeed } from './demo-feed';
import { startDemoFeed } from './demo-feed';
import { FileStore } from './file-store';
import { HttpError, isLoopbackHost, parseCursor, parseIntParam, readJson, refuseBrowserRequests, sendError, sendJson, tokenMatches } from './http-util';
import type { PollFault } from './poll';
import { PollHub } from './poll';
import type { PublishInput } from './publish';
import { publishEvent } from './publish';
import type { SseFault } from './sse';
import { SseHub } from './sse';
import { ServerStartError, errnoOf } from './start-error';
import type { ServerStore } from './store';
import { parseFaults } from './test-hooks';

export type { PublishInput } from './publish';

export { ServerStartError } from './start-error';

export interface ServerOptions {
  host?: string;
  port?: number;
  keepaliveSeconds?: number;
  retryMs?: number;
  bufferSize?: number;
  historyLimit?: number;
  dataDir?: string;
  /**
   * `redis://HOST:PORT/DB`: keep the event log, identity, idempotency keys and item state in Redis (a Stream per
   * namespace), so several servers on one Redis are one server to clients. Without it, the file store (`dataDir`).
   */
  redisUrl?: string;
  /** The Redis keys' prefix: servers with the same URL and namespace share one log (default "herald"). */
  redisNamespace?: string;
  token?: string;
  demo?: boolean | { intervalMs?: number; random?: () => number };
  testHooks?: boolean;
  logger?: Logger;
  /** For tests: the clock that stamps events' times (default Date.now). */
  now?: () => number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** This instance's identity (docs/PROTOCOL.md "Server identity"); on Redis it changes if Redis is wiped. */
  readonly serverId: string;
  /** Publish at once (file store only: with `redisUrl` it throws; use publishAsync). */
  publish(input: PublishInput): HeraldEvent;
  /** Publish on either store. */
  publishAsync(input: PublishInput): Promise<HeraldEvent>;
  head(): string;
  /** For tests: what /_test/actions returns. */
  actionLog(): { applied: Array<{ key: string; action: Action; seq: number }>; received: Record<string, number> };
  /** For tests: open SSE streams and waiting (or stalled) long-polls right now, to wait until a client is attached. */
  connections(): { sse: number; longPoll: number };
  close(): Promise<void>;
}

const HISTORY_DEFAULT_LIMIT = 100;
const DEMO_INTERVAL_MS = 8000;

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger('server');
  const host = options.host ?? '127.0.0.1';
  const keepaliveMs = Math.max(10, Math.round((options.keepaliveSeconds ?? 15) * 1000));
  const testHooks = options.testHooks === true;

  const storeOptions = {
    bufferSize: options.bufferSize ?? 1000,
    historyLimit: options.historyLimit ?? 100_000,
    logger,
    ...(options.now ? { now: options.now } : {}),
  };
  let store: ServerStore;
  if (options.redisUrl !== undefined) {
    // Loaded only when asked for: the app's built-in demo server and the file store never load a Redis client.
    const { openRedisStore } = await import('./redis-store');
    store = await openRedisStore({ ...storeOptions, url: options.redisUrl, namespace: options.redisNamespace ?? 'herald' });
  } else {
    try {
      store = new FileStore({ ...storeOptions, ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}) });
    } catch (err) {
      if (options.dataDir === undefined) throw err;
      throw new ServerStartError('data_dir', resolvePath(options.dataDir), errnoOf(err), `cannot use the data directory ${options.dataDir}: ${(err as Error).message}`);
    }
  }
  const { log, items } = store;
  const refresh = (): Promise<void> | null => store.refresh();

  const faults: { sse: SseFault; poll: PollFault } = { sse: 'ok', poll: 'ok' };
  const sse = new SseHub({ log, refresh, retryMs: options.retryMs ?? 3000, keepaliveMs, fault: () => faults.sse, logger });
  const poll = new PollHub({ log, refresh, fault: () => faults.poll });
  store.onEvent((event) => {
    sse.broadcast(event);
    poll.wake();
  });
  // A wiped Redis is a new identity: streams opened under the old one end, and their clients reconnect to see it.
  store.onReset(() => {
    sse.closeAll();
    poll.closeAll();
  });
  // A node cut off from Redis for a while can tell its subscribers nothing new: their streams end, and until it is
  // back it answers 503 (below), which a balancer and a client's list of addresses both take as "try the next one".
  store.onUnavailable(() => {
    sse.closeAll();
    poll.closeAll();
  });
  const actions = new ActionService({ store });

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/events': { GET: (req, res, url) => sse.handle(req, res, url) },
    '/poll': { GET: (req, res, url) => poll.handle(req, res, url) },
    '/heartbeat': {
      GET: (_req, res) => sendJson(res, 200, { time: new Date().toISOString(), cursor: String(log.head), keepaliveMs, serverId: log.serverId }),
    },
    '/history': { GET: (_req, res, url) => history(res, url) },
    '/actions': { POST: (req, res) => actions.handle(req, res) },
    '/publish': {
      POST: async (req, res) => {
        // The request caps the event: what is published always fits the clients' event limit (stream-limits.ts).
        const input = await readJson(req, PUBLISH_MAX_BYTES);
        const event = await store.write((tx) => publishEvent(input, tx.emit, items));
        sendJson(res, 201, { id: event.id, event });
      },
    },
  };
  if (testHooks) {
    routes['/_test/faults'] = {
      POST: async (req, res) => {
        const f = parseFaults(await readJson(req, LIMITS.requestMaxBytes));
        if (f.sse !== undefined) faults.sse = f.sse;
        if (f.poll !== undefined) faults.poll = f.poll;
        if (f.actions !== undefined) actions.setFault(f.actions);
        if (f.sse === 'stall' || f.sse === 'buffer') sse.freezeAll();
        sendJson(res, 200, { ok: true, faults: { ...faults } });
      },
    };
    routes['/_test/actions'] = { GET: (_req, res) => sendJson(res, 200, actions.actionLog()) };
  }

  async function history(res: ServerResponse, url: URL): Promise<void> {
    // A node on Redis answers from what the shared log holds now, not from a copy a few events behind.
    await refresh();
    const p = url.searchParams;
    const limit = parseIntParam(p.get('limit'), 'limit', 1, ANSWER_MAX_EVENTS, HISTORY_DEFAULT_LIMIT);
    if (p.has('after') && p.has('before')) throw new HttpError(400, 'bad_request', 'give either after or before, not both');
    const after = parseCursor(p.get('after'), 'after');
    // `before` empty or absent (and no `after`): the newest events, newest first.
    const page = after !== null ? log.after(after, limit) : log.before(parseCursor(p.get('before'), 'before'), limit);
    // Either way the last event of the page is where the next page starts.
    const next = page.hasMore ? page.events[page.events.length - 1]!.id : null;
    sendJson(res, 200, { events: page.events, next, head: String(log.head), serverId: log.serverId });
  }

  async function item(res: ServerResponse, rawId: string): Promise<void> {
    let itemId: string;
    try {
      itemId = decodeURIComponent(rawId);
    } catch {
      throw new HttpError(400, 'bad_request', 'item id is not valid percent-encoding');
    }
    let view = items.view(itemId);
    if (!view && (await refresh()) !== null) view = items.view(itemId);
    if (!view) throw new HttpError(404, 'not_found', `no item ${JSON.stringify(itemId.slice(0, 200))}`);
    sendJson(res, 200, view);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://herald.invalid');
    } catch {
      throw new HttpError(400, 'bad_request', 'unreadable request target');
    }
    const method = req.method ?? 'GET';
    refuseBrowserRequests(req, method, { ownOrigin, loopback: isLoopbackHost(host) });
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) {
      throw new HttpError(401, 'unauthorized', 'a valid "Authorization: Bearer <token>" header is required', { 'www-authenticate': 'Bearer' });
    }
    if (!store.available) throw new HttpError(503, 'internal', 'this server cannot reach its store now; try again, or another address', { 'retry-after': '1' });
    const itemMatch = /^\/items\/([^/]+)$/.exec(url.pathname);
    if (itemMatch) {
      if (method !== 'GET') throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on /items/…`, { allow: 'GET' });
      await item(res, itemMatch[1]!);
      return;
    }
    const methods = routes[url.pathname];
    if (!methods) throw new HttpError(404, 'not_found', `no such endpoint: ${url.pathname.slice(0, 200)}`);
    const handler = methods[method];
    if (!handler) throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`, { allow: Object.keys(methods).join(', ') });
    await handler(req, res, url);
  }

  let ownOrigin = '';
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        // Drain what the client still sends (unless it is too large: then the connection is closed after answering).
        if (err.status !== 413) req.resume();
        sendError(res, err.status, err.code, err.message, err.headers);
        if (err.status === 413) res.on('finish', () => req.socket.destroy());
        return;
      }
      logger.error('request failed', { url: req.url, error: err instanceof Error ? err.stack ?? err.message : String(err) });
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'internal', 'the server failed to handle this request');
    });
  });
  // Long-lived streams must not be cut by Node's defaults (requestTimeout 300 s, headersTimeout 60 s).
  server.requestTimeout = 0;
  server.timeout = 0;
  server.on('clientError', (err, socket) => {
    // Malformed HTTP: answer 400 if the socket still can, never crash.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
    logger.debug('client error', { error: err.message });
  });

  // An IPv6 address is bracketed wherever a port follows it.
  const hostPart = host.includes(':') ? `[${host}]` : host;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      void store.close();
      const where = `${hostPart}:${options.port ?? 8787}`;
      reject(new ServerStartError('listen', where, errnoOf(err), `cannot listen on ${where}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(options.port ?? 8787, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${hostPart}:${port}`;
  ownOrigin = url;
  server.on('error', (err) => logger.error('server error', { error: err.message }));

  const refused = (err: unknown): unknown => (err instanceof HttpError ? new Error(`publish refused (${err.code}): ${err.message}`) : err);
  const publish = (input: PublishInput): HeraldEvent => {
    if (!(store instanceof FileStore)) throw new Error('publish() answers at once only on the file store: use publishAsync() with redisUrl');
    try {
      return store.write((tx) => publishEvent(input, tx.emit, items));
    } catch (err) {
      throw refused(err);
    }
  };
  const publishAsync = async (input: PublishInput): Promise<HeraldEvent> => {
    try {
      return await store.write((tx) => publishEvent(input, tx.emit, items));
    } catch (err) {
      throw refused(err);
    }
  };

  let demo: DemoFeed | null = null;
  if (options.demo) {
    const d = typeof options.demo === 'object' ? options.demo : {};
    demo = startDemoFeed({
      publish: store instanceof FileStore ? publish : publishAsync,
      recentItems: () => items.recent(10),
      random: d.random ?? Math.random,
      intervalMs: d.intervalMs ?? DEMO_INTERVAL_MS,
      seed: log.head === 0,
      logger: logger.child('demo'),
    });
  }
  logger.info('listening', { url, demo: Boolean(options.demo), store: options.redisUrl !== undefined ? 'redis' : 'file', dataDir: options.dataDir ?? null });

  let closing: Promise<void> | null = null;
  return {
    url,
    get serverId() {
      return log.serverId;
    },
    port,
    publish,
    publishAsync,
    head: () => String(log.head),
    actionLog: () => actions.actionLog(),
    connections: () => ({ sse: sse.size, longPoll: poll.size }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        demo?.stop();
        sse.closeAll();
        poll.closeAll();
        server.close(() => {
          void store.close().then(resolve);
        });
        // Every open connection, idle keep-alive ones included, ends now rather than when clients let go.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
