/**
 * `window.herald` for the browser harness, defined exactly like the preload's (src/preload/bridge.ts): each method
 * invokes its channel from BRIDGE_INVOKE and resolves to an IpcResult (never rejects); `onX` listeners come from
 * BRIDGE_EVENTS; events arrive as one BatchedEvent[] per batch and are dispatched in order.
 *
 * Delivery is shaped like Electron's IPC, not like a debugger's: Electron moves a message as bytes (a structured
 * clone) and the renderer decodes it and calls the listeners in one task of their own. Here the harness hands the
 * page the batch as JSON text (one string through CDP: cheap to carry), the page posts it through a MessageChannel,
 * and that message's task parses and dispatches it. An invoke answer comes back as JSON text too and is parsed
 * where the promise resolves, as Electron decodes an `invoke` reply. Passing the objects themselves to Playwright's
 * `evaluate` instead costs 60–120 ms of native protocol decoding per 2 000-item batch — a cost Electron's IPC
 * does not have, and one that hid the app's own tasks in the renderer bench.
 *
 * The script is plain JavaScript text (not a serialised TS function) so no test transform can slip helpers into it.
 */
import { BRIDGE_EVENTS, BRIDGE_INVOKE, BRIDGE_NAME } from '../../../src/shared/ipc-contract';

/** The Playwright binding that runs main's handler: `(channel, args) => IpcResult` as JSON text. */
export const INVOKE_BINDING = '__heraldInvoke';
/** The page function the harness calls with each batch of events, as JSON text. */
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
  // The harness's CDP call only queues the text; parsing and the listeners run in the channel's own task.
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => dispatch(JSON.parse(e.data));
  Object.defineProperty(window, arg.dispatcher, { value: (text) => channel.port2.postMessage(text) });
  const bridge = {};
  for (const [method, channel] of Object.entries(arg.invoke)) {
    bridge[method] = async (...args) => {
      try {
        const text = await window[arg.binding](channel, args);
        return JSON.parse(text);
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
