/**
 * The transport ladder, as pure policy: what a closed link means for where to go next (reconnecting-websocket's
 * split — the supervisor is control, this is the rule it applies). Transports are rungs, best first
 * (sse → longpoll → poll); `level` is the rung in use.
 */
import { isRefusedCredential, type ErrorInfo, type TransportKind, type TransportPreference } from '../../shared/connection-state';
import type { LinkOutcome } from '../source';

export interface ClosedLink {
  error: ErrorInfo;
  /** Whether the transport said retrying can help ('fail': 404, gone, …). */
  outcome: LinkOutcome;
  /** The link proved itself (data after open; streams: through two silence windows). */
  healthy: boolean;
  /** Set on a climb-back try: the rung it came from. */
  probeFrom: number | null;
}

export interface LadderState {
  level: number;
  /** Rungs on the ladder. */
  rungs: number;
  /** Consecutive failures that say "this transport does not work here". */
  transportFailures: number;
  /** Step down after this many (3). */
  fallbackAfter: number;
}

export type LadderMove =
  /** Nothing will help (refused credentials): the user has to act. */
  | { kind: 'fail' }
  /** A climb-back try failed: back to the rung that worked, at once. */
  | { kind: 'return'; level: number }
  /** This transport does not work here: the next rung, at once. */
  | { kind: 'step-down' }
  /** The same transport again after a backoff; `transportFailures` is the new count. */
  | { kind: 'retry'; transportFailures: number };

export function nextMove(link: ClosedLink, ladder: LadderState): LadderMove {
  const { error } = link;
  // Only a refused credential needs a person. Everything else may pass by itself: a 404 or 410 from a proxy
  // mid-deploy, 5xx, a wrong content type, DNS — so it is retried, with the backoff growing to its long cap.
  if (isRefusedCredential(error) || ladder.rungs === 0) return { kind: 'fail' };
  const lowest = ladder.level >= ladder.rungs - 1;
  if (link.probeFrom !== null && !link.healthy) return { kind: 'return', level: link.probeFrom };
  // "Not here" (404, gone) on one endpoint: the next transport may live elsewhere; on the last one, ask again later.
  if (link.outcome === 'fail') return lowest ? { kind: 'retry', transportFailures: ladder.transportFailures } : { kind: 'step-down' };
  // A stream held back on the way (watchdog.ts) will be held back again: the next rung at once, not after stalls.
  if (error.buffered === true && !lowest) return { kind: 'step-down' };
  // A refused connection says "the server is away", not "this transport fails here": it does not count.
  const transportFailures = ladder.transportFailures + (!link.healthy && error.code !== 'network' ? 1 : 0);
  if (transportFailures >= ladder.fallbackAfter && !lowest) return { kind: 'step-down' };
  return { kind: 'retry', transportFailures };
}

/** The ladder one supervisor stands on: the rungs its preference allows, the rung in use, the failures counted. */
export class TransportLadder {
  readonly #supported: readonly TransportKind[];
  readonly #fallbackAfter: number;
  #preference: TransportPreference;
  #rungs: readonly TransportKind[];
  #level = 0;
  #transportFailures = 0;

  constructor(supported: readonly TransportKind[], preference: TransportPreference, fallbackAfter: number) {
    this.#supported = supported;
    this.#fallbackAfter = Math.max(1, fallbackAfter);
    this.#preference = preference;
    this.#rungs = this.#rungsFor(preference);
  }

  get preference(): TransportPreference {
    return this.#preference;
  }

  get level(): number {
    return this.#level;
  }

  /** The transport in use; undefined: none left (or the preference is not supported). */
  get current(): TransportKind | undefined {
    return this.#rungs[this.#level];
  }

  /** What the preference asks for, in words ("any transport", "the sse transport"). */
  get wanted(): string {
    return this.#preference === 'auto' ? 'any transport' : `the ${this.#preference} transport`;
  }

  /** Below the best rung of `auto`: worth trying to climb back later. */
  get belowBest(): boolean {
    return this.#preference === 'auto' && this.#level > 0;
  }

  /** Returns false when nothing changed. */
  setPreference(preference: TransportPreference): boolean {
    if (preference === this.#preference) return false;
    this.#preference = preference;
    this.#rungs = this.#rungsFor(preference);
    this.reset();
    return true;
  }

  /** Back to the best rung, nothing counted. */
  reset(): void {
    this.#level = 0;
    this.#transportFailures = 0;
  }

  /** The transport works here (or the user asked to try again): failures so far no longer count. */
  forgiveFailures(): void {
    this.#transportFailures = 0;
  }

  /** Apply nextMove to a closed link and stand where it says. */
  onClosed(link: ClosedLink): LadderMove {
    const move = nextMove(link, {
      level: this.#level,
      rungs: this.#rungs.length,
      transportFailures: this.#transportFailures,
      fallbackAfter: this.#fallbackAfter,
    });
    if (move.kind === 'return') this.#level = move.level;
    if (move.kind === 'step-down') {
      this.#level++;
      this.#transportFailures = 0;
    }
    if (move.kind === 'retry') this.#transportFailures = move.transportFailures;
    return move;
  }

  /** One rung up (a climb-back try); returns the transport there, or undefined at the top. */
  climb(): TransportKind | undefined {
    if (this.#level === 0) return undefined;
    this.#level--;
    return this.#rungs[this.#level];
  }

  #rungsFor(preference: TransportPreference): readonly TransportKind[] {
    if (preference === 'auto') return this.#supported;
    return this.#supported.includes(preference) ? [preference] : [];
  }
}
