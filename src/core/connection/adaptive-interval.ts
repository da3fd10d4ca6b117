/**
 * Adaptive polling interval — the SmartPolling rules of the browser prototype Herald grew from, as pure state so
 * the poll transport and tests share it:
 * start at 3 s; new data halves the interval (not below 2 s); an idle answer stretches it by 1.2 (not above 60 s);
 * an error doubles it (not above 60 s). Busy feeds are polled often, quiet ones cost little.
 *
 * The bounds are ours, not the prototype's (1 s / 30 s): measured on a bursty-then-quiet trace (`npm run bench`, the
 * polling row), a 1 s floor polls three times as often as fixed 3 s polling during a burst to gain well under a
 * second, and a 30 s cap keeps a quiet hour at 120 requests. With 2 s / 60 s the median delay of an event stays that of
 * fixed 3 s polling while asking about 5× less often; the price is the tail: the first event after a long quiet
 * stretch can wait up to a minute. Polling is the last rung of the transport ladder (SSE and long-poll come first).
 */
export interface AdaptiveIntervalOptions {
  initialMs?: number;
  minMs?: number;
  maxMs?: number;
}

export class AdaptiveInterval {
  readonly #initial: number;
  readonly #min: number;
  readonly #max: number;
  #current: number;

  constructor(options: AdaptiveIntervalOptions = {}) {
    this.#min = options.minMs ?? 2000;
    this.#max = options.maxMs ?? 60_000;
    this.#initial = Math.min(this.#max, Math.max(this.#min, options.initialMs ?? 3000));
    this.#current = this.#initial;
  }

  /** The wait before the next poll, ms. */
  get current(): number {
    return this.#current;
  }

  /** The last poll brought new data. */
  onData(): number {
    this.#current = Math.max(this.#min, this.#current / 2);
    return this.#current;
  }

  /** The last poll brought nothing new (empty answer or 304). */
  onIdle(): number {
    this.#current = Math.min(this.#max, this.#current * 1.2);
    return this.#current;
  }

  /** The last poll failed. */
  onError(): number {
    this.#current = Math.min(this.#max, this.#current * 2);
    return this.#current;
  }

  reset(): void {
    this.#current = this.#initial;
  }
}
