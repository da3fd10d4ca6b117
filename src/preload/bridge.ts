/**
 * `window.herald`: one documented method per operation, built over a minimal IPC surface so it can be tested
 * without Electron. Only these closures cross contextBridge — never ipcRenderer, never an IPC event object.
 * Events arrive on the single BATCH_CHANNEL and are dispatched here, in order, to `onX` listeners.
 * Channels come from BRIDGE_INVOKE / BRIDGE_EVENTS (the contract's maps, typed per method, which the browser
 * harness uses too), so TypeScript checks each method's arguments and results against the contract.
 */
import {
  BATCH_CHANNEL,
  BRIDGE_EVENTS,
  BRIDGE_INVOKE,
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
    getSnapshot: () => invoke(BRIDGE_INVOKE.getSnapshot),
    /** An item's comments: the server's, live ones, and pending ones of ours. */
    getComments: (itemKey) => invoke(BRIDGE_INVOKE.getComments, itemKey),
    /** Older items, a page after the cursor (the snapshot carries only the newest). */
    getItems: (after, limit) => invoke(BRIDGE_INVOKE.getItems, after, limit),
    /** Queue an action (read, like, comment…) in the outbox; works offline. */
    act: (sourceId, action) => invoke(BRIDGE_INVOKE.act, sourceId, action),
    /** Pause or resume native notifications. */
    setPaused: (paused) => invoke(BRIDGE_INVOKE.setPaused, paused),
    /** Change settings other than sources. */
    updateSettings: (patch) => invoke(BRIDGE_INVOKE.updateSettings, patch),
    /** Add or edit a source; token/password are write-only (undefined keeps, '' removes). */
    saveSource: (source) => invoke(BRIDGE_INVOKE.saveSource, source),
    /** Remove a source and its items. */
    removeSource: (sourceId) => invoke(BRIDGE_INVOKE.removeSource, sourceId),
    /** Save a pasted end-to-end key for a Herald/Nchan source (write-only: it never comes back). */
    addSourceKey: (sourceId, key) => invoke(BRIDGE_INVOKE.addSourceKey, sourceId, key),
    /** Main makes a new key and saves it; the window never receives it. */
    generateSourceKey: (sourceId) => invoke(BRIDGE_INVOKE.generateSourceKey, sourceId),
    /** Remove a saved key (by its place in the list, newest first). */
    removeSourceKey: (sourceId, index) => invoke(BRIDGE_INVOKE.removeSourceKey, sourceId, index),
    /** Main puts a saved key on the clipboard, to share it out of band. */
    copySourceKey: (sourceId, index) => invoke(BRIDGE_INVOKE.copySourceKey, sourceId, index),
    /** Try a source without saving it, step by step. */
    testSource: (source) => invoke(BRIDGE_INVOKE.testSource, source),
    /** Open an http(s) link in the system browser (main checks the URL). */
    openExternal: (url) => invoke(BRIDGE_INVOKE.openExternal, url),
    /** A line for the app's log file (main checks, cuts, rate-limits and redacts it). */
    log: (level, message) => invoke(BRIDGE_INVOKE.log, level, message),
    /** Outbox entries, for the "waiting to sync" list. */
    listOutbox: () => invoke(BRIDGE_INVOKE.listOutbox),
    /** Send a failed outbox entry again. */
    retryOutbox: (key) => invoke(BRIDGE_INVOKE.retryOutbox, key),
    /** Drop an outbox entry (its optimistic change is undone). */
    discardOutbox: (key) => invoke(BRIDGE_INVOKE.discardOutbox, key),
    /** Restart into the downloaded update, when the user asks. */
    installUpdate: () => invoke(BRIDGE_INVOKE.installUpdate),
    /** Build the diagnostics report for the preview (hosts and topics as placeholders when asked). */
    previewDiagnostics: (placeholders) => invoke(BRIDGE_INVOKE.previewDiagnostics, placeholders),
    /** Copy the report last previewed, as it was shown. */
    copyDiagnostics: () => invoke(BRIDGE_INVOKE.copyDiagnostics),
    /** Save the report last previewed to a file the user picks. */
    saveDiagnostics: () => invoke(BRIDGE_INVOKE.saveDiagnostics),
    /** Show the folder with Herald's log files. */
    openLogsFolder: () => invoke(BRIDGE_INVOKE.openLogsFolder),
    /** Save the settings (no secrets) where the user picks. */
    exportSettings: () => invoke(BRIDGE_INVOKE.exportSettings),
    /** Pick a settings file in main's dialog and hear what importing it would change. */
    previewSettingsImport: () => invoke(BRIDGE_INVOKE.previewSettingsImport),
    /** Apply the file the last preview accepted. */
    applySettingsImport: () => invoke(BRIDGE_INVOKE.applySettingsImport),
    /** Which rules (as edited) the newest items match. */
    previewRules: (rules) => invoke(BRIDGE_INVOKE.previewRules, rules),
    /** What decided whether an item popped up. */
    whyNotified: (itemKey) => invoke(BRIDGE_INVOKE.whyNotified, itemKey),

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
