/**
 * Every transport (and `auto`) against the real reference server: published events arrive in order exactly once,
 * also across a server restart on the same port and data directory, and across a client that missed events.
 */
import type { RunningServer } from '../../../src/server/index';
import type { TransportKind, TransportPreference } from '../../../src/shared/connection-state';
import { waitFor } from '../../helpers/wait';
import { attached, publishMany, range, startFastServer, subscribe, tempDir, type Subscriber } from './harness';
import { parseHeraldCursor } from '../../../src/core/sources/herald-cursor';

const cases: [TransportPreference, TransportKind][] = [
  ['sse', 'sse'],
  ['longpoll', 'longpoll'],
  ['poll', 'poll'],
  ['auto', 'sse'],
];

describe.each(cases)('delivery over %s', (preference, transport) => {
  let server: RunningServer | undefined;
  let sub: Subscriber | undefined;
  let dir: ReturnType<typeof tempDir>;

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    sub?.stop();
    sub = undefined;
    await server?.close();
    server = undefined;
    dir.remove();
  });

  it('delivers published events in order, exactly once', async () => {
    server = await startFastServer({ dataDir: dir.path });
    sub = subscribe(server.url, preference);
    await attached(server, sub, transport);
    const published = publishMany(server, 30);
    const s = sub;
    await waitFor(() => s.events.length >= 30, { message: '30 events' });
    expect(s.ids()).toEqual(published);
    expect(s.catchUpEvents).toEqual([]);
    expect(parseHeraldCursor(s.store.cursor)?.id).toBe('30');
    expect(s.supervisor.malformedCount).toBe(0);
  });

  it('resumes across a server restart (same port, same data) and recovers what it missed, nothing repeated', async () => {
    server = await startFastServer({ dataDir: dir.path });
    const port = server.port;
    sub = subscribe(server.url, preference);
    const s = sub;
    await attached(server, s, transport);
    publishMany(server, 3);
    await waitFor(() => s.events.length >= 3, { message: 'first 3 events' });

    // Missed for sure: the client is away (suspended) while 4..6 are published and the server restarts.
    s.supervisor.suspend();
    publishMany(server, 3);
    await server.close();
    server = await startFastServer({ dataDir: dir.path, port });
    s.supervisor.resume();
    await waitFor(() => s.events.length >= 6, { message: 'events 4..6 recovered by cursor' });

    // Connected this time: 7..9 go out just before the server closes; the client may or may not have read them.
    await attached(server, s, transport);
    publishMany(server, 3);
    await server.close();
    await waitFor(() => s.supervisor.state.kind !== 'open', { message: 'link lost' });
    server = await startFastServer({ dataDir: dir.path, port });
    await attached(server, s, transport);
    publishMany(server, 3);

    await waitFor(() => s.events.length >= 12, { timeoutMs: 8000, message: '12 events' });
    expect(s.ids()).toEqual(range(1, 12));
    expect(parseHeraldCursor(s.store.cursor)?.id).toBe('12');
  });
});
