/** Build the right Source for a configured server. */
import type { Source, SourceConfig } from '../source';
import { createHeraldSource, type HeraldSourceDeps } from './herald';

export type CreateSourceDeps = HeraldSourceDeps;

export function createSource(config: SourceConfig, deps: CreateSourceDeps): Source {
  switch (config.kind) {
    case 'herald':
      return createHeraldSource(config, deps);
    default:
      throw new Error(`source kind "${config.kind}" is not supported yet`);
  }
}
