/**
 * "Test connection" as an attacker sees it: a hostile server's body never comes back, "refused" and "no answer"
 * look the same, and a token carrying CR/LF is never echoed by the transports. Real sockets on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/core/base/clock';
import { ManualClock } from '../helpers/manual-clock';
import { createSource } from '../../src/core/sources/index';
import { testSourceConnection } from '../../src/core/test-connection';
import { silentLogger } from '../../src/core/base/log';
import type { SourceConfig } from '../../src/core/source';
import { RecordingSink } from './helpers/recording-sink';
import { waitFor } from '../helpers/wait';

const SECRET_BODY = 'INTERNAL-ADMIN-PAGE root:x:0:0';
const deps = { fetch: globalThis.fetch.bind(globalThis), clock: systemClock, logger: silentLogger };
const servers: Array<Server | TcpServer> = [];
const sockets: Socket[] = [];

async function listen<S extends Server | TcpServer>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const test = (config: Omit<SourceConfig, 'id'>, timeoutMs = 400) => testSourceConnection(createSource({ id: 't', ...config }, deps), systemClock, timeoutMs);

describe('test connection tells a category, never what the server said', () => {
  it('does not return body text of any status', async () => {
    for (const status of [200, 401, 403, 404, 500, 302]) {
      const url = await listen(createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain', location: 'http://127.0.0.1:1/' }).end(SECRET_BODY)));
      for (const kind of ['herald', 'ntfy', 'nchan'] as const) {
        const result = await test({ kind, url, channels: ['c'] });
        expect(result.ok).toBe(false);
        expect(JSON.stringify(result)).not.toMatch(/INTERNAL|root:x|127\.0\.0\.1/);
      }
    }
  });

  it('answers the same for a refused port and a port that never answers (no port scan)', async () => {
    const closed = await listen(createTcpServer());
    await new Promise((resolve) => servers.pop()!.close(resolve)); // the port is now refused
    const silent = await listen(createTcpServer((socket) => sockets.push(socket))); // accepts, never answers
    const refused = await test({ kind: 'herald', url: closed });
    const timedOut = await test({ kind: 'herald', url: silent });
    expect(refused).toEqual(timedOut);
    expect(refused.error).toEqual({ code: 'network', message: 'the server could not be reached' });
  });
});

describe('a token with CR, LF or NUL is never echoed', () => {
  it.each(['sse', 'longpoll', 'poll'] as const)('over %s', async (transport) => {
    const url = await listen(createServer((_req, res) => res.writeHead(500).end()));
    for (const token of ['s3cret\r\nX-Evil: 1', 's3cret\u0000', 's3cr€t']) {
      const source = createSource({ id: 't', kind: 'herald', url, token }, deps);
      const sink = new RecordingSink();
      const t = source.connect(transport, null, sink);
      const closed = await waitFor(() => sink.calls.find((c) => c.call === 'closed'), { message: 'the transport to close' });
      t.close();
      expect(JSON.stringify(closed)).not.toContain('s3cr');
      expect(closed).toMatchObject({ error: { code: 'invalid_input' }, outcome: 'fail' });
    }
  });
});

describe('a source that throws while connecting', () => {
  it('gives a failed result at once, and its timeout never fires later into a missing transport', async () => {
    const clock = new ManualClock();
    const source = {
      transports: ['sse'],
      connect: () => {
        throw new Error('cannot build the request');
      },
    } as unknown as Parameters<typeof testSourceConnection>[0];
    const result = await testSourceConnection(source, clock, 1000);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(result)).not.toContain('cannot build');
    expect(clock.pending).toBe(0);
    expect(() => clock.advance(5000)).not.toThrow();
  });
});
