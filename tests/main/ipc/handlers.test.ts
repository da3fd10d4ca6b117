import { silentLogger } from '../../../src/core/log';
import { MemoryStore } from '../../../src/core/store';
import type { InboxItem } from '../../../src/shared/inbox';
import { INVOKE_CHANNELS, SNAPSHOT_ITEMS } from '../../../src/shared/ipc-contract';
import { createInvokeHandlers, invokeHandler, type AppServices } from '../../../src/main/ipc/handlers';
import { createPausedState } from '../../../src/main/paused-state';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { UpdateState } from '../../../src/main/updates/update-policy';
import { FakeClient, fakeCipher } from '../fake-client';

function setup() {
  const client = new FakeClient();
  const settings = new SettingsService({ store: new MemoryStore(), cipher: fakeCipher, newId: () => 'new1' });
  const opened: string[] = [];
  const services: AppServices = {
    client,
    settings,
    paused: createPausedState(silentLogger),
    openExternal: async (url) => void opened.push(url),
    notices: () => [{ code: 'store_corrupt', message: 'x', path: '/tmp/x' }],
    systemLanguage: () => 'zh-CN',
  };
  return { client, settings, opened, services, handlers: createInvokeHandlers(services) };
}

describe('invoke handlers (the logic behind every IPC request)', () => {
  it('has one handler per channel of the contract', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('get-snapshot gathers inbox, connection, outbox, settings, pause, notices and language', async () => {
    const { handlers, client, services } = setup();
    client.unread = 4;
    services.paused.set(true);
    const r = await invokeHandler(handlers, 'herald:get-snapshot', []);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ unread: 4, paused: true, systemLanguage: 'zh-CN', notices: [{ code: 'store_corrupt' }] });
    expect(r.value.settings.sources).toEqual([]);
  });

  it('the window learns of a downloaded update from the snapshot, and install-update restarts only then', async () => {
    const { services } = setup();
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
    const { handlers, client } = setup();
    const t = (n: number) => new Date(Date.UTC(2026, 10, 30) + n * 1000).toISOString();
    client.itemList = Array.from({ length: 2500 }, (_, i) => ({ key: `s/${2500 - i}`, time: t(2500 - i) }) as InboxItem);
    const snap = await invokeHandler(handlers, 'herald:get-snapshot', []);
    if (!snap.ok) throw new Error('snapshot failed');
    expect(snap.value.items).toHaveLength(SNAPSHOT_ITEMS);
    expect(snap.value.itemsTotal).toBe(2500);
    const page = await invokeHandler(handlers, 'herald:get-items', [{ key: 's/1501', time: t(1501) }, 1000]);
    expect(page.ok && page.value.map((i) => i.key)).toEqual(Array.from({ length: 1000 }, (_, i) => `s/${1500 - i}`));
    // The cursor's item left meanwhile: the page starts at its time, so nothing older is skipped.
    client.itemList = client.itemList.filter((i) => i.key !== 's/1501');
    const after = await invokeHandler(handlers, 'herald:get-items', [{ key: 's/1501', time: t(1501) }, 2]);
    expect(after.ok && after.value.map((i) => i.key)).toEqual(['s/1500', 's/1499']);
    expect(await invokeHandler(handlers, 'herald:get-items', [{ key: 's/1' }, 10])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:get-items', [{ key: 's/1', time: t(1) }, 0])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('act validates the action and queues it in the outbox', async () => {
    const { handlers, client } = setup();
    const ok = await invokeHandler(handlers, 'herald:act', ['demo', { type: 'like', itemId: 'i1' }]);
    expect(ok).toEqual({ ok: true, value: { key: expect.any(String) } });
    expect(client.called('act')).toEqual([['demo', { type: 'like', itemId: 'i1' }]]);

    const bad = await invokeHandler(handlers, 'herald:act', ['demo', { type: 'explode' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknownSource = await invokeHandler(handlers, 'herald:act', ['nope', { type: 'like', itemId: 'i1' }]);
    expect(unknownSource).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(client.called('act')).toHaveLength(1);
  });

  it('errors cross as data: a throwing client becomes { ok:false, internal }', async () => {
    const { handlers, client } = setup();
    client.comments = async () => {
      throw new Error('disk on fire');
    };
    const r = await invokeHandler(handlers, 'herald:get-comments', ['demo/i1']);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('refuses unknown channels and extra arguments before running anything', async () => {
    const { handlers, client } = setup();
    expect(await invokeHandler(handlers, 'herald:nope' as never, [])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:outbox-retry', ['k1', 'extra'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invokeHandler(handlers, 'herald:outbox-retry', [7])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(client.called('retryOutbox')).toEqual([]);
    expect(await invokeHandler(handlers, 'herald:outbox-retry', ['k1'])).toEqual({ ok: true, value: undefined });
    expect(client.called('retryOutbox')).toEqual([['k1']]);
  });

  it('has no channel for the window to set its own visibility: main\'s window events are the one writer', () => {
    expect(INVOKE_CHANNELS).not.toContain('herald:set-visible');
  });

  it('open-external opens http(s) only; javascript:, file: and others are refused as data', async () => {
    const { handlers, opened } = setup();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'herald://x', 'data:text/html,hi', 'not a url', 'https://user:pw@example.com/']) {
      expect(await invokeHandler(handlers, 'herald:open-external', [url])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(opened).toEqual([]);
    expect(await invokeHandler(handlers, 'herald:open-external', ['https://example.com/a b'])).toEqual({ ok: true, value: undefined });
    expect(opened).toEqual(['https://example.com/a%20b']);
  });

  it('save-source keeps the token out of the answer and test-source gets it from the saved source', async () => {
    const { handlers, client } = setup();
    const saved = await invokeHandler(handlers, 'herald:save-source', [{ kind: 'herald', url: 'http://127.0.0.1:9/', token: 's3cret' }]);
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    if (!saved.ok) return;
    expect(saved.value.sources).toEqual([{ id: 'new1', kind: 'herald', url: 'http://127.0.0.1:9', hasToken: true, hasPassword: false }]);

    const tested = await invokeHandler(handlers, 'herald:test-source', [{ id: 'new1', kind: 'herald', url: 'http://127.0.0.1:9' }]);
    expect(tested).toMatchObject({ ok: true, value: { ok: true } });
    expect(client.called('testSource')[0]?.[0]).toMatchObject({ id: 'new1', token: 's3cret' });
  });

  it('set-paused and update-settings validate their input', async () => {
    const { handlers, services } = setup();
    expect(await invokeHandler(handlers, 'herald:set-paused', [1])).toMatchObject({ ok: false });
    expect(await invokeHandler(handlers, 'herald:set-paused', [true])).toEqual({ ok: true, value: undefined });
    expect(services.paused.get()).toBe(true);
    expect(await invokeHandler(handlers, 'herald:update-settings', [{ transport: 'carrier-pigeon' }])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r = await invokeHandler(handlers, 'herald:update-settings', [{ quietHours: { enabled: true } }]);
    expect(r).toMatchObject({ ok: true, value: { quietHours: { enabled: true, start: '22:00', end: '07:00' } } });
  });
});
