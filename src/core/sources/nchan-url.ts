/**
 * The Nchan subscriber URL template (see nchan.ts): `{channel}` (one channel per link) or `{channels}` (a location
 * that splits its channel id on commas, so one link can carry several), and `{transport}` → `sse`, `lp` or `poll`.
 */
import type { TransportKind } from '../../shared/connection-state';
import { serverName } from '../../shared/url';

const TRANSPORT_PATH: Record<TransportKind, string> = { sse: 'sse', longpoll: 'lp', poll: 'poll' };

export class NchanUrl {
  readonly #template: string;

  constructor(url: string) {
    // Settings store URLs normalised by `new URL()`, which percent-encodes braces: accept both spellings.
    const t = url.trim().replace(/%7B(channels?|transport)%7D/gi, '{$1}');
    this.#template = t.includes('{channel}') || t.includes('{channels}') ? t : `${t.replace(/\/+$/, '')}/{channel}`;
  }

  /**
   * The server as a person names it: host and the fixed part of the path, without the template's placeholders
   * (`127.0.0.1:8080/sub`), for the source's default label.
   */
  get name(): string {
    return serverName((this.#template.split('{')[0] ?? '').replace(/\/+$/, ''));
  }

  /** The location multiplexes channels (`{channels}`). */
  get multiplexed(): boolean {
    return this.#template.includes('{channels}');
  }

  /** Interval polling needs a location of its own: only with `{transport}`. */
  get transports(): readonly TransportKind[] {
    return this.#template.includes('{transport}') ? ['sse', 'longpoll', 'poll'] : ['sse', 'longpoll'];
  }

  for(kind: TransportKind, channels: readonly string[]): string {
    const ids = channels.map((c) => encodeURIComponent(c));
    return this.#template.replaceAll('{transport}', TRANSPORT_PATH[kind]).replaceAll('{channel}', ids[0] ?? '').replaceAll('{channels}', ids.join(','));
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
