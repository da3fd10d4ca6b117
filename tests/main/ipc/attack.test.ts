/**
 * A compromised renderer against the REAL handlers: real SettingsService, real connection core, real opener with its
 * rate limit, real HTTP servers on 127.0.0.1 that record what reaches them. Every channel gets hostile and oversized
 * arguments. What must hold: no secret leaves for another address, no request goes to a path the user did not
 * configure, no body text comes back, concurrency stays bounded, errors stay short data, nothing changes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHeraldClient } from '../../../src/core/client';
import { silentLogger } from '../../../src/core/base/log';
import { MemoryStore } from '../../../src/core/store';
import { createInvokeHandlers, invokeHandler, type InvokeHandlers } from '../../../src/main/ipc/handlers';
import { createExternalOpener } from '../../../src/main/external-url';
import { createPausedState } from '../../../src/main/paused-state';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { ERROR_CODES } from '../../../src/shared/connection-state';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../src/shared/ipc-contract';
import { createSafeStorageCipher } from '../../../src/main/settings/safe-storage-cipher';
import { generateHeraldKey } from '../../../src/core/e2e/index';
import { clipboard } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));

interface Recorder {
  url: string;
  requests: Array<{ path: string; authorization: string | undefined }>;
  server: Server;
}
const servers: Server[] = [];

async function recorder(answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.writeHead(500).end('INTERNAL-BODY secret=42')): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    answer(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function app() {
  const settings = new SettingsService({ store: new MemoryStore(), cipher: createSafeStorageCipher(), newId: () => 'new1' });
  const client = createHeraldClient({ sources: [], store: new MemoryStore(), inboxStore: null, logger: silentLogger });
  const opened: string[] = [];
  const handlers = createInvokeHandlers({
    client,
    settings,
    paused: createPausedState(silentLogger),
    openExternal: createExternalOpener({ open: async (url) => void opened.push(url) }),
    notices: () => [],
    systemLanguage: () => 'en-US',
    writeClipboard: (text) => clipboard.writeText(text),
  });
  const call = (channel: InvokeChannel, ...args: unknown[]) => invokeHandler(handlers as InvokeHandlers, channel, args);
  return { settings, client, opened, call };
}

const HUGE = 'A'.repeat(5 * 1024 * 1024);
const nested = (depth: number): unknown => (depth === 0 ? {} : { a: nested(depth - 1) });
const polluted = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
const GENERIC: unknown[] = [undefined, null, 0, -1, NaN, true, '', HUGE, [], [HUGE], {}, polluted, nested(2000), { toString: 'x' }];

/** Per channel, argument lists that must all be refused. */
const HOSTILE: Record<InvokeChannel, unknown[][]> = {
  'herald:get-snapshot': [[1], [HUGE]],
  'herald:install-update': [[1], [HUGE]],
  'herald:get-items': [...GENERIC.map((g) => [g, 10]), [{ key: 's/1', time: 't' }, 0], [{ key: 's/1', time: 't' }, 1e9], [{ key: HUGE, time: 't' }, 10], [{ key: 's/1', time: HUGE }, 10]],
  'herald:get-comments': [...GENERIC.map((g) => [g]), ['no-slash'], [`x/${HUGE}`]],
  'herald:act': [
    ...GENERIC.map((g) => ['demo', g]),
    ...GENERIC.map((g) => [g, { type: 'like', itemId: '1' }]),
    ['nope', { type: 'like', itemId: '1' }],
    [HUGE, { type: 'comment', itemId: '1', body: HUGE }],
  ],
  'herald:set-paused': GENERIC.filter((g) => typeof g !== 'boolean').map((g) => [g]),
  'herald:update-settings': [...GENERIC.filter((g) => typeof g !== 'object' || g === null || Array.isArray(g)).map((g) => [g]), [{ language: HUGE }], [{ sources: [] }], [{ quietHours: { start: HUGE } }], [{ sound: 'yes' }], [polluted]],
  'herald:save-source': [
    ...GENERIC.map((g) => [g]),
    [{ kind: 'herald', url: `http://127.0.0.1/${HUGE}` }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1/?a=1' }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1/#x' }],
    [{ kind: 'herald', url: 'file:///etc/passwd' }],
    [{ kind: 'herald', url: 'http://u:p@127.0.0.1/' }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1', token: 'a\r\nX-Injected: 1' }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1', token: HUGE }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1', label: HUGE }],
    [{ kind: 'ntfy', url: 'http://127.0.0.1:1', channels: [HUGE] }],
    [{ kind: 'ntfy', url: 'http://127.0.0.1:1', channels: Array.from({ length: 10_000 }, (_, i) => `c${i}`) }],
    [{ kind: 'herald', url: 'http://127.0.0.1:1', id: '../../etc' }],
  ],
  'herald:remove-source': [...GENERIC.map((g) => [g]), ['missing']],
  'herald:add-source-key': [...GENERIC.map((g) => ['missing', g]), ...GENERIC.map((g) => [g, generateHeraldKey()]), ['missing', generateHeraldKey()]],
  'herald:generate-source-key': [...GENERIC.map((g) => [g]), ['missing'], ['../../etc']],
  'herald:remove-source-key': [...GENERIC.map((g) => ['missing', g]), ...GENERIC.map((g) => [g, 0]), ['missing', 0]],
  'herald:copy-source-key': [...GENERIC.map((g) => ['missing', g]), ...GENERIC.map((g) => [g, 0]), ['missing', 0]],
  'herald:test-source': [
    ...GENERIC.map((g) => [g]),
    [{ kind: 'herald', url: 'http://127.0.0.1:1/?redirect=/admin' }],
    [{ kind: 'herald', url: `http://127.0.0.1/${HUGE}` }],
  ],
  'herald:open-external': [...GENERIC.map((g) => [g]), ['javascript:alert(1)'], ['file:///etc/passwd'], ['https://bank.example@evil.example/'], [`https://example.com/${HUGE}`], ['ms-msdt:/id PCWDiagnostic']],
  'herald:list-outbox': [[1]],
  // A long message is cut, not refused (tests/main/ipc/renderer-log.test.ts); a wrong level or a non-string is refused.
  'herald:log': [...GENERIC.map((g) => [g, 'x']), ...GENERIC.filter((g) => typeof g !== 'string').map((g) => ['info', g]), ['fatal', 'x']],
  'herald:retry-outbox': [...GENERIC.filter((g) => typeof g !== 'string' || g === '' || g === HUGE).map((g) => [g])],
  'herald:discard-outbox': [...GENERIC.filter((g) => typeof g !== 'string' || g === '' || g === HUGE).map((g) => [g])],
  'herald:preview-diagnostics': GENERIC.filter((g) => typeof g !== 'boolean').map((g) => [g]),
  'herald:copy-diagnostics': [[1], [HUGE]],
  'herald:save-diagnostics': [[1], [HUGE]],
  'herald:open-logs-folder': [[1], [HUGE]],
  // The window can hand main no file and no path: these take no argument at all (a file comes from main's dialog).
  'herald:export-settings': [[1], [HUGE], ['/etc/passwd']],
  'herald:preview-settings-import': [[1], [HUGE], ['/etc/passwd'], [{ format: 'herald-settings' }]],
  'herald:apply-settings-import': [[1], [HUGE], [polluted]],
  'herald:why-notified': [...GENERIC.map((g) => [g]), ['no-slash'], [`x/${HUGE}`]],
  'herald:preview-rules': [
    // An empty list is a valid rules list (the preview of no rules); everything else here is not a list of rules.
    ...GENERIC.filter((g) => !(Array.isArray(g) && g.length === 0)).map((g) => [g]),
    [[{ id: 'r1', name: HUGE, scope: { kind: 'global' }, match: {}, actions: {}, continue: false }]],
    [[{ id: 'r1', name: 'x', scope: { kind: 'global' }, match: { title: { kind: 'regex', pattern: '(a+)+$' } }, actions: {}, continue: false }]],
    [Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, name: 'x', scope: { kind: 'global' }, match: {}, actions: {}, continue: true }))],
  ],
};

describe('IPC attack suite: a compromised renderer against the real handlers', () => {
  it('every channel refuses hostile and oversized arguments with short coded errors, and nothing changes', async () => {
    const { call, settings, client, opened } = app();
    const before = JSON.stringify(settings.get());
    expect(Object.keys(HOSTILE).sort()).toEqual([...INVOKE_CHANNELS].sort());
    let refused = 0;
    for (const channel of INVOKE_CHANNELS) {
      for (const args of HOSTILE[channel]) {
        const result = await call(channel, ...args);
        const what = `${channel}(${JSON.stringify(args).slice(0, 80)})`;
        expect(result.ok, what).toBe(false);
        if (result.ok) continue;
        expect(ERROR_CODES, what).toContain(result.error.code);
        expect(result.error.code, what).not.toBe('internal');
        expect(result.error.message.length, what).toBeLessThan(300);
        expect(result.error.message, what).not.toContain('AAAAAAAAAA');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(150);
    expect(JSON.stringify(settings.get())).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(opened).toEqual([]);
    expect(client.outboxEntries()).toEqual([]);
  });

  it('a saved token never leaves for another address, whatever the page sends', async () => {
    const home = await recorder();
    const evil = await recorder();
    const { call } = app();
    const saved = await call('herald:save-source', { kind: 'herald', url: home.url, token: 'T0K-home' });
    expect(saved.ok).toBe(true);
    const moves = [
      { id: 'new1', kind: 'herald', url: evil.url },
      { id: 'new1', kind: 'herald', url: `${evil.url}/` },
      { id: 'new1', kind: 'ntfy', url: home.url, channels: ['t'] },
      { id: 'new1', kind: 'herald', url: home.url.replace('127.0.0.1', 'localhost') },
    ];
    for (const move of moves) {
      for (const channel of ['herald:test-source', 'herald:save-source'] as const) {
        const result = await call(channel, move);
        expect(result, `${channel} ${move.url}`).toMatchObject({ ok: false, error: { code: 'credentials_address_changed' } });
      }
    }
    // The legitimate test still reaches home with the token.
    await call('herald:test-source', { id: 'new1', kind: 'herald', url: home.url });
    expect(home.requests.some((r) => r.authorization === 'Bearer T0K-home')).toBe(true);
    expect(evil.requests).toEqual([]);
  });

  it('a renderer cannot read an end-to-end key through any operation; key operations check their arguments', async () => {
    const { call, settings } = app();
    await call('herald:save-source', { kind: 'herald', url: 'http://127.0.0.1:1' });
    expect(await call('herald:save-source', { id: 'ntfy1', kind: 'ntfy', url: 'http://127.0.0.1:1', channels: ['t'], e2ePassword: 'ntfy-topic-pw' })).toMatchObject({ ok: true });
    const pasted = generateHeraldKey();
    const answers: unknown[] = [await call('herald:add-source-key', 'new1', pasted), await call('herald:generate-source-key', 'new1')];
    const keys = settings.sourceConfigs().flatMap((s) => s.e2eKeys ?? []);
    expect(keys).toHaveLength(3);
    // Every operation, with the arguments a curious page would try.
    const probes: Record<InvokeChannel, unknown[][]> = { ...HOSTILE };
    Object.assign(probes, {
      'herald:get-snapshot': [[]],
      'herald:update-settings': [[{}]],
      'herald:save-source': [[{ id: 'new1', kind: 'herald', url: 'http://127.0.0.1:1' }]],
      'herald:test-source': [[{ id: 'new1', kind: 'herald', url: 'http://127.0.0.1:1' }]],
      'herald:diagnostics-preview': [[false], [true]],
      'herald:copy-source-key': [['new1', 0], ['new1', 1], ['new1', 2], ['new1', -1], ['new1', '0']],
      'herald:remove-source-key': [['new1', 5]],
      'herald:add-source-key': [['new1', pasted], ['new1', `${pasted.slice(0, -2)}xx`]],
    });
    for (const channel of INVOKE_CHANNELS) for (const args of probes[channel]) answers.push(await call(channel, ...args));
    const seen = JSON.stringify(answers);
    for (const key of keys) expect(seen).not.toContain(key);
    expect(seen).not.toContain('hk1.');
    expect(settings.get().sources.map((s) => s.e2eKeyCount)).toEqual([2, 1]);
    // "Copy key" answers nothing but puts the key on the OS clipboard, from main.
    expect(await call('herald:copy-source-key', 'new1', 1)).toEqual({ ok: true, value: undefined });
    expect(clipboard.readText()).toBe(pasted);
  });

  it('test-source goes only to the kind\'s own paths and returns no body text', async () => {
    const target = await recorder();
    const { call } = app();
    for (const url of [`${target.url}/?x=/admin`, `${target.url}/#/admin`, `${target.url}/admin?`]) {
      expect(await call('herald:test-source', { kind: 'herald', url })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(target.requests).toEqual([]);
    const result = await call('herald:test-source', { kind: 'herald', url: target.url });
    expect(result).toMatchObject({ ok: true, value: { ok: false, error: { code: 'server' } } });
    expect(JSON.stringify(result)).not.toMatch(/INTERNAL|secret=42/);
    expect(target.requests.map((r) => r.path)).toEqual(['/events']);
  });

  it('200 parallel tests hold one socket: the others are told "busy"', async () => {
    const held: ServerResponse[] = [];
    const target = await recorder((_req, res) => void held.push(res));
    const { call } = app();
    const calls = Array.from({ length: 200 }, () => call('herald:test-source', { kind: 'herald', url: target.url }));
    const others = await Promise.all(calls.slice(1));
    expect(others.filter((r) => !r.ok && r.error.code === 'busy')).toHaveLength(199);
    await vi.waitFor(() => expect(held.length).toBe(1), { timeout: 5000 });
    held[0]!.writeHead(503).end();
    expect(await calls[0]).toMatchObject({ ok: true, value: { ok: false, error: { code: 'server' } } });
    expect(target.requests).toHaveLength(1);
    // Once it is done, the next test may run.
    const again = call('herald:test-source', { kind: 'herald', url: target.url });
    await vi.waitFor(() => expect(held.length).toBe(2), { timeout: 5000 });
    held[1]!.writeHead(503).end();
    expect((await again).ok).toBe(true);
  });

  it('open-external in a loop opens at most 3 links', async () => {
    const { call, opened } = app();
    const results = [];
    for (let i = 0; i < 50; i++) results.push(await call('herald:open-external', `https://example.com/${i}`));
    expect(opened).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(47);
  });
});
