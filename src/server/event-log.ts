/**
 * The server's event log: ids, history, the live-resume ring buffer and persistence (docs/PROTOCOL.md "Cursor rules").
 *
 * Ids are consecutive integers from 1, so the event with id n sits at a computable index: cursor lookups are O(1).
 * History keeps the newest `historyLimit` events; the ring buffer is simply its newest `bufferSize`.
 * With a data directory every event is appended to events.jsonl as it is accepted (one JSON envelope per line),
 * and the file is rewritten with only the retained tail when it grows to twice the limit.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventDataMap, EventOf, EventType, HeraldEvent } from '../shared/events';
import { isEventType } from '../shared/events';
import type { Logger } from '../core/base/log';
import { makeDirSync } from '../core/base/make-dir';

export interface EventLogOptions {
  bufferSize: number;
  historyLimit: number;
  dataDir?: string;
  logger: Logger;
  now?: () => number;
  /** Called for every event dropped from history (oldest first), so derived state can forget it too. */
  onEvict?: (event: HeraldEvent) => void;
  /** The identity to carry when another store owns it (Redis); without it, a new one (or the data directory's). */
  serverId?: string;
}

/** What a cursor older than the buffer, or ahead of the head, gets instead of events. */
export interface GapBody {
  after: string;
  oldest: string;
  latest: string;
  reset: boolean;
}

export class EventLog {
  #serverId: string;
  readonly #opts: EventLogOptions;
  readonly #now: () => number;
  /** Retained events live in #events[#start..]; the front is dropped lazily to keep eviction O(1). */
  #events: HeraldEvent[] = [];
  #start = 0;
  #head = 0;
  #fd: number | null = null;
  #fileLines = 0;

  constructor(opts: EventLogOptions) {
    this.#opts = { ...opts, bufferSize: Math.max(1, opts.bufferSize), historyLimit: Math.max(1, opts.historyLimit, opts.bufferSize) };
    this.#now = opts.now ?? Date.now;
    this.#serverId = opts.serverId ?? (opts.dataDir ? this.#loadServerId(opts.dataDir) : randomUUID());
    if (opts.dataDir) this.#load(opts.dataDir);
  }

  /** This log's identity (docs/PROTOCOL.md "Server identity"). */
  get serverId(): string {
    return this.#serverId;
  }

  /** The newest event id (0 when empty). */
  get head(): number {
    return this.#head;
  }

  get size(): number {
    return this.#events.length - this.#start;
  }

  /** Events still in history, oldest first (used to rebuild derived state at start-up). */
  retained(): HeraldEvent[] {
    return this.#events.slice(this.#start);
  }

  /** Oldest id still in history (head + 1 when empty). */
  get oldestRetained(): number {
    return this.size === 0 ? this.#head + 1 : Number(this.#events[this.#start]!.id);
  }

  /** Oldest id in the live-resume ring buffer (head + 1 when empty). */
  get oldestBuffered(): number {
    return Math.max(this.oldestRetained, this.#head - this.#opts.bufferSize + 1);
  }

  /** Accept a new event: allocate its id, stamp its time, persist it, keep it. */
  append<K extends EventType>(type: K, data: (id: string, time: string) => EventDataMap[K]): EventOf<K> {
    const id = String(this.#head + 1);
    const time = new Date(this.#now()).toISOString();
    const event = { id, type, time, data: data(id, time) } as unknown as EventOf<K>;
    this.#persist(event);
    this.#head += 1;
    this.#events.push(event);
    this.#evictOverflow();
    return event;
  }

  /**
   * A cursor this log cannot resume live: older than the ring buffer (`c < oldest - 1`) or ahead of the head
   * (reset). Null when the cursor is fine.
   */
  gapFor(cursor: number): GapBody | null {
    const oldest = this.oldestBuffered;
    const reset = cursor > this.#head;
    if (!reset && cursor >= oldest - 1) return null;
    return { after: String(cursor), oldest: String(Math.min(oldest, this.#head)), latest: String(this.#head), reset };
  }

  /**
   * A copy of a log kept elsewhere (the Redis store): take an event whose id the shared log allocated.
   * 'old' for one already here, 'hole' when events before it are missing (fetch them first); an empty log starts
   * wherever the shared one's retained history starts.
   */
  ingest(event: HeraldEvent): 'added' | 'old' | 'hole' {
    const id = Number(event.id);
    if (id <= this.#head) return 'old';
    if (id !== this.#head + 1) {
      if (this.size > 0) return 'hole';
      this.#head = id - 1;
    }
    this.#head = id;
    this.#events.push(event);
    this.#evictOverflow();
    return 'added';
  }

  /**
   * Forget everything and carry another identity (the shared log was wiped: ids start again at 1), or the same one
   * from `head` on (a copy that cannot hold what came before: the next event it takes is `head + 1`).
   */
  reset(serverId: string, head = 0): void {
    this.#serverId = serverId;
    this.#events = [];
    this.#start = 0;
    this.#head = head;
  }

  /** Events with id > cursor, oldest first, at most `limit`; `hasMore` when more follow. */
  after(cursor: number, limit: number): { events: HeraldEvent[]; hasMore: boolean } {
    const from = Math.max(cursor + 1, this.oldestRetained);
    if (from > this.#head) return { events: [], hasMore: false };
    const i = this.#index(from);
    const events = this.#events.slice(i, i + limit);
    return { events, hasMore: from + events.length <= this.#head };
  }

  /** Events with id < cursor (the newest when cursor is null), newest first, at most `limit`. */
  before(cursor: number | null, limit: number): { events: HeraldEvent[]; hasMore: boolean } {
    const upTo = Math.min(cursor === null ? this.#head : cursor - 1, this.#head);
    const oldest = this.oldestRetained;
    if (upTo < oldest) return { events: [], hasMore: false };
    const to = this.#index(upTo) + 1;
    const from = Math.max(this.#start, to - limit);
    const events = this.#events.slice(from, to).reverse();
    return { events, hasMore: from > this.#start };
  }

  /** The retained event with this id, if any. */
  get(id: number): HeraldEvent | undefined {
    if (id < this.oldestRetained || id > this.#head) return undefined;
    return this.#events[this.#index(id)];
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #index(id: number): number {
    return this.#start + (id - this.oldestRetained);
  }

  #evictOverflow(): void {
    while (this.size > this.#opts.historyLimit) {
      const dropped = this.#events[this.#start]!;
      this.#start += 1;
      this.#opts.onEvict?.(dropped);
    }
    // Drop the dead front in one go once it is as large as the live part: amortised O(1) per event.
    if (this.#start > 1024 && this.#start >= this.size) {
      this.#events = this.#events.slice(this.#start);
      this.#start = 0;
    }
  }

  #persist(event: HeraldEvent): void {
    if (!this.#opts.dataDir) return;
    if (this.#fileLines >= 2 * this.#opts.historyLimit) this.#compact(this.#opts.dataDir);
    if (this.#fd === null) this.#fd = openSync(join(this.#opts.dataDir, 'events.jsonl'), 'a');
    // A synchronous append: the id is only handed out once the event is on disk, so a crash never reuses it.
    writeSync(this.#fd, `${JSON.stringify(event)}\n`);
    this.#fileLines += 1;
  }

  #loadServerId(dir: string): string {
    makeDirSync(dir);
    const file = join(dir, 'meta.json');
    try {
      const meta = JSON.parse(readFileSync(file, 'utf8')) as { serverId?: unknown };
      if (typeof meta.serverId === 'string' && meta.serverId.length > 0) return meta.serverId;
    } catch {
      // Missing or unreadable: a new identity (clients see a new serverId; ids still continue from the log).
    }
    const serverId = randomUUID();
    writeFileSync(file, JSON.stringify({ serverId }));
    return serverId;
  }

  #load(dir: string): void {
    const file = join(dir, 'events.jsonl');
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n');
    let skipped = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const event = parseStoredEvent(line);
      // A torn last line (crash mid-write) or a hand-edited file: skip what cannot be trusted, keep the rest.
      if (!event || Number(event.id) <= this.#head) {
        skipped += 1;
        continue;
      }
      this.#head = Number(event.id);
      this.#events.push(event);
      this.#fileLines += 1;
      if (this.size > this.#opts.historyLimit) this.#start += 1;
    }
    this.#events = this.#events.slice(this.#start);
    this.#start = 0;
    if (skipped > 0) this.#opts.logger.warn('skipped unreadable lines in the event log', { file, skipped });
    // Ids must stay consecutive in memory for O(1) lookups; a file with holes is rewritten from what we kept.
    const consecutive = this.#events.every((e, i) => Number(e.id) === this.#head - this.#events.length + 1 + i);
    if (!consecutive) {
      this.#opts.logger.warn('event log had holes; keeping the consecutive tail', { file });
      let i = this.#events.length - 1;
      while (i > 0 && Number(this.#events[i - 1]!.id) === Number(this.#events[i]!.id) - 1) i -= 1;
      this.#events = this.#events.slice(i);
    }
    if (skipped > 0 || !consecutive || this.#fileLines > this.size) this.#compact(dir);
  }

  /** Rewrite the log with only the retained events (write a temp file, then rename: never a half-written log). */
  #compact(dir: string): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    const file = join(dir, 'events.jsonl');
    const retained = this.retained();
    writeFileSync(`${file}.tmp`, retained.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(`${file}.tmp`, file);
    this.#fileLines = retained.length;
  }
}

/** One stored event envelope (a line of events.jsonl, an entry of the Redis stream), or null if it cannot be trusted. */
export function parseStoredEvent(line: string): HeraldEvent | null {
  try {
    const v = JSON.parse(line) as Partial<HeraldEvent>;
    if (typeof v.id !== 'string' || !/^[1-9]\d{0,14}$/.test(v.id) || !isEventType(v.type) || typeof v.time !== 'string') return null;
    if (typeof v.data !== 'object' || v.data === null) return null;
    return v as HeraldEvent;
  } catch {
    return null;
  }
}
