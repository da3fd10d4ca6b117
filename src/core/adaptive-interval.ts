/**
 * Adaptive polling interval — the seed's SmartPolling rules, as pure state so the poll transport and tests share it:
 * start at 3 s; new data halves the interval (not below 1 s); an idle answer stretches it by 1.2 (not above 30 s);
 * an error doubles it (not above 30 s). Busy feeds are polled often, quiet ones cost little.
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
    this.#min = options.minMs ?? 1000;
    this.#max = options.maxMs ?? 30_000;
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
