/**
 * The transport ladder, as pure policy: what a closed link means for where to go next (reconnecting-websocket's
 * split — the supervisor is control, this is the rule it applies). Transports are rungs, best first
 * (sse → longpoll → poll); `level` is the rung in use.
 */
import type { ErrorInfo } from '../shared/connection-state';

export interface ClosedLink {
  error: ErrorInfo;
  /** The transport said retrying can help (false: 404, gone, …). */
  retry: boolean;
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
  /** Nothing will help (bad credentials, no transport left): the user has to act. */
  | { kind: 'fail' }
  /** A climb-back try failed: back to the rung that worked, at once. */
  | { kind: 'return'; level: number }
  /** This transport does not work here: the next rung, at once. */
  | { kind: 'step-down' }
  /** The same transport again after a backoff; `transportFailures` is the new count. */
  | { kind: 'retry'; transportFailures: number };

export function nextMove(link: ClosedLink, ladder: LadderState): LadderMove {
  const { error } = link;
  if (error.code === 'auth' || error.code === 'forbidden') return { kind: 'fail' };
  const lowest = ladder.level >= ladder.rungs - 1;
  if (link.probeFrom !== null && !link.healthy) return { kind: 'return', level: link.probeFrom };
  // "Not here" (404, gone) on one endpoint: the next transport may live elsewhere; on the last one it is final.
  if (!link.retry) return lowest ? { kind: 'fail' } : { kind: 'step-down' };
  // A refused connection says "the server is away", not "this transport fails here": it does not count.
  const transportFailures = ladder.transportFailures + (!link.healthy && error.code !== 'network' ? 1 : 0);
  if (transportFailures >= ladder.fallbackAfter && !lowest) return { kind: 'step-down' };
  return { kind: 'retry', transportFailures };
}
