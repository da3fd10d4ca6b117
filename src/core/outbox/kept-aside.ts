import type { Notice } from '../../shared/ipc-contract';
import { keepsAside, type KeyValueStore } from '../store';
import type { OutboxMailbox } from './outbox-mailbox';

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

/**
 * One notice per action handed over by another process (./outbox-mailbox.ts) that could not be read and was kept
 * aside — written by a newer Herald, or damaged on disk: it is not sent, so it is told on every start and in every
 * `herald outbox` until removed, like a damaged outbox file, not once in a log.
 */
export function keptLetterNotices(mailbox: OutboxMailbox | null | undefined): Notice[] {
  return (mailbox?.keptAside() ?? []).map((path) => ({
    code: 'store_corrupt',
    message: `An action handed over by another Herald process could not be read and was kept aside at ${path}; it was not sent. Remove the file once you have checked it.`,
    path,
  }));
}
