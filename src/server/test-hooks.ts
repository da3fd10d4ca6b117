/**
 * Test hooks (docs/PROTOCOL.md "Test hooks"; only with `testHooks: true`): the server misbehaves on purpose so the
 * client's failure handling can be tested against real sockets.
 */
import type { ActionFault } from './actions';
import { HttpError } from './http-util';
import type { PollFault } from './poll';
import type { SseFault } from './sse';

export interface FaultRequest {
  sse?: SseFault;
  poll?: PollFault;
  actions?: ActionFault | null;
}

const SSE_FAULTS: readonly SseFault[] = ['ok', '404', 'buffer', 'stall'];
const POLL_FAULTS: readonly PollFault[] = ['ok', 'stall', '500'];

function bad(message: string): HttpError {
  return new HttpError(400, 'bad_request', message);
}

/** Validate a POST /_test/faults body; nothing is changed unless all of it is valid. */
export function parseFaults(body: unknown): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('faults must be a JSON object');
  const v = body as Record<string, unknown>;
  const out: FaultRequest = {};
  for (const k of Object.keys(v)) if (k !== 'sse' && k !== 'poll' && k !== 'actions') throw bad(`unknown fault ${JSON.stringify(k)}`);
  if (v.sse !== undefined) {
    if (!(SSE_FAULTS as readonly unknown[]).includes(v.sse)) throw bad(`sse must be one of ${SSE_FAULTS.join(', ')}`);
    out.sse = v.sse as SseFault;
  }
  if (v.poll !== undefined) {
    if (!(POLL_FAULTS as readonly unknown[]).includes(v.poll)) throw bad(`poll must be one of ${POLL_FAULTS.join(', ')}`);
    out.poll = v.poll as PollFault;
  }
  if (v.actions !== undefined) {
    if (v.actions === null || v.actions === 'ok') {
      out.actions = null;
    } else {
      if (typeof v.actions !== 'object' || Array.isArray(v.actions)) throw bad('actions must be an object { status, count, retryAfter?, code?, message? } or "ok"');
      const a = v.actions as Record<string, unknown>;
      const isInt = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
      if (!isInt(a.status, 400, 599)) throw bad('actions.status must be an HTTP error status (400-599)');
      if (!isInt(a.count, 0, 1_000_000)) throw bad('actions.count must be a non-negative integer');
      if (a.retryAfter !== undefined && !isInt(a.retryAfter, 0, 86_400)) throw bad('actions.retryAfter must be whole seconds');
      if (a.code !== undefined && typeof a.code !== 'string') throw bad('actions.code must be a string');
      if (a.message !== undefined && typeof a.message !== 'string') throw bad('actions.message must be a string');
      const fault: ActionFault = { status: a.status, count: a.count };
      if (a.retryAfter !== undefined) fault.retryAfter = a.retryAfter;
      if (typeof a.code === 'string') fault.code = a.code;
      if (typeof a.message === 'string') fault.message = a.message;
      out.actions = fault;
    }
  }
  return out;
}
