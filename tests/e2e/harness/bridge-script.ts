/**
 * `window.herald` for the browser harness, defined exactly like the preload's (src/preload/bridge.ts): each method
 * invokes its channel from BRIDGE_INVOKE and resolves to an IpcResult (never rejects); `onX` listeners come from
 * BRIDGE_EVENTS; events arrive as one BatchedEvent[] per batch and are dispatched in order.
 *
 * Delivery is shaped like Electron's IPC, not like a debugger's. Electron moves a message as bytes over Mojo; the
 * renderer decodes it (a structured clone) and calls the listeners in one task per message. Here each batch is one
 * line of JSON text in a stream from the page's own origin (EVENTS_PATH on the static server: bytes over Mojo from
 * the network service); the page cuts the bytes it reads into lines and posts each line through a MessageChannel,
 * so each batch is parsed and dispatched in a task of its own. The bridge's requests wait until the stream is open,
 * so nothing main sends after the window asks for its snapshot can be missed; a batch sent while no page listens is
 * dropped, as Electron drops one sent to a reloading window. Invoke answers come back through a Playwright binding
 * as JSON text, parsed where the promise resolves, as Electron decodes an `invoke` reply.
 * Measured alternatives, for the record: handing the objects to Playwright's `evaluate` cost 60–120 ms of native
 * protocol decoding per 2 000-item batch; a string through `evaluate` still 30–50 ms in a task of the page's own;
 * an EventSource parses a whole received chunk (several batches, megabytes) and dispatches them all in one task.
 *
 * The script is plain JavaScript text (not a serialised TS function) so no test transform can slip helpers into it.
 */
import { BRIDGE_EVENTS, BRIDGE_INVOKE, BRIDGE_NAME } from '../../../src/shared/ipc-contract';

/** The Playwright binding that runs main's handler: `(channel, args) => IpcResult` as JSON text. */
export const INVOKE_BINDING = '__heraldInvoke';
/** The static server's stream of event batches: one line of JSON text per batch. */
export const EVENTS_PATH = '/__herald-events';

export function bridgeInitScript(): string {
  const arg = { name: BRIDGE_NAME, invoke: BRIDGE_INVOKE, events: BRIDGE_EVENTS, binding: INVOKE_BINDING, stream: EVENTS_PATH };
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
  // One task per batch: reading only cuts lines; each line is parsed and dispatched in its channel message's task.
  const lines = new MessageChannel();
  lines.port1.onmessage = (e) => dispatch(JSON.parse(e.data));
  const read = async (body) => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      rest += decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = rest.indexOf('\\n'); nl >= 0; nl = rest.indexOf('\\n', start)) {
        if (nl > start) lines.port2.postMessage(rest.slice(start, nl));
        start = nl + 1;
      }
      rest = rest.slice(start);
    }
  };
  // Requests wait for the stream (bounded: a stream that never opens must not hang the page).
  const open = Promise.race([
    fetch(arg.stream, { cache: 'no-store' }).then((res) => { read(res.body).catch(() => {}); }, () => {}),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  const bridge = {};
  for (const [method, channel] of Object.entries(arg.invoke)) {
    bridge[method] = async (...args) => {
      try {
        await open;
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
