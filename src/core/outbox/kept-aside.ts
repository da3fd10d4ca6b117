import type { Notice } from '../../shared/ipc-contract';
import { keepsAside, type KeyValueStore } from '../store';

/**
 * One notice per damaged outbox file kept aside (outbox.json, its journal), for as long as the file exists: the
 * user is told on every start and in every `herald outbox`, not once, until they have looked and removed it.
 */
export function keptAsideNotices(store: KeyValueStore): Notice[] {
  if (!keepsAside(store)) return [];
  return store.keptAside().map((path) => ({
    code: 'store_corrupt',
    message: `A damaged outbox file was kept aside at ${path}; every action that could be read from it is queued. Remove the file once you have checked it.`,
    path,
  }));
}
