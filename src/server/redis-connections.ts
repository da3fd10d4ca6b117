/**
 * The Redis store's two connections — one for commands, one that blocks on XREAD to follow the stream — and what
 * their health means for the node: an outage is logged once (not once per reconnect attempt), a link that owes an
 * answer too long is replaced, and Redis out of reach for longer than a restart takes makes the node unavailable.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../core/base/log';

/** How long XREAD waits for news before the node checks the identity (a wiped Redis with nobody writing). */
export const BLOCK_MS = 1000;
/**
 * How long a connection may owe an answer before it is taken for dead and replaced (above BLOCK_MS: the follower's
 * XREAD answers within it). A link that dies without being closed (a dropped NAT entry, a vanished host) raises no
 * error, and without this the node would wait on it for ever: its subscribers kept alive and told nothing.
 */
const SOCKET_TIMEOUT_MS = BLOCK_MS + 4000;
/**
 * How long Redis may be out of reach before this node stops serving (ends its streams, answers 503). A restart of
 * Redis is shorter, and every node would be cut off alike — clients gain nothing by moving; a node cut off alone
 * for longer would hold its subscribers while the other nodes go on without them.
 */
const OUTAGE_GRACE_MS = 10_000;

export class RedisConnections {
  readonly cmd: Redis;
  readonly reader: Redis;
  /** The last connection error, for the message when Redis cannot be reached at start. */
  lastError: string | null = null;
  readonly #logger: Logger;
  readonly #outages: Array<() => void> = [];
  #down = false;
  /** Set when Redis has been out of reach for OUTAGE_GRACE_MS; the timer runs while the grace lasts. */
  #outage = false;
  #outageTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Both connections were ready once: from then on a dropped connection is an outage. */
  #everReady = false;

  constructor(url: string, logger: Logger) {
    this.#logger = logger;
    const options = { lazyConnect: true, enableAutoPipelining: false, connectionName: 'herald', socketTimeout: SOCKET_TIMEOUT_MS };
    this.cmd = new Redis(url, options);
    this.reader = new Redis(url, options);
    for (const conn of [this.cmd, this.reader]) {
      conn.on('error', (err: Error) => {
        this.lastError = err.message;
        this.#lost(err.message);
      });
      conn.on('close', () => this.#lost('closed'));
      conn.on('ready', () => this.#ready());
    }
  }

  /** One after the other, commands first: a fixed order tests can rely on to hold up the follower alone. */
  async connect(): Promise<void> {
    await this.cmd.connect();
    await this.reader.connect();
  }

  /** False once Redis has been out of reach past the grace, until both connections are back. */
  get available(): boolean {
    return !this.#outage;
  }

  onUnavailable(listener: () => void): void {
    this.#outages.push(listener);
  }

  close(): void {
    this.#closed = true;
    if (this.#outageTimer) clearTimeout(this.#outageTimer);
    this.#outageTimer = null;
    this.reader.disconnect();
    this.cmd.disconnect();
  }

  #lost(error: string): void {
    // The client reconnects by itself; say so once per outage, not once per attempt. Before the first connection
    // nothing was lost: a start that cannot reach Redis is said once, in words, by whoever started it.
    if (this.#down || this.#closed || !this.#everReady) return;
    this.#down = true;
    this.#logger.warn('Redis connection lost; reconnecting', { error });
    this.#outageTimer ??= setTimeout(() => this.#declareOutage(), OUTAGE_GRACE_MS);
    this.#outageTimer.unref();
  }

  #ready(): void {
    if (this.cmd.status === 'ready' && this.reader.status === 'ready') this.#everReady = true;
    if (!this.#down || this.cmd.status !== 'ready' || this.reader.status !== 'ready') return;
    this.#logger.info('Redis connection back');
    this.#down = false;
    if (this.#outageTimer) clearTimeout(this.#outageTimer);
    this.#outageTimer = null;
    this.#outage = false;
  }

  #declareOutage(): void {
    this.#outageTimer = null;
    if (this.#closed) return;
    this.#outage = true;
    this.#logger.warn('Redis out of reach for a while: ending streams and answering 503 until it is back');
    for (const l of this.#outages) l();
  }
}
