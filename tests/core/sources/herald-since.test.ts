/**
 * A Herald source told to start an hour back (`since` 1h), against the reference server in-process (its event times
 * set by the test): the first link opens after the newest event older than the hour, found by paging history back,
 * so the events of the last hour arrive once, in order, then the live ones — on every transport.
 */
import { createHeraldSource } from '../../../src/core/sources/herald';
import { parseHistoryStart } from '../../../src/shared/history-start';
import { startServer, type RunningServer } from '../../../src/server/index';
import { RecordingSink } from '../helpers/recording-sink';
import { waitFor } from '../../helpers/wait';

const HOUR = 3_600_000;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(['sse', 'longpoll', 'poll'] as const)('herald source, since 1h, over %s', (kind) => {
  it('delivers the events of the last hour (more than one history page) once, then the live ones, and none older', { timeout: 30_000 }, async () => {
    let at = Date.now() - 3 * HOUR;
    server = await startServer({ port: 0, keepaliveSeconds: 0.5, now: () => at });
    server.publish({ title: 'three hours ago', body: '' });
    at = Date.now() - 2 * HOUR;
    server.publish({ title: 'two hours ago', body: '' });
    at = Date.now() - HOUR / 2;
    for (let n = 1; n <= 600; n++) server.publish({ title: `recent ${n}`, body: '' });

    const source = createHeraldSource({ id: 'h', kind: 'herald', url: server.url, since: parseHistoryStart('1h')! }, { fetch, herald: { longPollSeconds: 0.5, pollInterval: { initialMs: 50, minMs: 50, maxMs: 200 } } });
    const sink = new RecordingSink();
    const link = source.connect(kind, null, sink);
    try {
      await waitFor(() => sink.events_.length >= 600 || undefined, { timeoutMs: 20_000, message: `the last hour's 600 events (got ${sink.events_.length})` });
      at = Date.now();
      server.publish({ title: 'live', body: '' });
      await waitFor(() => sink.events_.length >= 601 || undefined, { timeoutMs: 10_000, message: 'the live event' });
      const titles = sink.events_.map((e) => (e.data as { title?: string }).title);
      expect(titles).toEqual([...Array.from({ length: 600 }, (_, i) => `recent ${i + 1}`), 'live']);
    } finally {
      link.close();
    }
  });
});
