/**
 * What the three sources (Herald, Nchan, ntfy) decide alike, written once: which channels a source reads, the label
 * a source without one is shown by, how long an open stream may stay silent before it is presumed dead, and the
 * timing knobs they share.
 */
import type { AdaptiveIntervalOptions } from '../connection/adaptive-interval';
import type { SourceConfig } from '../source';
import { SourceError } from '../transports/http';

/**
 * The channels (Nchan) or topics (ntfy) as configured, trimmed, blanks dropped and each once in its first place; a
 * source with none cannot read anything, so it is refused (`invalid_input`, not retried).
 */
export function channelsOf(config: SourceConfig, needs: string): string[] {
  const channels = [...new Set((config.channels ?? []).map((c) => c.trim()).filter((c) => c.length > 0))];
  if (channels.length === 0) throw new SourceError({ code: 'invalid_input', message: needs }, false);
  return channels;
}

/** The label the user gave, else the server's name and the channels it reads: "ntfy.sh (alerts, builds)". */
export function channelsLabel(config: SourceConfig, server: string, channels: readonly string[]): string {
  return config.label ?? `${server} (${channels.join(', ')})`;
}

/**
 * The longest silence of an open stream whose server sends a keepalive every `periodMs`: `tolerated` keepalives may
 * be lost, and the next one late by a margin of one period at most `marginCapMs` (so a fast test server, 0.2 s, is
 * judged as quickly as it speaks).
 */
export function silenceTimeout(periodMs: number, tolerated: number, marginCapMs: number): number {
  return periodMs * (tolerated + 1) + Math.min(marginCapMs, periodMs);
}

/**
 * The timing knobs every source reads the same way (tests and the CLI use small ones). Each source's tuning extends
 * this and sits under the source's own key of the deps (`herald`, `nchan`, `ntfy`), so one name means one thing.
 */
export interface SourceTuning {
  /** The server's keepalive period, ms: the silence watchdog allows for it. The default is that server's own. */
  keepaliveMs?: number;
  /** Client-side timeout for one plain request (a poll, a history page), ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** The bounds of the interval poll's adaptive wait (../connection/adaptive-interval.ts). */
  pollInterval?: AdaptiveIntervalOptions;
}

/** `requestTimeoutMs` when the tuning leaves it out. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
