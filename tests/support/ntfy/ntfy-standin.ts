/**
 * A stand-in for an ntfy server (no ntfy binary can be installed here), written from ntfy's public documentation and
 * its server code's observable behaviour: publishing by POST/PUT `/<topic>` (headers) or JSON to `/`, subscribing by
 * `GET /<topics>/sse` and `GET /<topics>/json` (`poll=1`, `since=<id|unix time|duration|all|none>`), keepalive events,
 * 12-character random message ids, bearer and basic auth with ntfy's 401/403 error bodies.
 * Deviations from real ntfy are listed in docs/SOURCES.md ("ntfy stand-in").
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NtfyAction {
  id: string;
  action: string;
  label: string;
  url?: string;
  clear: boolean;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface NtfyMessage {
  id: string;
  time: number;
  expires: number;
  event: 'message';
  topic: string;
  title?: string;
  message: string;
  priority?: number;
  tags?: string[];
  click?: string;
  actions?: NtfyAction[];
}

export interface NtfyUser {
  username: string;
  password: string;
  tokens?: string[];
  /** Topics this user may read and write; '*' for all. */
  topics: string[] | '*';
}

export interface NtfyStandinOptions {
  /** Keepalive interval for open streams (ntfy's default is 45 s). */
  keepaliveMs?: number;
  /** With users, anonymous access is denied (ntfy `auth-default-access: deny-all`). Without, everything is open. */
  users?: NtfyUser[];
}

export interface NtfyStandin {
  readonly url: string;
  /** Messages in the cache, oldest first. */
  messages(): NtfyMessage[];
  /** Subscriber streams opened so far (SSE and JSON, not polls). */
  streamsOpened(): number;
  /** Keepalive events sent so far. */
  keepalivesSent(): number;
  /** Every request: method, path and query string. */
  readonly requests: { method: string; path: string; query: string; auth: string | undefined }[];
  /** Cut every open subscriber stream (a network blip, from the client's side). */
  disconnectAll(): void;
  close(): Promise<void>;
}

const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ID_LENGTH = 12;
const CACHE_SECONDS = 12 * 3600;
const PRIORITIES: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

interface Stream {
  topics: Set<string>;
  res: ServerResponse;
  format: 'sse' | 'json';
  keepalive: NodeJS.Timeout;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly http: number,
    message: string,
  ) {
    super(message);
  }
}
const unauthorized = () => new HttpError(40101, 401, 'unauthorized');
const forbidden = () => new HttpError(40301, 403, 'forbidden');

export async function startNtfyStandin(options: NtfyStandinOptions = {}): Promise<NtfyStandin> {
  const keepaliveMs = options.keepaliveMs ?? 45_000;
  const cache: NtfyMessage[] = [];
  const streams = new Set<Stream>();
  const requests: NtfyStandin['requests'] = [];
  let opened = 0;
  let keepalives = 0;

  /** Who is asking: null for anonymous; throws 401 for credentials that do not match (as ntfy does). */
  const authenticate = (req: IncomingMessage, query: URLSearchParams): NtfyUser | null => {
    // ntfy also takes the header base64-encoded in `?auth=` (for clients that cannot set headers).
    const fromQuery = query.get('auth');
    const header = fromQuery ? Buffer.from(fromQuery, 'base64').toString('utf8') : req.headers.authorization;
    if (!header) return null;
    const [scheme, value = ''] = header.split(' ', 2);
    const users = options.users ?? [];
    if (scheme?.toLowerCase() === 'bearer') {
      const user = users.find((u) => u.tokens?.includes(value));
      if (!user) throw unauthorized();
      return user;
    }
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = users.find((u) => u.username === decoded.slice(0, colon) && u.password === decoded.slice(colon + 1));
      if (!user) throw unauthorized();
      return user;
    }
    throw unauthorized();
  };

  const authorize = (user: NtfyUser | null, topics: string[]): void => {
    if (!options.users) return;
    if (user === null) throw forbidden();
    if (user.topics !== '*' && !topics.every((t) => (user.topics as string[]).includes(t))) throw forbidden();
  };

  const encode = (m: object, format: 'sse' | 'json', event: string): string => {
    const json = `${JSON.stringify(m)}\n`;
    if (format === 'json') return json;
    // ntfy: named events for open/keepalive; messages carry no `event:` line — and never an `id:` line.
    return event === 'message' ? `data: ${json}\n` : `event: ${event}\ndata: ${json}\n`;
  };

  const control = (event: 'open' | 'keepalive', topics: string): object => ({ id: newId(), time: now(), event, topic: topics });

  const publish = (m: NtfyMessage): void => {
    cache.push(m);
    for (const s of streams) if (s.topics.has(m.topic)) s.res.write(encode(m, s.format, 'message'));
  };

  const since = (raw: string | null, poll: boolean, topics: string[]): NtfyMessage[] => {
    const inTopics = cache.filter((m) => topics.includes(m.topic));
    if (raw === null || raw === '') return poll ? inTopics : [];
    if (raw === 'all') return inTopics;
    if (raw === 'none') return [];
    if (raw.length === ID_LENGTH && /^[A-Za-z0-9]+$/.test(raw)) {
      // An id ntfy no longer has (expired, or a restart with a memory cache) means everything it has.
      const index = cache.findIndex((m) => m.id === raw);
      return index < 0 ? inTopics : cache.slice(index + 1).filter((m) => topics.includes(m.topic));
    }
    if (/^\d+$/.test(raw)) return inTopics.filter((m) => m.time >= Number(raw));
    const d = /^(\d+)(s|m|h|d)$/.exec(raw);
    if (d) {
      const seconds = Number(d[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[d[2] as 's' | 'm' | 'h' | 'd'];
      return inTopics.filter((m) => m.time >= now() - seconds);
    }
    throw new HttpError(40008, 400, 'invalid since parameter');
  };

  const subscribe = (req: IncomingMessage, res: ServerResponse, topicList: string, format: 'sse' | 'json', query: URLSearchParams): void => {
    const topics = topicList.split(',').filter((t) => t.length > 0);
    if (topics.length === 0 || !topics.every((t) => TOPIC.test(t))) throw new HttpError(40009, 400, 'invalid request: topic invalid');
    authorize(authenticate(req, query), topics);
    const poll = ['1', 'yes', 'true'].includes((query.get('poll') ?? query.get('po') ?? String(req.headers['x-poll'] ?? '')).toLowerCase());
    const old = since(query.get('since') ?? query.get('si') ?? (req.headers['x-since'] as string | undefined) ?? null, poll, topics);
    res.writeHead(200, {
      'Content-Type': `${format === 'sse' ? 'text/event-stream' : 'application/x-ndjson'}; charset=utf-8`,
      'Access-Control-Allow-Origin': '*',
    });
    if (poll) {
      for (const m of old) res.write(encode(m, format, 'message'));
      res.end();
      return;
    }
    opened++;
    const stream: Stream = {
      topics: new Set(topics),
      res,
      format,
      keepalive: setInterval(() => {
        keepalives++;
        res.write(encode(control('keepalive', topicList), format, 'keepalive'));
      }, keepaliveMs),
    };
    streams.add(stream);
    res.write(encode(control('open', topicList), format, 'open'));
    for (const m of old) res.write(encode(m, format, 'message'));
    const drop = (): void => {
      clearInterval(stream.keepalive);
      streams.delete(stream);
    };
    req.on('close', drop);
    res.on('close', drop);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: url.search, auth: req.headers.authorization });
    const sub = /^\/([^/]+)\/(sse|json)$/.exec(url.pathname);
    if (method === 'GET' && sub) return subscribe(req, res, sub[1] ?? '', sub[2] as 'sse' | 'json', url.searchParams);
    const body = await readBody(req);
    if ((method === 'POST' || method === 'PUT') && url.pathname === '/') {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        throw new HttpError(40017, 400, 'invalid request: request body must be message JSON');
      }
      const topic = String(json.topic ?? '');
      if (!TOPIC.test(topic)) throw new HttpError(40009, 400, 'invalid request: topic invalid');
      authorize(authenticate(req, url.searchParams), [topic]);
      const m = newMessage(topic, String(json.message ?? ''), {
        title: json.title,
        priority: json.priority,
        tags: json.tags,
        click: json.click,
        actions: json.actions,
      });
      publish(m);
      return sendJson(res, 200, m);
    }
    const pub = /^\/([^/]+)$/.exec(url.pathname);
    if ((method === 'POST' || method === 'PUT') && pub) {
      const topic = pub[1] ?? '';
      if (!TOPIC.test(topic)) throw new HttpError(40009, 400, 'invalid request: topic invalid');
      authorize(authenticate(req, url.searchParams), [topic]);
      const h = (...names: string[]): string | undefined => {
        for (const n of names) {
          const v = req.headers[n.toLowerCase()] ?? url.searchParams.get(n.toLowerCase());
          if (typeof v === 'string' && v !== '') return v;
        }
        return undefined;
      };
      const tags = h('X-Tags', 'Tags', 'Tag', 'ta');
      const actions = h('X-Actions', 'Actions', 'Action');
      const m = newMessage(topic, body.trim() || 'triggered', {
        title: h('X-Title', 'Title', 'ti', 't'),
        priority: h('X-Priority', 'Priority', 'prio', 'p'),
        tags: tags?.split(',').map((t) => t.trim()).filter((t) => t.length > 0),
        click: h('X-Click', 'Click'),
        actions: actions === undefined ? undefined : parseActions(actions),
      });
      publish(m);
      return sendJson(res, 200, m);
    }
    throw new HttpError(40401, 404, 'page not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(50001, 500, 'internal server error');
      if (!res.headersSent) sendJson(res, e.http, { code: e.code, http: e.http, error: e.message });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const disconnectAll = (): void => {
    for (const s of [...streams]) {
      clearInterval(s.keepalive);
      streams.delete(s);
      s.res.destroy();
    }
  };

  return {
    url: `http://127.0.0.1:${port}`,
    messages: () => cache.slice(),
    streamsOpened: () => opened,
    keepalivesSent: () => keepalives,
    requests,
    disconnectAll,
    close: async () => {
      disconnectAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function newMessage(topic: string, message: string, f: { title?: unknown; priority?: unknown; tags?: unknown; click?: unknown; actions?: unknown }): NtfyMessage {
  const time = now();
  const m: NtfyMessage = { id: newId(), time, expires: time + CACHE_SECONDS, event: 'message', topic, message };
  if (typeof f.title === 'string' && f.title !== '') m.title = f.title;
  if (f.priority !== undefined && f.priority !== '') {
    const p = typeof f.priority === 'number' ? f.priority : (PRIORITIES[String(f.priority).toLowerCase()] ?? Number(f.priority));
    if (!Number.isInteger(p) || p < 1 || p > 5) throw new HttpError(40007, 400, 'invalid priority parameter');
    // ntfy stores "default" as unset and leaves it out of the JSON.
    if (p !== 3) m.priority = p;
  }
  if (Array.isArray(f.tags) && f.tags.length > 0) m.tags = f.tags.map(String);
  if (typeof f.click === 'string' && f.click !== '') m.click = f.click;
  if (Array.isArray(f.actions) && f.actions.length > 0) {
    if (f.actions.length > 3) throw new HttpError(40018, 400, 'invalid request: actions invalid');
    m.actions = f.actions.map((a) => {
      const o = a as Record<string, unknown>;
      if (typeof o.action !== 'string' || typeof o.label !== 'string') throw new HttpError(40018, 400, 'invalid request: actions invalid');
      const action: NtfyAction = { id: newId(10), action: o.action, label: o.label, clear: o.clear === true };
      if (typeof o.url === 'string') action.url = o.url;
      if (typeof o.method === 'string') action.method = o.method;
      if (typeof o.body === 'string') action.body = o.body;
      return action;
    });
  }
  return m;
}

/** The Actions header: a JSON array, or ntfy's simple format `view, Open, https://x; http, Close, https://y, method=PUT`. */
function parseActions(header: string): unknown[] {
  const trimmed = header.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown[];
    } catch {
      throw new HttpError(40018, 400, 'invalid request: actions invalid');
    }
  }
  return trimmed.split(';').map((part) => {
    const fields = part.split(',').map((s) => s.trim());
    const action: Record<string, unknown> = {};
    const positional = ['action', 'label', 'url'];
    for (const field of fields) {
      const eq = /^(action|label|url|clear|method|body)=(.*)$/.exec(field);
      if (eq) action[eq[1] ?? ''] = eq[1] === 'clear' ? eq[2] === 'true' : eq[2];
      else if (positional.length > 0) action[positional.shift() ?? ''] = field;
    }
    return action;
  });
}

function newId(length = ID_LENGTH): string {
  const bytes = randomBytes(length);
  let id = '';
  for (let i = 0; i < length; i++) id += ID_CHARS[(bytes[i] ?? 0) % ID_CHARS.length];
  return id;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
  res.end(`${JSON.stringify(body)}\n`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
      if (text.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
