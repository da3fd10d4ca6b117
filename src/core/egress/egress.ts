/**
 * The one door for requests Herald makes because a publisher said so — remote images (src/main/remote-image.ts) and
 * a sender's `http` actions (../sender-actions.ts). Each request:
 * - is judged by ./egress-policy.ts (no loopback, private, link-local… address unless the source lives there) and
 *   connects to the address that was judged, never to a fresh DNS answer (a pinned `lookup`);
 * - follows no redirect (node:http never does), sends no cookies, and has a short deadline for the whole exchange;
 * - waits for one of a few slots (at most `maxConcurrent` at once, across all sources; the name lookup runs inside
 *   the slot and the deadline), and is refused when too
 *   many wait or when its source spent its budget (a token bucket per source).
 * The answer is a web Response, so callers read it like fetch's; its slot is freed when the body is read or dropped.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { systemClock, type Clock } from '../base/clock';
import { decideTarget, systemResolver, type Resolver } from './egress-policy';
import type { BlockedRange } from './ip-ranges';

export interface EgressOptions {
  resolve?: Resolver;
  clock?: Clock;
  /** Requests in flight at once, all sources together. Default 4. */
  maxConcurrent?: number;
  /** Requests waiting for a slot; more are refused ('busy'). Default 64. */
  maxWaiting?: number;
  /** Per source: a burst of this many requests, then `perSecond`. Default 30 and 1. */
  burst?: number;
  perSecond?: number;
  /** Deadline for connect, answer and body together, ms. Default 10 000. */
  timeoutMs?: number;
}

export interface EgressRequest {
  /** Whose content asked for it: the rate limit is per source. */
  sourceId: string;
  /** The source's own configured URL: its host is the one exception to the address rules. */
  sourceAddress: string | undefined;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type EgressRefusal = 'bad_url' | 'unresolved' | 'blocked' | 'rate_limited' | 'busy';

/** A request the policy or the limits refused: nothing was sent. */
export class EgressRefused extends Error {
  constructor(
    readonly reason: EgressRefusal,
    readonly range?: BlockedRange,
  ) {
    super(range ? `refused: ${reason} (${range})` : `refused: ${reason}`);
    this.name = 'EgressRefused';
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export class Egress {
  readonly #resolve: Resolver;
  readonly #clock: Clock;
  readonly #max: number;
  readonly #maxWaiting: number;
  readonly #burst: number;
  readonly #perSecond: number;
  readonly #timeoutMs: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: EgressOptions = {}) {
    this.#resolve = options.resolve ?? systemResolver;
    this.#clock = options.clock ?? systemClock;
    this.#max = Math.max(1, options.maxConcurrent ?? 4);
    this.#maxWaiting = Math.max(0, options.maxWaiting ?? 64);
    this.#burst = Math.max(1, options.burst ?? 30);
    this.#perSecond = Math.max(0, options.perSecond ?? 1);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Requests in flight and waiting for a slot now (for the window's diagnostics and the tests). */
  load(): { active: number; waiting: number } {
    return { active: this.#active, waiting: this.#waiting.length };
  }

  /** Send `req` if the rules allow it; throws EgressRefused (nothing sent) or a network error. */
  async fetch(req: EgressRequest): Promise<Response> {
    if (!this.#take(req.sourceId)) throw new EgressRefused('rate_limited');
    // The slot is taken before the name is resolved, and the deadline starts then: a publisher's name whose DNS
    // answer never comes would otherwise hold a resolver thread of main per request, with no limit and no deadline.
    await this.#slot();
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      // A waiting request takes the slot over as it is (#active unchanged); otherwise the slot is free.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    };
    const lookup = decideTarget(req.url, req.sourceAddress, this.#resolve);
    let decision: Awaited<typeof lookup>;
    try {
      decision = await untilAborted(lookup, signal);
    } catch (err) {
      // A lookup cannot be cancelled: its slot stays taken until it returns, so hanging lookups stay few.
      void lookup.then(release, release);
      throw err;
    }
    try {
      if (!decision.ok) throw new EgressRefused(decision.reason, decision.reason === 'blocked' ? decision.range : undefined);
      return await this.#send(req, decision.url, decision.address, decision.family, signal, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Take one token from the source's bucket (refilled at `perSecond`, up to `burst`). */
  #take(sourceId: string): boolean {
    const now = this.#clock.now();
    const b = this.#buckets.get(sourceId) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + ((now - b.at) / 1000) * this.#perSecond);
    b.at = now;
    this.#buckets.set(sourceId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  async #slot(): Promise<void> {
    if (this.#active < this.#max) {
      this.#active++;
      return;
    }
    if (this.#waiting.length >= this.#maxWaiting) throw new EgressRefused('busy');
    // The slot is handed over by the request that releases it (#active stays counted).
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #send(req: EgressRequest, url: URL, address: string, family: 4 | 6, signal: AbortSignal, release: () => void): Promise<Response> {
    // The connection goes to the address the policy judged, whatever DNS says now; Host and TLS SNI still name
    // `url`'s host, so virtual hosts and certificates work as usual.
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(url, { method: req.method ?? 'GET', headers: req.headers ?? {}, lookup: pinned, agent: false, signal });
      // `on`, not `once`: an abort after the answer began can still raise an error here, and it must not go unhandled.
      outgoing.on('error', reject);
      outgoing.once('response', (incoming: IncomingMessage) => {
        incoming.once('close', release);
        resolve(toResponse(incoming));
      });
      outgoing.end(req.body);
    });
  }
}

/** `work`'s result, or the signal's reason as soon as it is aborted (`work` itself goes on). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (err: unknown) => (signal.removeEventListener('abort', onAbort), reject(err as Error)),
    );
  });
}

function toResponse(incoming: IncomingMessage): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header the web's Headers refuses is dropped, not fatal: callers read only content-type and retry-after.
    }
  }
  const status = incoming.statusCode ?? 502;
  if (NULL_BODY_STATUS.has(status) || status < 200 || status > 599) {
    incoming.destroy();
    return new Response(null, { status: status < 200 || status > 599 ? 502 : status, headers });
  }
  return new Response(Readable.toWeb(incoming) as ReadableStream<Uint8Array>, { status, headers });
}
