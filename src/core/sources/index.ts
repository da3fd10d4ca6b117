/** Build the right Source for a configured server: the one place that knows every kind. */
import type { Source, SourceConfig } from '../source';
import { SourceError } from '../transports/http';
import { createHeraldSource, type HeraldSourceDeps } from './herald';
import { createNchanSource, type NchanSourceDeps } from './nchan';
import { createNtfySource, type NtfySourceDeps } from './ntfy';

/** Everything any source may take; each reads only its own tuning key (`herald`, `nchan`, `ntfy`). */
export type CreateSourceDeps = HeraldSourceDeps & NchanSourceDeps & NtfySourceDeps;

export function createSource(config: SourceConfig, deps: CreateSourceDeps): Source {
  switch (config.kind) {
    case 'herald':
      return createHeraldSource(config, deps);
    case 'nchan':
      return createNchanSource(config, deps);
    case 'ntfy':
      return createNtfySource(config, deps);
    default:
      // Settings come from disk and the CLI: a kind from a newer (or broken) file gets a clear error, not undefined.
      throw new SourceError({ code: 'invalid_input', message: `unknown source kind "${String((config as { kind: unknown }).kind)}"` }, false);
  }
}
