/**
 * A fake `send` for outbox unit tests: it behaves like the reference server's POST /actions (keys are kept, a key
 * seen again applies nothing), and lets a test either answer every call at once (`respond`) or hold calls and answer
 * them one by one (`hold`), to see what is in flight at each moment.
 */
import type { ActionResponse } from '../../../src/core/source';
import type { OutboxEntry } from '../../../src/shared/outbox';

export interface HeldCall {
  entry: OutboxEntry;
  signal: AbortSignal;
  answer(response?: ActionResponse): void;
  fail(error: unknown): void;
}

export type Responder = (entry: OutboxEntry, attempt: number) => ActionResponse | Error | 'hold';

export const OK: ActionResponse = { ok: true, status: 200, body: { ok: true, result: {} } };

export function status(code: number, errorCode = 'x', message = 'refused', retryAfter?: number): ActionResponse {
  const r: ActionResponse = { ok: false, status: code, body: { error: { code: errorCode, message } } };
  if (retryAfter !== undefined) r.retryAfter = retryAfter;
  return r;
}

export class FakeSend {
  /** Keys in the order the "server" applied them (once each). */
  readonly applied: OutboxEntry[] = [];
  /** Requests per key. */
  readonly received = new Map<string, number>();
  readonly held: HeldCall[] = [];
  /** Most calls in flight at once. */
  maxInFlight = 0;
  #inFlight = 0;
  #responder: Responder = () => OK;

  respond(responder: Responder): this {
    this.#responder = responder;
    return this;
  }

  hold(): this {
    this.#responder = () => 'hold';
    return this;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Answer the oldest held call (or the one at `index`). */
  answer(index = 0, response: ActionResponse = OK): OutboxEntry {
    const call = this.held.splice(index, 1)[0];
    if (!call) throw new Error(`no held call at ${index}`);
    call.answer(response);
    return call.entry;
  }

  readonly send = (entry: OutboxEntry, signal: AbortSignal): Promise<ActionResponse> => {
    const attempt = (this.received.get(entry.key) ?? 0) + 1;
    this.received.set(entry.key, attempt);
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    const done = (): void => {
      this.#inFlight--;
    };
    const apply = (response: ActionResponse): ActionResponse => {
      if (response.ok && !this.applied.some((e) => e.key === entry.key)) this.applied.push(entry);
      return response;
    };
    const verdict = this.#responder(entry, attempt);
    if (verdict !== 'hold') {
      done();
      return verdict instanceof Error ? Promise.reject(verdict) : Promise.resolve(apply(verdict));
    }
    return new Promise<ActionResponse>((resolve, reject) => {
      this.held.push({
        entry,
        signal,
        answer: (response = OK) => {
          done();
          resolve(apply(response));
        },
        fail: (error) => {
          done();
          reject(error);
        },
      });
    });
  };
}

/**
 * Let settled promises run their callbacks: the outbox settles a few microtasks after a send resolves. One turn of
 * the event loop drains every queued microtask first; no time passes on the outbox's (manual) clock.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
