/**
 * A Herald server that misbehaves on purpose, over real HTTP on 127.0.0.1: the test writes what `GET /events` streams
 * (with backpressure, so hundreds of MiB can pass without piling up here) and what `GET /history` answers. Every
 * `/events` request is counted and handed to the test; anything else is a 404.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';

export interface HostileStream {
  /** Write and wait until the socket took it (false: the client went away). */
  write(text: string): Promise<boolean>;
  readonly closed: boolean;
  end(): void;
}

export interface HostileHerald {
  readonly url: string;
  /** `/events` requests so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface HostileHeraldOptions {
  /** Called for each `/events` request, after the headers (and `retry:` + `hello` with this keepalive) are sent. */
  onStream: (stream: HostileStream, n: number) => void | Promise<void>;
  keepaliveMs: number;
  /** `GET /history?after=…` answers this JSON (default: no events). */
  history?: (after: string | null) => unknown;
}

export async function startHostileHerald(options: HostileHeraldOptions): Promise<HostileHerald> {
  let connections = 0;
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/history' && options.history) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(options.history(url.searchParams.get('after'))));
      return;
    }
    if (url.pathname !== '/events') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"not_found","message":"no such thing"}}');
      return;
    }
    connections++;
    open.add(res);
    res.on('close', () => open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const stream: HostileStream = {
      write: (text) =>
        new Promise((resolve) => {
          if (res.destroyed || res.writableEnded) return resolve(false);
          if (res.write(text)) return resolve(true);
          const done = (ok: boolean) => () => {
            res.off('drain', onDrain);
            res.off('close', onClose);
            resolve(ok);
          };
          const onDrain = done(true);
          const onClose = done(false);
          res.once('drain', onDrain);
          res.once('close', onClose);
        }),
      get closed() {
        return res.destroyed || res.writableEnded;
      },
      end: () => res.end(),
    };
    const hello = { serverId: 'hostile', cursor: '0', keepaliveMs: options.keepaliveMs };
    void stream.write(`retry: 100\n\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`).then(() => options.onStream(stream, connections));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One Herald notification event as an SSE frame. */
export function notificationFrame(id: number, title: string, body = ''): string {
  const event = { id: String(id), type: 'notification', time: new Date(Date.UTC(2026, 11, 7, 12, 0, id)).toISOString(), data: { itemId: String(id), title, body, priority: 3 } };
  return `id: ${id}\nevent: notification\ndata: ${JSON.stringify(event)}\n\n`;
}
