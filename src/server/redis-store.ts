/**
 * The Redis store: several `herald serve --redis` nodes share one log. Redis is the single source of truth — the
 * event log is a Stream (`<ns>:events`, trimmed to the history limit with MAXLEN), `<ns>:head` is the newest id,
 * `<ns>:server-id` the identity every node carries (SET NX: the first node or the first after a wipe sets it), and
 * `<ns>:key:<Idempotency-Key>` an action's kept answer (7 days). Nodes never talk to each other.
 *
 * Each node keeps a copy of the stream (an EventLog plus the item state folded from it, exactly as the file store
 * holds them) so endpoints answer from memory; `XREAD BLOCK` on a connection of its own brings every new entry, in id
 * order, to this node's subscribers. A write is optimistic: it reads the copy brought up to Redis's head, decides,
 * and commits with one Lua script that applies it only if the head, the identity and the idempotency key are still as
 * read — otherwise it runs again on the new state. So ids stay consecutive and an action is applied once, whichever
 * node it reaches.
 */
import { randomUUID } from 'node:crypto';
import type { HeraldEvent } from '../shared/events';
import type { Logger } from '../core/base/log';
import { EventLog, parseStoredEvent } from './event-log';
import { HttpError } from './http-util';
import type { StoredAnswer } from './idempotency';
import { KEY_TTL_MS, parseStoredAnswer } from './idempotency';
import { ItemStore } from './items';
import { BLOCK_MS, RedisConnections } from './redis-connections';
import type { Emit } from './publish';
import { ServerStartError, errnoOf } from './start-error';
import type { ServerStore, WriteContext } from './store';

export interface RedisStoreOptions {
  url: string;
  namespace: string;
  bufferSize: number;
  historyLimit: number;
  logger: Logger;
  now?: () => number;
}

/** Apply a write only if nothing changed since it was decided (returns 1), else nothing (0). */
const COMMIT = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
if ARGV[8] == '1' and redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], ARGV[3])
  redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[5], ARGV[3] .. '-0', 'e', ARGV[4])
end
if ARGV[6] ~= '' then redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[7]) end
return 1
`;

/** Entries fetched per XRANGE / XREAD. */
const PAGE = 1000;
/** A bound on optimistic retries: only a storm of writes from other nodes could need many. */
const MAX_ATTEMPTS = 1000;

type StreamEntry = [id: string, fields: string[]];

type CommitFn = (...args: Array<string | number>) => Promise<number>;

export async function openRedisStore(opts: RedisStoreOptions): Promise<ServerStore> {
  const store = new RedisStore(opts);
  try {
    await store.start();
  } catch (err) {
    await store.close();
    // The connection's own error says more than the command's ("Connection is closed").
    const why = store.lastError ?? (err as Error).message;
    throw new ServerStartError('redis', redactUrl(opts.url), errnoOf(err, why), `cannot use Redis at ${redactUrl(opts.url)}: ${why}`);
  }
  return store;
}

class RedisStore implements ServerStore {
  readonly items = new ItemStore();
  readonly log: EventLog;
  readonly #opts: RedisStoreOptions;
  readonly #links: RedisConnections;
  readonly #cmd: RedisConnections['cmd'];
  readonly #reader: RedisConnections['reader'];
  readonly #k: { head: string; id: string; stream: string; key: (k: string) => string };
  readonly #events: Array<(event: HeraldEvent) => void> = [];
  readonly #resets: Array<() => void> = [];
  /** Syncs and writes one at a time on this node: fewer retries, and a copy changed by one path only. */
  #queue: Promise<unknown> = Promise.resolve();
  #readLoop: Promise<void> | null = null;
  /**
   * The id of the last stream entry this copy has looked at, readable or not: reads go on after it, so an entry this
   * node cannot read is looked at once, not asked for again and again.
   */
  #seen = '0-0';
  #closed = false;
  /** The last connection error, for the message when Redis cannot be reached at start. */
  get lastError(): string | null {
    return this.#links.lastError;
  }
  /** Rejects at close: what waits on a Redis that is gone (queued in the client for its reconnect) stops waiting. */
  readonly #closing: Promise<never>;
  #abort: (err: Error) => void = () => undefined;

  constructor(opts: RedisStoreOptions) {
    this.#opts = opts;
    this.#closing = new Promise<never>((_, reject) => (this.#abort = reject));
    this.#closing.catch(() => undefined);
    const ns = opts.namespace;
    this.#k = { head: `${ns}:head`, id: `${ns}:server-id`, stream: `${ns}:events`, key: (k) => `${ns}:key:${k}` };
    this.#links = new RedisConnections(opts.url, opts.logger);
    this.#cmd = this.#links.cmd;
    this.#reader = this.#links.reader;
    this.#cmd.defineCommand('heraldCommit', { numberOfKeys: 4, lua: COMMIT });
    this.log = new EventLog({
      bufferSize: opts.bufferSize,
      historyLimit: opts.historyLimit,
      logger: opts.logger,
      serverId: 'unset',
      onEvict: (e) => this.items.evict(e),
      ...(opts.now ? { now: opts.now } : {}),
    });
  }

  async start(): Promise<void> {
    await this.#links.connect();
    this.log.reset(await this.#identity());
    await this.#catchUp();
    this.#readLoop = this.#follow();
  }

  write<T>(fn: (tx: WriteContext) => T, options: { idempotencyKey?: string } = {}): Promise<T> {
    return this.#exclusive(() => this.#write(fn, options.idempotencyKey));
  }

  refresh(): Promise<void> {
    return this.#exclusive(() => this.#sync());
  }

  onEvent(listener: (event: HeraldEvent) => void): void {
    this.#events.push(listener);
  }

  onReset(listener: () => void): void {
    this.#resets.push(listener);
  }

  get available(): boolean {
    return this.#links.available;
  }

  onUnavailable(listener: () => void): void {
    this.#links.onUnavailable(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#abort(new Error('the server is closing'));
    this.#links.close();
    await this.#readLoop?.catch(() => undefined);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = Promise.race([this.#queue.then(fn, fn), this.#closing]);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write<T>(fn: (tx: WriteContext) => T, idempotencyKey: string | undefined): Promise<T> {
    const now = this.#opts.now ?? Date.now;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The first try trusts this copy (current whenever this node wrote last or the follower kept up): one round
      // trip for a publish. If it was behind, the commit says so — or `fn` refused on stale state — and the next
      // try reads Redis first.
      const synced = attempt > 0;
      if (synced) await this.#sync();
      const head = this.log.head;
      const serverId = this.log.serverId;
      const storedText = idempotencyKey !== undefined ? await this.#cmd.get(this.#k.key(idempotencyKey)) : null;
      const stored = storedText !== null ? parseStoredAnswer(storedText) : undefined;
      let pending: HeraldEvent | null = null;
      let answer: StoredAnswer | null = null;
      const emit = ((type, data) => {
        // Every write (a publish, one action) produces at most one event: one id to reserve.
        if (pending) throw new Error('a write emits at most one event');
        const id = String(head + 1);
        const time = new Date(now()).toISOString();
        pending = { id, type, time, data: data(id, time) } as HeraldEvent;
        return pending;
      }) as Emit;
      let value: T;
      try {
        value = fn({ emit, answerFor: (key) => (key === idempotencyKey ? stored : undefined), keepAnswer: (a) => (answer = a) });
      } catch (err) {
        if (synced) throw err;
        continue;
      }
      const event = pending as HeraldEvent | null;
      const kept = answer as StoredAnswer | null;
      if (!event && !kept) return value;
      const commit = (this.#cmd as unknown as { heraldCommit: CommitFn }).heraldCommit;
      const done = await commit.call(
        this.#cmd,
        this.#k.head,
        this.#k.id,
        this.#k.stream,
        this.#k.key(kept?.key ?? idempotencyKey ?? ''),
        String(head),
        serverId,
        event?.id ?? '',
        event ? JSON.stringify(event) : '',
        this.#opts.historyLimit,
        kept ? JSON.stringify(kept) : '',
        KEY_TTL_MS,
        kept && !stored ? '1' : '0',
      );
      if (done !== 1) continue;
      if (event) {
        this.#take([event]);
        this.#seen = `${event.id}-0`;
      }
      return value;
    }
    throw new HttpError(503, 'internal', 'the shared store is too busy; try again');
  }

  /** The identity in Redis (set now if Redis has none: a new or wiped Redis), and this copy on it. */
  async #sync(): Promise<void> {
    const serverId = await this.#identity();
    if (serverId !== this.log.serverId) {
      this.#opts.logger.warn('the shared log has a new identity (Redis was wiped or replaced): starting again from it', { serverId });
      this.log.reset(serverId);
      this.items.clear();
      this.#seen = '0-0';
      for (const l of this.#resets) l();
    }
    await this.#catchUp();
  }

  async #identity(): Promise<string> {
    const found = await this.#cmd.get(this.#k.id);
    if (found !== null) return found;
    await this.#cmd.set(this.#k.id, randomUUID(), 'NX');
    const id = await this.#cmd.get(this.#k.id);
    if (id === null) throw new Error('the server identity vanished as it was set');
    return id;
  }

  /** Read the stream after the last entry seen, in pages, into the copy. */
  async #catchUp(): Promise<void> {
    for (let page = 0; page < 1_000_000; page++) {
      const from = this.#seen === '0-0' ? '-' : `(${this.#seen}`;
      const entries = (await this.#cmd.xrange(this.#k.stream, from, '+', 'COUNT', PAGE)) as StreamEntry[];
      for (const entry of entries) this.#takeEntry(entry);
      if (entries.length < PAGE) return;
    }
  }

  #takeEntry([streamId, fields]: StreamEntry): void {
    this.#seen = streamId;
    const event = parseStoredEvent(fields[1] ?? '');
    if (!event || `${event.id}-0` !== streamId) {
      // Written by a newer Herald (an event type this one does not know) or by hand. Its id is taken all the same —
      // the copy starts again after it, as the shared head has — and subscribers are told of a gap of one.
      this.#opts.logger.error('skipped an unreadable entry in the Redis stream', { id: streamId });
      const id = Number(streamId.split('-')[0]);
      if (Number.isSafeInteger(id) && id > this.log.head) {
        this.log.reset(this.log.serverId, id);
        this.items.clear();
      }
      return;
    }
    if (this.#take([event]) === 'hole') {
      // The stream was trimmed past this copy (a node far behind): start again from what Redis still holds.
      this.log.reset(this.log.serverId);
      this.items.clear();
      this.#take([event]);
    }
  }

  /** Fold events into the copy and hand new ones to subscribers; 'hole' if one came before its predecessors. */
  #take(events: HeraldEvent[]): 'ok' | 'hole' {
    for (const event of events) {
      const taken = this.log.ingest(event);
      if (taken === 'hole') return 'hole';
      if (taken === 'old') continue;
      this.items.apply(event);
      for (const l of this.#events) l(event);
    }
    return 'ok';
  }

  /**
   * Follow the stream: XREAD BLOCK says something is new (or, after BLOCK_MS of quiet, lets the identity be checked);
   * the one sync path then reads it in order, so a batch from before a wipe is never taken as the new log's.
   */
  async #follow(): Promise<void> {
    while (!this.#closed) {
      try {
        await Promise.race([this.#reader.xread('COUNT', 1, 'BLOCK', BLOCK_MS, 'STREAMS', this.#k.stream, this.#seen), this.#closing]);
        await this.#exclusive(() => this.#sync());
      } catch (err) {
        if (this.#closed) return;
        this.#opts.logger.debug('reading the Redis stream failed; trying again', { error: (err as Error).message });
        // The client is reconnecting: wait a little before asking again rather than spin.
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

/**
 * A Redis URL as it may appear in a message: without its password — in the user part, or in the query, whose
 * parameters ioredis takes as options (`?password=`), so the query is not shown at all.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = '';
    return u.toString();
  } catch {
    return 'the given URL';
  }
}
