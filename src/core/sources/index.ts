/** Build the right Source for a configured server: the one place that knows every kind. */
import type { Source, SourceConfig } from '../source';
import { createHeraldSource, type HeraldSourceDeps } from './herald';
import { createNchanSource, type NchanSourceDeps } from './nchan';

/** Everything any source may take; each reads its own part (Nchan and ntfy tuning live in their own keys). */
export type CreateSourceDeps = HeraldSourceDeps & NchanSourceDeps;

export function createSource(config: SourceConfig, deps: CreateSourceDeps): Source {
  switch (config.kind) {
    case 'herald':
      return createHeraldSource(config, deps);
    case 'nchan':
      return createNchanSource(config, deps);
    default:
      throw new Error(`source kind "${config.kind}" is not supported yet`);
  }
}
