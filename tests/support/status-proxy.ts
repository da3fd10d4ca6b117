/**
 * An HTTP proxy in front of a real server that can answer every request itself with one status, the way a proxy
 * mid-deploy answers 404 or 502 for a while: `answerWith(404)` until `answerWith(null)` forwards again. It counts the
 * requests it answered itself, so a test waits for "three attempts were refused" instead of sleeping.
 * Only 127.0.0.1; close() ends every open exchange.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class StatusProxy {
  readonly #targetPort: number;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #status: number | null = null;
  /** Requests answered with the injected status (not forwarded). */
  answered = 0;

  private constructor(targetPort: number) {
    this.#targetPort = targetPort;
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(targetPort: number): Promise<StatusProxy> {
    const proxy = new StatusProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('status proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Answer every new request with `status` (and cut the exchanges forwarded so far); null: forward again. */
  answerWith(status: number | null): void {
    this.#status = status;
    if (status !== null) for (const socket of this.#sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.#status !== null) {
      this.answered++;
      res.writeHead(this.#status, { 'Content-Type': 'text/plain' }).end('not here right now');
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: this.#targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}
