/**
 * Never silent about loss: when the client knows events may be gone for good, the inbox gets one notice saying
 * so (with the source and the times), reading it stays local, and listeners (the CLI) hear of it.
 */
import { createHeraldClient } from '../../src/core/client';
import type { HeraldClient, LossReport } from '../../src/core/herald-client';
import { MemoryStore } from '../../src/core/store';
import { startServer, type RunningServer } from '../../src/server/index';
import { lossNoticeText } from '../../src/shared/notices';
import { waitFor } from '../helpers/wait';

const fast = { supervisor: { baseDelayMs: 20, maxDelayMs: 200 }, source: { herald: { keepaliveMs: 500 } } };
let server: RunningServer;
let client: HeraldClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server.close();
});

const connect = (store: MemoryStore) =>
  createHeraldClient({ sources: [{ id: 'main', kind: 'herald', url: server.url, label: 'Team' }], store, tuning: fast, firstLoad: 0 });

/** A client sees one event and stops; then 12 more are published while it is away. Returns its store. */
async function seenOneThenAway(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const first = connect(store);
  first.start();
  await waitFor(() => first.connection().overall.kind === 'open', { message: 'connected' });
  server.publish({ title: 'seen', body: '' });
  await waitFor(() => first.items().length === 1, { message: 'first event' });
  await first.stop();
  for (let i = 1; i <= 12; i++) server.publish({ title: `n${i}`, body: '' });
  return store;
}

it('a cursor older than what the server still keeps: the rest is delivered and one notice tells the user', async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, bufferSize: 2, historyLimit: 5 });
  const titles: string[] = [];
  const reports: LossReport[] = [];
  // While the client is away, 12 more events: history keeps only the newest 5.
  client = connect(await seenOneThenAway());
  client.onDidReceiveEvents(({ events }) => titles.push(...events.flatMap((e) => (e.type === 'notification' ? [e.data.title] : []))));
  client.onDidDetectLoss((r) => reports.push(r));
  client.start();
  await waitFor(() => titles.includes('n12'), { message: 'caught up to the newest' });
  expect(titles).toEqual(['n8', 'n9', 'n10', 'n11', 'n12']);
  expect(reports).toHaveLength(1);
  expect(reports[0]!.notice).toMatchObject({ code: 'possible_loss', reason: 'history_exceeded', sourceLabel: 'Team' });
  const notices = client.items().filter((i) => i.notice);
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ kind: 'system', level: 'warning', read: false, local: true });
  expect(lossNoticeText(notices[0]!.notice!, 'en').body).toMatch(/may have missed messages from Team before/);
  expect(lossNoticeText(notices[0]!.notice!, 'zh-CN').title).toBe('Team 的消息可能有遗漏');

  // Reading it is local: no action reaches the outbox (the server knows nothing of this item).
  client.act('main', { type: 'mark_read', itemId: notices[0]!.itemId });
  expect(client.items().find((i) => i.key === notices[0]!.key)?.read).toBe(true);
  expect(client.outboxEntries()).toEqual([]);
  expect(() => client!.act('main', { type: 'like', itemId: notices[0]!.itemId })).toThrow(/Herald/);
});

it('a gap the server can still fill from history reports nothing', async () => {
  server = await startServer({ port: 0, keepaliveSeconds: 0.5, bufferSize: 2, historyLimit: 1000 });
  client = connect(await seenOneThenAway());
  const reports: LossReport[] = [];
  client.onDidDetectLoss((r) => reports.push(r));
  client.start();
  await waitFor(() => client!.items().length === 13, { message: 'all 12 recovered' });
  expect(reports).toEqual([]);
});
