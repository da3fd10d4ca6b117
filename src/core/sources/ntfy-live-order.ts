/**
 * An ntfy stream's messages in the server's order: the replay after a resume, and the live messages, merged.
 *
 * ntfy 2.11 has no order on its live stream. It subscribes a stream to its topics *before* it replays the cache for
 * `since=` (server.go `handleSubscribeHTTP`), and it hands every live message to a goroutine of its own (topic.go
 * `Publish`), so two messages published a moment apart can reach a subscriber swapped, and a resumed stream shows
 * newer messages before, and in the middle of, the older ones. The one order it keeps is its cache's (time, then
 * insertion), which a finite `/json?poll=1&since=…` answer returns. So:
 *
 * - the stream is opened live-only (no `since`); once it says `open` — the subscription is in place — the replay is
 *   read as one finite answer (the `read` given), its resume check seeing the replay alone, so a newer live message
 *   can never pass for proof that our last message is gone;
 * - live messages are held for a moment (`holdMs`, and while more keep coming). A lone message passes on as it is;
 *   several are put in the cache's order by one more read from where we stand, and the live copies that read did
 *   not contain yet follow in arrival order (they were cached after it);
 * - if such an ordering read fails (a rate limit, a hiccup), the held messages pass on in arrival order: the link
 *   lives on, order being the only thing at stake.
 *
 * A message published before `open` is in the replay (ntfy caches a message before it answers its publisher); one
 * published after reaches the stream. Nothing is lost; what arrives twice, de-duplication drops.
 */
import type { HeraldEvent } from '../../shared/events';
import type { Clock, TimerHandle } from '../base/clock';
import type { LossInfo } from '../source';

/** One live message: its ntfy id, its event (null: malformed, reported already), and the cursor after it. */
export interface LiveMessage {
  id: string;
  event: HeraldEvent | null;
  cursor: string;
}

/** A cache read: events in cache order, every message id it held, the cursor after it, and a gap it revealed. */
export interface CacheRead {
  events: HeraldEvent[];
  ids: ReadonlySet<string>;
  last: string | null;
  loss?: LossInfo;
}

export interface LiveOrderOptions {
  clock: Clock;
  /** Read the cache after `cursor` (null: nothing to read from; never asked then). */
  read(cursor: string): Promise<CacheRead>;
  deliver(events: HeraldEvent[], cursor: string | null): void;
  lost(info: LossInfo): void;
  /** The replay could not be read: the link is over. */
  failed(err: unknown): void;
  /** How long a live message waits for others that may belong before it. Default 50 ms. */
  holdMs?: number;
  /** The longest a busy stream's messages are held before they are put in order, ms. Default 1000. */
  maxHoldMs?: number;
}

/** Live messages held at most: past this many the link is given up (the next one starts over from the cursor). */
export const MAX_HELD_LIVE = 20_000;

export class LiveOrder {
  readonly #o: LiveOrderOptions;
  readonly #holdMs: number;
  readonly #maxHoldMs: number;
  #cursor: string | null;
  #held: LiveMessage[] = [];
  /** Waiting for the replay (`open` not yet seen, or its read in flight). */
  #replaying: boolean;
  #reading = false;
  #timer: TimerHandle | undefined;
  #heldSince: number | null = null;
  #closed = false;

  constructor(cursor: string | null, options: LiveOrderOptions) {
    this.#o = options;
    this.#cursor = cursor;
    this.#replaying = cursor !== null;
    this.#holdMs = options.holdMs ?? 50;
    this.#maxHoldMs = options.maxHoldMs ?? 1000;
  }

  /** Messages are held (the caller reports activity only, no events). */
  get holding(): boolean {
    return this.#held.length > 0 || this.#replaying;
  }

  /** Before any message, the stream's `open` time is where a later read starts. */
  setCursor(cursor: string): void {
    if (this.#cursor === null) this.#cursor = cursor;
  }

  /** The stream is `open`: read the replay now. */
  opened(): void {
    if (!this.#replaying || this.#reading || this.#cursor === null) return;
    this.#readAndDeliver(true);
  }

  /** A live message; false when too many are held (the caller ends the link). */
  live(message: LiveMessage): boolean {
    this.#held.push(message);
    this.#heldSince ??= this.#o.clock.now();
    if (!this.#replaying && !this.#reading) this.#arm();
    return this.#held.length <= MAX_HELD_LIVE;
  }

  close(): void {
    this.#closed = true;
    this.#o.clock.clearTimeout(this.#timer);
  }

  /** Wait `holdMs` more for company, unless the held messages have waited `maxHoldMs` already. */
  #arm(): void {
    this.#o.clock.clearTimeout(this.#timer);
    const waited = this.#o.clock.now() - (this.#heldSince ?? this.#o.clock.now());
    this.#timer = this.#o.clock.setTimeout(() => this.#settle(), Math.max(0, Math.min(this.#holdMs, this.#maxHoldMs - waited)));
  }

  #settle(): void {
    this.#timer = undefined;
    if (this.#closed || this.#reading || this.#held.length === 0) return;
    if (this.#held.length === 1 || this.#cursor === null) return this.#pass(this.#held.splice(0));
    this.#readAndDeliver(false);
  }

  #readAndDeliver(replay: boolean): void {
    this.#reading = true;
    const from = this.#cursor as string;
    this.#o.read(from).then(
      (answer) => {
        if (this.#closed) return;
        this.#reading = false;
        this.#replaying = false;
        // A gap is the replay's to tell; an ordering read a moment later only restates what was just seen.
        if (replay && answer.loss) this.#o.lost(answer.loss);
        const rest = this.#held.splice(0).filter((m) => !answer.ids.has(m.id));
        this.#heldSince = null;
        if (answer.last !== null) this.#cursor = answer.last;
        this.#o.deliver(answer.events, answer.last);
        // Live copies the read did not contain yet came after it; several of them may be swapped again.
        this.#held.push(...rest);
        if (this.#held.length > 0) {
          this.#heldSince = this.#o.clock.now();
          this.#arm();
        }
      },
      (err: unknown) => {
        if (this.#closed) return;
        this.#reading = false;
        if (replay) return this.#o.failed(err);
        this.#pass(this.#held.splice(0));
      },
    );
  }

  /** Deliver in arrival order. */
  #pass(messages: LiveMessage[]): void {
    this.#heldSince = null;
    if (messages.length === 0) return;
    const events = messages.flatMap((m) => (m.event ? [m.event] : []));
    const cursor = (messages.at(-1) as LiveMessage).cursor;
    this.#cursor = cursor;
    this.#o.deliver(events, cursor);
  }
}
