/**
 * `window.herald`: one documented method per operation, built over a minimal IPC surface so it can be tested
 * without Electron. Only these closures cross contextBridge — never ipcRenderer, never an IPC event object.
 * Events arrive on the single BATCH_CHANNEL and are dispatched here, in order, to `onX` listeners.
 * Channel names are written out so TypeScript checks each method's arguments against the contract; a test checks
 * they agree with BRIDGE_INVOKE / BRIDGE_EVENTS (the map the browser harness uses).
 */
import {
  BATCH_CHANNEL,
  type BatchedEvent,
  type EventChannel,
  type EventChannels,
  type HeraldBridge,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
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
  const invoke = async <C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>> => {
    try {
      return (await ipc.invoke(channel, ...args)) as IpcResult<InvokeResult<C>>;
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  };

  return {
    /** Everything the window needs to draw itself at start or after a reload. */
    getSnapshot: () => invoke('herald:get-snapshot'),
    /** An item's comments: the server's, live ones, and pending ones of ours. */
    getComments: (itemKey) => invoke('herald:get-comments', itemKey),
    /** Older items, a page after the cursor (the snapshot carries only the newest). */
    getItems: (after, limit) => invoke('herald:get-items', after, limit),
    /** Queue an action (read, like, comment…) in the outbox; works offline. */
    act: (sourceId, action) => invoke('herald:act', sourceId, action),
    /** Pause or resume native notifications. */
    setPaused: (paused) => invoke('herald:set-paused', paused),
    /** Change settings other than sources. */
    updateSettings: (patch) => invoke('herald:update-settings', patch),
    /** Add or edit a source; token/password are write-only (undefined keeps, '' removes). */
    saveSource: (source) => invoke('herald:save-source', source),
    /** Remove a source and its items. */
    removeSource: (sourceId) => invoke('herald:remove-source', sourceId),
    /** Try a source without saving it, step by step. */
    testSource: (source) => invoke('herald:test-source', source),
    /** Open an http(s) link in the system browser (main checks the URL). */
    openExternal: (url) => invoke('herald:open-external', url),
    /** Outbox entries, for the "waiting to sync" list. */
    listOutbox: () => invoke('herald:outbox-list'),
    /** Send a failed outbox entry again. */
    retryOutbox: (key) => invoke('herald:outbox-retry', key),
    /** Drop an outbox entry (its optimistic change is undone). */
    discardOutbox: (key) => invoke('herald:outbox-discard', key),
    /** Tell main whether the window is visible (polling slows while hidden). */
    setVisible: (visible) => invoke('herald:set-visible', visible),
    /** Restart into the downloaded update, when the user asks. */
    installUpdate: () => invoke('herald:install-update'),

    onInboxChanged: (cb) => on('herald:inbox-changed', cb),
    onConnectionChanged: (cb) => on('herald:connection-changed', cb),
    onOutboxChanged: (cb) => on('herald:outbox-changed', cb),
    onPausedChanged: (cb) => on('herald:paused-changed', cb),
    onSettingsChanged: (cb) => on('herald:settings-changed', cb),
    onFocusItem: (cb) => on('herald:focus-item', cb),
    onNotice: (cb) => on('herald:notice', cb),
    onUpdateReady: (cb) => on('herald:update-ready', cb),
  };
}
