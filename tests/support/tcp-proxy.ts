/**
 * A TCP proxy on 127.0.0.1 in front of a real server, so a test can do to a live link what networks do: cut every
 * connection, refuse new ones for a while, or freeze them (bytes stop flowing, sockets stay open — a dead link that
 * only a heartbeat can find).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly url: string;
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Destroy every open connection (both sides). */
  cutAll(): void;
  /** While refusing, new connections are closed at once. */
  refuse(on: boolean): void;
  /** Stop forwarding bytes on every open connection, without closing them. */
  freezeAll(): void;
  /** The same for one connection: the `index`-th accepted (from 0), if it is still open. */
  freeze(index: number): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const byIndex = new Map<number, [Socket, Socket]>();
  let refusing = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    if (refusing) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    byIndex.set(accepted - 1, pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    cutAll: () => {
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    refuse: (on) => {
      refusing = on;
    },
    freezeAll: () => {
      for (const pair of pairs) freezePair(pair);
    },
    freeze: (index) => {
      const pair = byIndex.get(index);
      if (pair && pairs.has(pair)) freezePair(pair);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}

function freezePair([a, b]: [Socket, Socket]): void {
  a.unpipe(b);
  b.unpipe(a);
  a.pause();
  b.pause();
}
