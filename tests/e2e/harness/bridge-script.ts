/**
 * `window.herald` for the browser harness, defined exactly like the preload's (src/preload/bridge.ts): each method
 * invokes its channel from BRIDGE_INVOKE and resolves to an IpcResult (never rejects); `onX` listeners come from
 * BRIDGE_EVENTS; events arrive as one BatchedEvent[] per batch and are dispatched in order.
 *
 * The script is plain JavaScript text (not a serialised TS function) so no test transform can slip helpers into it.
 */
import { BRIDGE_EVENTS, BRIDGE_INVOKE, BRIDGE_NAME } from '../../../src/shared/ipc-contract';

/** The Playwright binding that runs main's handler: `(channel, args) => IpcResult`. */
export const INVOKE_BINDING = '__heraldInvoke';
/** The page function the harness calls with each batch of events. */
export const DISPATCHER = '__heraldDispatch';

export function bridgeInitScript(): string {
  const arg = { name: BRIDGE_NAME, invoke: BRIDGE_INVOKE, events: BRIDGE_EVENTS, binding: INVOKE_BINDING, dispatcher: DISPATCHER };
  return `(() => {
  const arg = ${JSON.stringify(arg)};
  const listeners = new Map();
  const dispatch = (batch) => {
    if (!Array.isArray(batch)) return;
    for (const e of batch) {
      for (const cb of [...(listeners.get(e.channel) || [])]) {
        // One listener's bug must not starve the others of the rest of the batch (as in the preload).
        try { cb(e.payload); } catch (_) {}
      }
    }
  };
  Object.defineProperty(window, arg.dispatcher, { value: dispatch });
  const bridge = {};
  for (const [method, channel] of Object.entries(arg.invoke)) {
    bridge[method] = async (...args) => {
      try {
        return await window[arg.binding](channel, args);
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: err && err.message ? err.message : String(err) } };
      }
    };
  }
  for (const [method, channel] of Object.entries(arg.events)) {
    bridge[method] = (cb) => {
      if (typeof cb !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(cb);
      return () => { set.delete(cb); };
    };
  }
  Object.defineProperty(window, arg.name, { value: Object.freeze(bridge) });
})();`;
}
