/**
 * A TCP proxy between real processes that misbehaves on command, the way networks and middleboxes do:
 * - `cut()`: reset every open connection (RST), as a dropped Wi-Fi or a NAT that forgot the flow;
 * - `stall(true)`: keep the sockets, forward nothing (in either direction) until `stall(false)` lets the held bytes go;
 * - `delay(ms)`: every chunk waits this long (order kept);
 * - `refuse(true)`: stop listening (new connections are refused, open ones are cut) until `refuse(false)`;
 * - `buffer(true)`: a buffering proxy (nginx's proxy_buffering on an event stream): answers of known length pass
 *   when complete; a streamed answer (SSE) passes its headers and first bytes, then nothing more until `buffer(false)`
 *   or every `flushEvery` bytes (a proxy that flushes every 16 KiB).
 * Only 127.0.0.1; every timer is cleared by close().
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pipe {
  queue: Buffer[];
  busy: boolean;
}

interface Conn {
  client: Socket;
  upstream: Socket;
  up: Pipe;
  down: Pipe;
  /** Server→client bytes parsed for the buffering mode. */
  pending: Buffer;
  /** Streamed answer in progress: bytes of it let through so far. */
  streamPassed: number;
  streaming: boolean;
  held: Buffer[];
  heldBytes: number;
}

export interface ChaosProxyOptions {
  /** In buffering mode, how much of a streamed answer passes before holding (default 160 bytes: `retry:`, hello, a keepalive). */
  passFirst?: number;
  /** In buffering mode, flush what is held once it reaches this many bytes (default: never). */
  flushEvery?: number;
}

export class ChaosProxy {
  readonly #targetPort: number;
  readonly #opts: Required<ChaosProxyOptions>;
  #server: Server | null = null;
  #port = 0;
  readonly #conns = new Set<Conn>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stalled = false;
  #delayMs = 0;
  #buffering = false;
  #closed = false;
  /** How many connections were accepted (tests wait on it). */
  accepted = 0;

  private constructor(targetPort: number, opts: ChaosProxyOptions) {
    this.#targetPort = targetPort;
    this.#opts = { passFirst: opts.passFirst ?? 160, flushEvery: opts.flushEvery ?? Infinity };
  }

  static async start(targetPort: number, opts: ChaosProxyOptions = {}): Promise<ChaosProxy> {
    const p = new ChaosProxy(targetPort, opts);
    await p.#listen(0);
    return p;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get connections(): number {
    return this.#conns.size;
  }

  /** Reset every open connection. */
  cut(): void {
    for (const c of [...this.#conns]) this.#drop(c, true);
  }

  stall(on: boolean): void {
    this.#stalled = on;
    if (!on) for (const c of this.#conns) this.#pumpBoth(c);
  }

  delay(ms: number): void {
    this.#delayMs = Math.max(0, ms);
  }

  buffer(on: boolean): void {
    this.#buffering = on;
    if (!on) {
      for (const c of this.#conns) {
        const out = Buffer.concat([...c.held, c.pending]);
        c.held = [];
        c.heldBytes = 0;
        c.pending = Buffer.alloc(0);
        c.streaming = false;
        this.#send(c, c.down, out);
      }
    }
  }

  async refuse(on: boolean): Promise<void> {
    if (on) {
      const s = this.#server;
      this.#server = null;
      this.cut();
      if (s) await new Promise<void>((r) => s.close(() => r()));
    } else if (!this.#server && !this.#closed) {
      await this.#listen(this.#port);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.refuse(true);
  }

  #listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => this.#accept(client));
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.#server = server;
        this.#port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  #accept(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.#targetPort, '127.0.0.1');
    const c: Conn = {
      client,
      upstream,
      up: { queue: [], busy: false },
      down: { queue: [], busy: false },
      pending: Buffer.alloc(0),
      streamPassed: 0,
      streaming: false,
      held: [],
      heldBytes: 0,
    };
    this.#conns.add(c);
    client.on('data', (d: Buffer) => this.#send(c, c.up, d));
    upstream.on('data', (d: Buffer) => (this.#buffering ? this.#bufferDown(c, d) : this.#send(c, c.down, d)));
    const end = (): void => this.#drop(c, false);
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  #send(c: Conn, pipe: Pipe, data: Buffer): void {
    if (data.length === 0) return;
    pipe.queue.push(data);
    this.#pump(c, pipe);
  }

  #pumpBoth(c: Conn): void {
    this.#pump(c, c.up);
    this.#pump(c, c.down);
  }

  #pump(c: Conn, pipe: Pipe): void {
    if (pipe.busy || this.#stalled || !this.#conns.has(c)) return;
    const chunk = pipe.queue.shift();
    if (!chunk) return;
    const target = pipe === c.up ? c.upstream : c.client;
    const write = (): void => {
      pipe.busy = false;
      if (!this.#conns.has(c)) return;
      if (this.#stalled) {
        pipe.queue.unshift(chunk);
        return;
      }
      target.write(chunk);
      this.#pump(c, pipe);
    };
    pipe.busy = true;
    if (this.#delayMs === 0) return write();
    const t = setTimeout(() => {
      this.#timers.delete(t);
      write();
    }, this.#delayMs);
    this.#timers.add(t);
  }

  /** Buffering mode, server→client: complete answers pass; a stream passes its start, then is held. */
  #bufferDown(c: Conn, data: Buffer): void {
    if (c.streaming) {
      const room = this.#opts.passFirst - c.streamPassed;
      if (room > 0) {
        c.streamPassed += Math.min(room, data.length);
        this.#send(c, c.down, data.subarray(0, room));
        data = data.subarray(room);
        if (data.length === 0) return;
      }
      c.held.push(data);
      c.heldBytes += data.length;
      if (c.heldBytes >= this.#opts.flushEvery) {
        const out = Buffer.concat(c.held);
        c.held = [];
        c.heldBytes = 0;
        this.#send(c, c.down, out);
      }
      return;
    }
    c.pending = Buffer.concat([c.pending, data]);
    for (;;) {
      const headEnd = c.pending.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = c.pending.subarray(0, headEnd).toString('latin1');
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (length || status === 304 || status === 204) {
        const total = headEnd + 4 + (length ? Number(length[1]) : 0);
        if (c.pending.length < total) return;
        this.#send(c, c.down, c.pending.subarray(0, total));
        c.pending = c.pending.subarray(total);
        continue;
      }
      // A streamed answer: its headers and first bytes go through, the rest is held.
      this.#send(c, c.down, c.pending.subarray(0, headEnd + 4));
      const rest = c.pending.subarray(headEnd + 4);
      c.pending = Buffer.alloc(0);
      c.streaming = true;
      c.streamPassed = 0;
      if (rest.length > 0) this.#bufferDown(c, rest);
      return;
    }
  }

  #drop(c: Conn, reset: boolean): void {
    if (!this.#conns.delete(c)) return;
    for (const s of [c.client, c.upstream]) {
      if (reset) s.resetAndDestroy();
      else s.destroy();
    }
  }
}
