/**
 * One owner per data dir: the process that sends the outbox and keeps the cursors (`herald subscribe`, the app)
 * holds `<dir>/herald.lock`, a small file with its pid. Other processes never write those files: `herald act` hands
 * its action over through the outbox's mailbox (src/core/outbox/outbox-mailbox.ts), `herald outbox` only reads.
 *
 * Node has no advisory file locks, so the lock is a file created exclusively (`wx`). A holder that died without
 * cleaning up (SIGKILL, power loss) is recognised by its pid no longer running — or running a process that cannot
 * have written the lock (the lock predates the last boot, or that process started after the lock was written: a
 * reused pid, as after a reboot or in a restarted container, would otherwise lock the data dir for good); the file
 * is then claimed by an atomic rename (only one of two racing claimants can rename it) and created afresh.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning, startedAfter } from './process-alive';
import { makeDirSync } from '../base/make-dir';

export const LOCK_FILE = 'herald.lock';

export type DataDirLock = { ok: true; release(): void } | { ok: false; pid: number; path: string };

interface LockContent {
  pid: number;
  since: string;
}

export function lockDataDir(dir: string, pid: number = process.pid): DataDirLock {
  // A first start: the folder may not exist yet.
  makeDirSync(dir);
  const path = join(dir, LOCK_FILE);
  const content = JSON.stringify({ pid, since: new Date().toISOString() } satisfies LockContent);
  // Two rounds at most: create, or find a dead holder, claim its file, and create again.
  for (let round = 0; round < 2; round++) {
    if (createWhole(path, content)) return { ok: true, release: () => releaseIfOurs(path, content) };
    const holder = readHolder(path);
    if (holder !== null && holder.pid !== pid && holds(holder)) return { ok: false, pid: holder.pid, path };
    claimStale(path);
  }
  const holder = readHolder(path);
  return { ok: false, pid: holder?.pid ?? 0, path };
}

interface Holder {
  pid: number;
  /** When it wrote the lock (ms since the epoch); NaN when the file does not say. */
  since: number;
}

/**
 * Create the lock file with its content already in it, or false when it exists. Written in place ('wx'), the file
 * exists empty for a moment: another claimant reading it then takes it for a holder killed while writing, claims it,
 * and two processes own the data dir. So the content is written to a file of our own and hard-linked to the lock's
 * name, which fails if the name exists; where hard links are not supported, 'wx' as before.
 */
function createWhole(path: string, content: string): boolean {
  const own = `${path}.${process.pid}.new`;
  try {
    writeFileSync(own, content, { mode: 0o600 });
    linkSync(own, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
  } finally {
    unlinkQuietly(own);
  }
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/** Who wrote the lock file, or null when it is gone or unreadable (a holder killed while writing it). */
function readHolder(path: string): Holder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return { pid: value.pid, since: typeof value.since === 'string' ? Date.parse(value.since) : NaN };
  } catch {
    return null;
  }
}

/** The process that wrote the lock still runs: its pid runs, and is not a later process that reuses it. */
function holds(holder: Holder): boolean {
  return isRunning(holder.pid) && !startedAfter(holder.pid, holder.since);
}

function claimStale(path: string): void {
  const claimed = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, claimed);
  } catch {
    // Someone else claimed it first: the next round sees their lock (or creates one).
    return;
  }
  // The claimed file may be a live lock created between our read and our rename: then put it back, unless a new
  // one was created meanwhile (whose owner then wins).
  const holder = readHolder(claimed);
  if (holder !== null && holder.pid !== process.pid && holds(holder)) {
    try {
      // Put back whole (createWhole): a claimant must never find it empty.
      createWhole(path, readFileSync(claimed, 'utf8'));
    } catch {
      // A new lock is already there.
    }
  }
  unlinkQuietly(claimed);
}

function releaseIfOurs(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}
