import { pathToFileURL } from 'node:url';
import { INVOKE_CHANNELS, type BatchedEvent } from '../../../src/shared/ipc-contract';
import type { InvokeHandlers } from '../../../src/main/ipc/handlers';
import { isTrustedSenderUrl } from '../../../src/main/ipc/sender-policy';
import { APP_ENTRY_URL } from '../../../src/main/app-origin';

import { calls, fake, resetElectron } from '../../support/electron-fake.mjs';

vi.mock('electron', () => import('../../support/electron-fake.mjs'));
const { registerIpcHandlers, createBatchSender } = await import('../../../src/main/ipc/ipc-main');

const page = {};
const handler = (channel: string) => fake.ipcHandlers.get(channel)!;
const OURS = APP_ENTRY_URL;
const frame = (url: string | null) => ({ senderFrame: url === null ? null : { url }, sender: {} });

describe('typed ipcMain', () => {
  let ran: unknown[][];
  let registration: { dispose(): void };
  beforeEach(() => {
    ran = [];
    resetElectron();
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((c) => [c, async (...args: unknown[]) => {
        ran.push([c, ...args]);
        if (c === 'herald:open-external') throw Object.assign(new Error('nope'), {});
        return 'done';
      }]),
    ) as unknown as InvokeHandlers;
    registration = registerIpcHandlers(handlers, { page });
  });
  afterEach(() => registration.dispose());

  it('handles every InvokeChannel of the contract', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('accepts our own page (query and hash allowed) and wraps results as IpcResult', async () => {
    const h = handler('herald:set-paused');
    expect(await h(frame(`${OURS}#/settings`), true)).toEqual({ ok: true, value: 'done' });
    expect(ran).toEqual([['herald:set-paused', true]]);
    // A thrown error crosses as data.
    expect(await handler('herald:open-external')(frame(OURS), 'x')).toEqual({ ok: false, error: { code: 'internal', message: 'nope' } });
  });

  it('refuses a foreign frame with "forbidden" before the handler runs', async () => {
    const h = handler('herald:act');
    const foreign = [
      'https://evil.example/',
      // file:// is never ours any more, not even the bundle's own index.html: 'self' there meant the whole disk.
      pathToFileURL('/opt/Herald/resources/app/out/renderer/index.html').href,
      'file:///tmp/evil/index.html',
      'app://evil/index.html',
      'app://herald.evil.example/index.html',
      'app://herald:8080/index.html',
      'app://user:pw@herald/index.html',
      'about:blank',
      'data:text/html,x',
      null,
    ];
    for (const url of foreign) {
      expect(await h(frame(url), 'demo', { type: 'like', itemId: 'i' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(ran).toEqual([]);
  });

  it('removes its handlers when disposed', () => {
    registration.dispose();
    expect(calls('ipcMain.removeHandler').map((r) => r.channel).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });
});

describe('sender policy', () => {
  it('trusts the dev server origin only when one is configured', () => {
    const dev = { devServerUrl: 'http://localhost:5173/' };
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', page)).toBe(false);
    expect(isTrustedSenderUrl('not a url', dev)).toBe(false);
  });
});

describe('batch sender', () => {
  it('skips destroyed webContents and keeps sending to live ones', () => {
    const sent: unknown[][] = [];
    const live = { isDestroyed: () => false, send: (...a: unknown[]) => void sent.push(['live', ...a]) };
    const dead = { isDestroyed: () => true, send: () => { throw new Error('Object has been destroyed'); } };
    const flaky = { isDestroyed: () => false, send: () => { throw new Error('Render frame was disposed'); } };
    const send = createBatchSender(() => [dead, null, flaky, live] as never);
    const batch: BatchedEvent[] = [{ channel: 'herald:paused-changed', payload: true }];
    send(batch);
    expect(sent).toEqual([['live', 'herald:batch', batch]]);
  });
});
