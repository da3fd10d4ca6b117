/**
 * What the three sources (Herald, Nchan, ntfy) decide alike, written once: which channels a source reads, the label
 * a source without one is shown by, and how long an open stream may stay silent before it is presumed dead.
 */
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
