/**
 * The CLI's data directory: `state.json` (cursors) and `outbox.json` (queued actions, the same format the app's
 * outbox store uses) with `outbox.entries.journal` beside it (the changes since the last whole write; see
 * src/core/outbox/outbox-writer.ts). Both are JsonFileStores: atomic writes, and a corrupt file is moved aside and
 * reported.
 *
 * Several processes: only the owner (`herald subscribe`, holding `herald.lock`) writes those files. `herald act`
 * hands its action over through `outbox.incoming/` (src/core/outbox/outbox-mailbox.ts) and `herald outbox` only
 * reads, so both are safe beside a running subscriber; a second subscriber is refused (exit status 75).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Notice } from '../shared/ipc-contract';
import type { KeyValueStore } from '../core/store';
import { isCursorStoreKey } from '../core/inbox/inbox-cache';
import { DIGESTS_KEY } from '../core/notify/digests';
import { FileMailbox, mailboxPathFor } from '../core/outbox/outbox-mailbox';
import { OUTBOX_FILE_OPTIONS } from '../core/outbox/outbox-salvage';
import { lockDataDir } from '../core/stores/data-dir-lock';
import { JsonFileStore } from '../core/stores/json-file-store';
import { CliFailure, cliLanguage } from './io';
import { outboxWords } from './outbox-words';
import { makeDirSync } from '../core/base/make-dir';

/** EX_TEMPFAIL (sysexits.h): the data dir is in use by another process; try again once it has stopped. */
export const EXIT_DATA_DIR_IN_USE = 75;

export interface DataDir {
  path: string;
  state: KeyValueStore;
  outbox: KeyValueStore;
  mailbox: FileMailbox;
  /** state.json was damaged and set aside: the cursors it kept are lost (each source starts over, with a notice). */
  cursorsLost: boolean;
  notices: Notice[];
  close(): void;
}

export interface OpenDataDirOptions {
  /** Take the data dir's lock (the process that sends the outbox and keeps the cursors); `env` picks the language of the refusal. */
  owner?: { env: Record<string, string | undefined> };
}

export function openDataDir(dir: string, options: OpenDataDirOptions = {}): DataDir {
  const path = resolve(dir);
  const outboxPath = join(path, 'outbox.json');
  let release = (): void => {};
  if (options.owner) {
    const lock = lockDataDir(path);
    if (!lock.ok) throw new CliFailure(outboxWords(cliLanguage(options.owner.env)).inUse(lock.pid, path), EXIT_DATA_DIR_IN_USE);
    release = lock.release;
  }
  // Only the owner may move a damaged file aside or write; the others read what they can.
  const viewOnly = options.owner === undefined;
  const state = new JsonFileStore(join(path, 'state.json'), { viewOnly, shapeProblem: stateFileShapeProblem });
  const outbox = new JsonFileStore(outboxPath, { viewOnly, ...OUTBOX_FILE_OPTIONS });
  const mailbox = new FileMailbox(mailboxPathFor(outboxPath));
  // An outbox file moved aside is reported by the outbox itself, for as long as it is kept (src/core/outbox/kept-aside.ts).
  const outboxNotices = outbox.notices.filter((n) => !n.movedAside);
  return { path, state, outbox, mailbox, cursorsLost: state.notices.length > 0, notices: [...state.notices, ...outboxNotices], close: release };
}

/**
 * Why a state.json that parses is still not one: every key is a cursor (or the inbox cache) or the pending digests.
 * A bad byte inside `"cursor:` leaves valid JSON whose cursor sits under a key nobody reads, and the source would
 * start from now without a word; such a file is kept aside instead, and each source says its position was lost.
 * (Damage inside the source id itself still reads as "no cursor for this source": it cannot be told from a source
 * this data dir never saw.)
 */
export function stateFileShapeProblem(data: Record<string, unknown>): string | null {
  const foreign = Object.keys(data).find((k) => !isCursorStoreKey(k) && k !== DIGESTS_KEY && !k.startsWith('__internal__'));
  return foreign === undefined ? null : `has a key Herald never writes there (${JSON.stringify(foreign.slice(0, 40))})`;
}

export type WritableDataDir = { ok: true; dir: DataDir } | { ok: false; path: string; code: string | undefined };

/**
 * The data directory, once it is proven writable: a probe file is created, written, renamed and removed — what every
 * save does. A directory that refuses (read-only, immutable, a path under a regular file) is reported here, at
 * start (before the lock, which is a write too), instead of as an error on every save while events are printed and then printed again on the next run.
 */
export function openWritableDataDir(dir: string, options: OpenDataDirOptions = {}): WritableDataDir {
  const path = resolve(dir);
  const probe = join(path, `.write-probe.${process.pid}`);
  try {
    makeDirSync(path);
    writeFileSync(`${probe}.tmp`, 'probe', { mode: 0o600 });
    renameSync(`${probe}.tmp`, probe);
    rmSync(probe);
  } catch (err) {
    removeQuietly(`${probe}.tmp`);
    return { ok: false, path, code: (err as NodeJS.ErrnoException).code };
  }
  // Proven writable before the lock is taken: a read-only directory is this one clear line, not a failed lock.
  return { ok: true, dir: openDataDir(dir, options) };
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // It was never created (the directory refused it).
  }
}
