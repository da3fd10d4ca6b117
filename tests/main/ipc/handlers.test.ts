import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { INVOKE_CHANNELS, SNAPSHOT_ITEMS } from '../../../src/shared/ipc-contract';
import { createInvokeHandlers, invokeHandler, type AppServices } from '../../../src/main/ipc/handlers';
import { createPausedState } from '../../../src/main/paused-state';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { UpdateState } from '../../../src/main/updates/update-policy';
import { startServer } from '../../../src/server/index';
import { waitFor } from '../../helpers/wait';
import { liveClient, recordCalls } from '../real-client';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

/** The handlers over the real client, connected to a reference server on 127.0.0.1 as source 'demo'. */
async function setup() {
  const live = await liveClient();
  const client = live.client;
  const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => 'new1' });
  const opened: string[] = [];
  const services: AppServices = {
    client,
    settings,
    paused: createPausedState(silentLogger),
    openExternal: async (url) => void opened.push(url),
    notices: () => [{ code: 'store_corrupt', message: 'x', path: '/tmp/x' }],
    systemLanguage: () => 'zh-CN',
  };
  return { ...live, settings, opened, services, handlers: createInvokeHandlers(services) };
}

describe('invoke handlers (the logic behind every IPC request)', () => {
  it('has one handler per channel of the contract', async () => {
    const { handlers } = await setup();
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('get-snapshot gathers inbox, connection, outbox, settings, pause, notices and language', async () => {
    const { handlers, services, publishMany } = await setup();
    await publishMany([1, 2, 3, 4].map((n) => ({ title: `n${n}` })));
    services.paused.set(true);
    const r = await invokeHandler(handlers, 'herald:get-snapshot', []);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ unread: 4, paused: true, systemLanguage: 'zh-CN', notices: [{ code: 'store_corrupt' }] });
    expect(r.value.settings.sources).toEqual([]);
  });

  it('the window learns of a downloaded update from the snapshot, and install-update restarts only then', async () => {
    const { services } = await setup();
    let state: UpdateState = { kind: 'idle', lastCheckAt: null };
    const installs: number[] = [];
    const handlers = createInvokeHandlers({ ...services, updates: { state: () => state, installNow: () => void installs.push(1) } });
    const before = await invokeHandler(handlers, 'herald:get-snapshot', []);
    expect(before.ok && before.value.updateReady).toBeUndefined();
    state = { kind: 'ready', version: '0.2.0' };
    const after = await invokeHandler(handlers, 'herald:get-snapshot', []);
    expect(after.ok && after.value.updateReady).toEqual({ version: '0.2.0' });
    expect(await invokeHandler(handlers, 'herald:install-update', [])).toEqual({ ok: true, value: undefined });
    expect(installs).toHaveLength(1);
  });

  it('get-snapshot carries the newest items of a big inbox and get-items pages through the rest without skipping', async () => {
    const { handlers, client, publishMany } = await setup();
    await publishMany(Array.from({ length: 2500 }, (_, i) => ({ title: `n${i + 1}` })));
    const all = client.items();
    const keys = (from: number, n: number) => all.slice(from, from + n).map((i) => i.key);
    const snap = await invokeHandler(handlers, 'herald:get-snapshot', []);
    if (!snap.ok) throw new Error('snapshot failed');
    expect(snap.value.items.map((i) => i.title)).toEqual(all.slice(0, SNAPSHOT_ITEMS).map((i) => i.title));
    expect(snap.value.items[0]?.title).toBe('n2500');
    expect(snap.value.itemsTotal).toBe(2500);
    const cursor = all[999]!;
    const page = await invokeHandler(handlers, 'herald:get-items', [{ key: cursor.key, time: cursor.time }, 1000]);
    expect(page.ok && page.value.map((i) => i.key)).toEqual(keys(1000, 1000));
    // The cursor's item left meanwhile (here: a key no longer in the inbox): the page starts at its time, so nothing
    // older is skipped (it may repeat items of the same time, which the window ignores).
    const after = await invokeHandler(handlers, 'herald:get-items', [{ key: 'demo/gone', time: cursor.time }, 2]);
    if (!after.ok) throw new Error('page failed');
    const start = all.findIndex((i) => i.key === after.value[0]?.key);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThanOrEqual(1000);
    expect(after.value.map((i) => i.key)).toEqual(keys(start, 2));
    expect(all.slice(0, start).every((i) => i.time >= cursor.time)).toBe(true);
    expect(await invokeHandler(handlers, 'herald:get-items', [{ key: cursor.key }, 10])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:get-items', [{ key: cursor.key, time: cursor.time }, 0])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('act validates the action and queues it in the outbox', async () => {
    const { handlers, client, publish, servers } = await setup();
    const item = await publish({ title: 'like me' });
    const ok = await invokeHandler(handlers, 'herald:act', ['demo', { type: 'like', itemId: item.itemId }]);
    expect(ok).toEqual({ ok: true, value: { key: expect.any(String) } });
    await waitFor(() => servers.demo!.actionLog().applied.length === 1 && client.outboxEntries().length === 0, { message: 'the like sent and acknowledged' });
    expect(servers.demo!.actionLog().applied.map((a) => a.action)).toEqual([{ type: 'like', itemId: item.itemId }]);

    const bad = await invokeHandler(handlers, 'herald:act', ['demo', { type: 'explode' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknownSource = await invokeHandler(handlers, 'herald:act', ['nope', { type: 'like', itemId: 'i1' }]);
    expect(unknownSource).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(client.outboxEntries()).toEqual([]);
    expect(servers.demo!.actionLog().applied).toHaveLength(1);
  });

  it('errors cross as data: a throwing client becomes { ok:false, internal }', async () => {
    const { handlers, client } = await setup();
    // A stand-in for one method: the real client cannot be made to throw a plain, uncoded error on demand.
    vi.spyOn(client, 'comments').mockRejectedValue(new Error('disk on fire'));
    const r = await invokeHandler(handlers, 'herald:get-comments', ['demo/i1']);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('refuses unknown channels and extra arguments before running anything', async () => {
    const { handlers, client: real } = await setup();
    const client = recordCalls(real, ['retryOutbox']);
    expect(await invokeHandler(handlers, 'herald:nope' as never, [])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:retry-outbox', ['k1', 'extra'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:retry-outbox', [7])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(client.called('retryOutbox')).toEqual([]);
    expect(await invokeHandler(handlers, 'herald:retry-outbox', ['k1'])).toEqual({ ok: true, value: undefined });
    expect(client.called('retryOutbox')).toEqual([['k1']]);
  });

  it('has no channel for the window to set its own visibility: main\'s window events are the one writer', () => {
    expect(INVOKE_CHANNELS).not.toContain('herald:set-visible');
  });

  it('open-external opens http(s) only; javascript:, file: and others are refused as data', async () => {
    const { handlers, opened } = await setup();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'herald://x', 'data:text/html,hi', 'not a url', 'https://user:pw@example.com/']) {
      expect(await invokeHandler(handlers, 'herald:open-external', [url])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(opened).toEqual([]);
    expect(await invokeHandler(handlers, 'herald:open-external', ['https://example.com/a b'])).toEqual({ ok: true, value: undefined });
    expect(opened).toEqual(['https://example.com/a%20b']);
  });

  it('save-source keeps the token out of the answer and test-source gets it from the saved source', async () => {
    const { handlers } = await setup();
    // A server that answers only with the token: the test passes only if the saved token was used.
    const guarded = await startServer({ port: 0, token: 's3cret', logger: silentLogger });
    try {
      const saved = await invokeHandler(handlers, 'herald:save-source', [{ kind: 'herald', url: `${guarded.url}/`, token: 's3cret' }]);
      expect(saved.ok).toBe(true);
      expect(JSON.stringify(saved)).not.toContain('s3cret');
      if (!saved.ok) return;
      expect(saved.value.sources).toEqual([{ id: 'new1', kind: 'herald', url: guarded.url, hasToken: true, hasPassword: false }]);

      const tested = await invokeHandler(handlers, 'herald:test-source', [{ id: 'new1', kind: 'herald', url: guarded.url }]);
      expect(tested).toMatchObject({ ok: true, value: { ok: true } });
      const unsaved = await invokeHandler(handlers, 'herald:test-source', [{ kind: 'herald', url: guarded.url }]);
      expect(unsaved).toMatchObject({ ok: true, value: { ok: false } });
    } finally {
      await guarded.close();
    }
  });

  it('set-paused and update-settings validate their input', async () => {
    const { handlers, services } = await setup();
    expect(await invokeHandler(handlers, 'herald:set-paused', [1])).toMatchObject({ ok: false });
    expect(await invokeHandler(handlers, 'herald:set-paused', [true])).toEqual({ ok: true, value: undefined });
    expect(services.paused.get()).toBe(true);
    expect(await invokeHandler(handlers, 'herald:update-settings', [{ transport: 'carrier-pigeon' }])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r = await invokeHandler(handlers, 'herald:update-settings', [{ quietHours: { enabled: true } }]);
    expect(r).toMatchObject({ ok: true, value: { quietHours: { enabled: true, start: '22:00', end: '07:00' } } });
  });
});
