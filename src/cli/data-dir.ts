/**
 * The CLI's data directory: `state.json` (cursors) and `outbox.json` (queued actions, the same format the app's
 * outbox store uses) with `outbox.entries.journal` beside it (the changes since the last whole write; see
 * src/core/outbox/outbox-writer.ts). Both are JsonFileStores: atomic writes, and a corrupt file is moved aside and
 * reported.
 */
import { join, resolve } from 'node:path';
import type { Notice } from '../shared/ipc-contract';
import type { KeyValueStore } from '../core/store';
import { JsonFileStore } from '../core/stores/json-file-store';

export interface DataDir {
  path: string;
  state: KeyValueStore;
  outbox: KeyValueStore;
  /** state.json was damaged and set aside: the cursors it kept are lost (each source starts over, with a notice). */
  cursorsLost: boolean;
  notices: Notice[];
  close(): void;
}

export function openDataDir(dir: string): DataDir {
  const path = resolve(dir);
  const state = new JsonFileStore(join(path, 'state.json'));
  const outbox = new JsonFileStore(join(path, 'outbox.json'));
  return { path, state, outbox, cursorsLost: state.notices.length > 0, notices: [...state.notices, ...outbox.notices], close: () => {} };
}
