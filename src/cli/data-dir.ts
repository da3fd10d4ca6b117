/**
 * The CLI's data directory: `state.json` (cursors) and `outbox.json` (queued actions, the same format the app's
 * outbox store uses) with `outbox.entries.journal` beside it (the changes since the last whole write; see
 * src/core/outbox/outbox-writer.ts). Both are JsonFileStores: atomic writes, and a corrupt file is moved aside and
 * reported.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

export type WritableDataDir = { ok: true; dir: DataDir } | { ok: false; path: string; code: string | undefined };

/**
 * The data directory, once it is proven writable: a probe file is created, written, renamed and removed — what every
 * save does. A directory that refuses (read-only, immutable, a path under a regular file) is reported here, at
 * start, instead of as an error on every save while events are printed and then printed again on the next run.
 */
export function openWritableDataDir(dir: string): WritableDataDir {
  const path = resolve(dir);
  const probe = join(path, `.write-probe.${process.pid}`);
  try {
    mkdirSync(path, { recursive: true });
    writeFileSync(`${probe}.tmp`, 'probe', { mode: 0o600 });
    renameSync(`${probe}.tmp`, probe);
    rmSync(probe);
  } catch (err) {
    removeQuietly(`${probe}.tmp`);
    return { ok: false, path, code: (err as NodeJS.ErrnoException).code };
  }
  return { ok: true, dir: openDataDir(dir) };
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // It was never created (the directory refused it).
  }
}
