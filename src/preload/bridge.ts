/**
 * `window.herald`: one documented method per operation, built over a minimal IPC surface so it can be tested
 * without Electron. Only these closures cross contextBridge — never ipcRenderer, never an IPC event object.
 * Events arrive on the single BATCH_CHANNEL and are dispatched here, in order, to `onX` listeners.
 * The request methods are built by iterating IPC_OPERATIONS (the contract's one map; each method's words are there),
 * each invoking its method's derived channel; the listeners come from BRIDGE_EVENTS. The browser harness uses the
 * same maps, so the two cannot map a method differently.
 */
import {
  BATCH_CHANNEL,
  BRIDGE_EVENTS,
  channelOf,
  IPC_METHODS,
  type BatchedEvent,
  type BridgeRequests,
  type EventChannel,
  type EventChannels,
  type HeraldBridge,
  type IpcResult,
} from '../shared/ipc-contract';

export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: RendererIpc): HeraldBridge {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();

  ipc.on(BATCH_CHANNEL, (_event, batch) => {
    if (!Array.isArray(batch)) return;
    for (const e of batch as BatchedEvent[]) {
      for (const cb of [...(listeners.get(e.channel) ?? [])]) {
        try {
          cb(e.payload as never);
        } catch {
          // One listener's bug must not starve the others of the rest of the batch.
        }
      }
    }
  });

  const on = <C extends EventChannel>(channel: C, cb: (payload: EventChannels[C]) => void): (() => void) => {
    if (typeof cb !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(cb as (payload: never) => void);
    return () => void set.delete(cb as (payload: never) => void);
  };

  /** Requests never reject: a failure of IPC itself comes back as data like any other error. */
  const invoke = async (channel: string, args: unknown[]): Promise<IpcResult<unknown>> => {
    try {
      return (await ipc.invoke(channel, ...args)) as IpcResult<unknown>;
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  };
  // One closure per operation of the contract's map: nothing here to forget when an operation is added.
  const requests = Object.fromEntries(IPC_METHODS.map((method) => [method, (...args: unknown[]) => invoke(channelOf(method), args)])) as unknown as BridgeRequests;

  return {
    ...requests,
    onInboxChanged: (cb) => on(BRIDGE_EVENTS.onInboxChanged, cb),
    onConnectionChanged: (cb) => on(BRIDGE_EVENTS.onConnectionChanged, cb),
    onOutboxChanged: (cb) => on(BRIDGE_EVENTS.onOutboxChanged, cb),
    onPausedChanged: (cb) => on(BRIDGE_EVENTS.onPausedChanged, cb),
    onSettingsChanged: (cb) => on(BRIDGE_EVENTS.onSettingsChanged, cb),
    onFocusItem: (cb) => on(BRIDGE_EVENTS.onFocusItem, cb),
    onNotice: (cb) => on(BRIDGE_EVENTS.onNotice, cb),
    onUpdateReady: (cb) => on(BRIDGE_EVENTS.onUpdateReady, cb),
    onShowSettings: (cb) => on(BRIDGE_EVENTS.onShowSettings, cb),
    onShowItems: (cb) => on(BRIDGE_EVENTS.onShowItems, cb),
  };
}
