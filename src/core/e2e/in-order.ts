/**
 * Keeps a source's reports (events, caught-up, loss) in the order the source made them while sealed events are being
 * opened (decryption is asynchronous: jose runs on WebCrypto). Clear traffic with nothing waiting goes through at once.
 */
export class InOrder {
  #waiting = 0;
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `deliver(value)` after everything pushed before it: synchronously when nothing waits and `value` is ready. */
  push<T>(value: T | Promise<T>, deliver: (v: T) => void): void {
    if (this.#waiting === 0 && !(value instanceof Promise)) {
      deliver(value);
      return;
    }
    this.#waiting++;
    this.#tail = this.#tail
      .then(() => value)
      .then(deliver)
      .catch(this.onError)
      .finally(() => {
        this.#waiting--;
      });
  }

  /** Resolves once everything pushed so far was delivered. */
  idle(): Promise<void> {
    return this.#tail;
  }
}
