/**
 * What the polite live region says next. Arrivals are coalesced: a burst becomes one "3 new notifications" a moment
 * after it began, instead of one announcement per item. Each message gets a new `seq`, so the region can replace
 * its node and a screen reader announces the same words twice when they happen twice.
 */
import type { MessageKey, Params } from '../lib/i18n';

export interface Announcement {
  key: MessageKey;
  params?: Params;
  seq: number;
}

/** Long enough to gather a burst, short enough that it still feels live. */
export const ANNOUNCE_DELAY_MS = 1500;

export class Announcer {
  #current = $state.raw<Announcement | null>(null);
  #seq = 0;
  #arrived = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #delayMs: number;

  constructor(delayMs = ANNOUNCE_DELAY_MS) {
    this.#delayMs = delayMs;
  }

  get current(): Announcement | null {
    return this.#current;
  }

  /** `n` new items arrived: said once the burst has had a moment to gather. */
  arrived(n: number): void {
    if (n <= 0) return;
    this.#arrived += n;
    this.#timer ??= setTimeout(() => this.#flush(), this.#delayMs);
  }

  /** A state change, said at once. */
  say(key: MessageKey, params?: Params): void {
    this.#current = { key, ...(params ? { params } : {}), seq: ++this.#seq };
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#arrived = 0;
  }

  #flush(): void {
    const n = this.#arrived;
    this.#arrived = 0;
    this.#timer = null;
    if (n === 1) this.say('announce.newItem');
    else this.say('announce.newItems', { n });
  }
}
