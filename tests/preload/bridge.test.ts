import { BATCH_CHANNEL, BRIDGE_EVENTS, BRIDGE_INVOKE, BRIDGE_NAME, type HeraldBridge } from '../../src/shared/ipc-contract';

import { calls, fake, ipcRenderer } from '../support/electron-fake.mjs';

vi.mock('electron', () => import('../support/electron-fake.mjs'));
fake.rendererInvoke = (channel) => ({ ok: true, value: channel });

await import('../../src/preload/index');
const exposed = () => calls('contextBridge.exposeInMainWorld');
const invokes = () => calls('ipcRenderer.invoke').map((r) => r.args as unknown[]);
const { name, api: bridge } = exposed()[0] as unknown as { name: string; api: HeraldBridge & Record<string, unknown> };
const fire = (batch: unknown) => ipcRenderer.listeners.get(BATCH_CHANNEL)?.({ sender: 'ipc-event' }, batch);

describe('preload bridge (window.herald)', () => {
  it('exposes exactly the HeraldBridge methods under BRIDGE_NAME, and no ipcRenderer', () => {
    expect(exposed()).toHaveLength(1);
    expect(name).toBe(BRIDGE_NAME);
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(BRIDGE_INVOKE), ...Object.keys(BRIDGE_EVENTS)].sort());
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function');
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|send|invoke/i);
  });

  it('each request method invokes the channel BRIDGE_INVOKE names, with its arguments', async () => {
    for (const [method, channel] of Object.entries(BRIDGE_INVOKE)) {
      const before = invokes().length;
      const r = await (bridge[method] as (...a: unknown[]) => Promise<unknown>)('a1', 'a2');
      expect(invokes().slice(before).map((args) => args[0])).toEqual([channel]);
      expect(r).toEqual({ ok: true, value: channel });
    }
    await bridge.act('demo', { type: 'like', itemId: 'i1' });
    expect(invokes().at(-1)).toEqual(['herald:act', 'demo', { type: 'like', itemId: 'i1' }]);
  });

  it('a failing invoke resolves to error data instead of rejecting', async () => {
    const { createBridge } = await import('../../src/preload/bridge');
    const b = createBridge({ invoke: async () => Promise.reject(new Error("No handler registered for 'herald:act'")), on: () => {} });
    expect(await b.getSnapshot()).toEqual({ ok: false, error: { code: 'internal', message: "No handler registered for 'herald:act'" } });
  });

  it('dispatches one batch to the onX listeners of BRIDGE_EVENTS, in order, with payloads only', () => {
    const seen: unknown[] = [];
    const offs = Object.entries(BRIDGE_EVENTS).map(([method, channel]) =>
      (bridge[method] as (cb: (p: unknown) => void) => () => void)((p) => seen.push([channel, p])),
    );
    fire([
      { channel: 'herald:paused-changed', payload: true },
      { channel: 'herald:focus-item', payload: 'demo/i1' },
      { channel: 'herald:inbox-changed', payload: { changes: [], unread: 2 } },
    ]);
    expect(seen).toEqual([
      ['herald:paused-changed', true],
      ['herald:focus-item', 'demo/i1'],
      ['herald:inbox-changed', { changes: [], unread: 2 }],
    ]);
    for (const off of offs) off();
    fire([{ channel: 'herald:paused-changed', payload: false }]);
    expect(seen).toHaveLength(3);
  });

  it('a throwing listener does not stop the others', () => {
    const seen: string[] = [];
    const a = bridge.onFocusItem(() => {
      throw new Error('bug');
    });
    const b = bridge.onFocusItem((k) => seen.push(k));
    fire([{ channel: 'herald:focus-item', payload: 'demo/i9' }]);
    fire('not a batch');
    expect(seen).toEqual(['demo/i9']);
    a();
    b();
  });
});
