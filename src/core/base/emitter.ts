import type { Logger } from './log';

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** A typed event: `event(listener) => Disposable`. A listener that throws is logged, never breaks the emitter. */
export class Emitter<T> {
  #listeners = new Set<Listener<T>>();
  /** Required: a throwing listener is a bug, and a bug must leave a log line rather than vanish. */
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  readonly event = (listener: Listener<T>): Disposable => {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.#listeners]) {
      try {
        l(value);
      } catch (err) {
        this.#log.error('listener threw', { error: String(err) });
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }

  dispose(): void {
    this.#listeners.clear();
  }
}

export class DisposableStore implements Disposable {
  #items: Disposable[] = [];
  add<D extends Disposable>(d: D): D {
    this.#items.push(d);
    return d;
  }
  dispose(): void {
    for (const d of this.#items.splice(0).reverse()) d.dispose();
  }
}
