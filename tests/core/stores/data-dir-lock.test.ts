/** The data dir's lock (src/core/stores/data-dir-lock.ts): one owner at a time; a dead owner's lock is taken over. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, LOCK_FILE } from '../../../src/core/stores/data-dir-lock';
import { waitFor } from '../../helpers/wait';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (and so runs no more). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('lockDataDir', () => {
  it('a first start: creates the folder it locks', () => {
    const lock = lockDataDir(join(dir, 'new', 'folder'));
    expect(lock.ok).toBe(true);
    expect(existsSync(join(dir, 'new', 'folder', LOCK_FILE))).toBe(true);
  });

  it('refuses while a running process holds it, naming that process', () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, since: 'x' }));
    expect(lockDataDir(dir)).toEqual({ ok: false, pid: process.ppid, path: join(dir, LOCK_FILE) });
  });

  it('takes over the lock of a process that no longer runs, and of a lock file cut short', () => {
    for (const stale of [JSON.stringify({ pid: deadPid() }), '{"pi']) {
      writeFileSync(join(dir, LOCK_FILE), stale);
      const lock = lockDataDir(dir);
      expect(lock.ok).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      if (lock.ok) lock.release();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    }
  });

  it('a second claimant in the same data dir is refused until the first releases; release leaves another owner\'s lock alone', () => {
    const first = lockDataDir(dir, process.pid);
    expect(first.ok).toBe(true);
    expect(lockDataDir(dir, process.ppid)).toMatchObject({ ok: false, pid: process.pid });
    if (first.ok) first.release();
    const second = lockDataDir(dir, process.ppid);
    expect(second.ok).toBe(true);
    // The first owner releasing again (a late cleanup) must not remove the second owner's lock.
    if (first.ok) first.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid);
  });
});

describe('lockDataDir: a stale lock whose pid now names another process', () => {
  /** A real process that is not Herald and started now: what a reused pid looks like (after a reboot, in a container). */
  function otherProcess(): ReturnType<typeof spawn> {
    return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  }

  it.skipIf(process.platform !== 'linux')('takes over a lock written before its pid\'s process started (the pid was reused)', async () => {
    const child = otherProcess();
    try {
      await waitFor(() => existsSync(`/proc/${child.pid}/stat`), { message: 'child started' });
      // The lock of a subscriber that died an hour ago; its pid now belongs to an unrelated process.
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, since: new Date(Date.now() - 3_600_000).toISOString() }));
      const lock = lockDataDir(dir);
      expect(lock).toMatchObject({ ok: true });
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      if (lock.ok) lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock written before the machine last started, whatever runs under its pid now', () => {
    const bootedAt = Date.now() - uptime() * 1000;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, since: new Date(bootedAt - 86_400_000).toISOString() }));
    const lock = lockDataDir(dir);
    expect(lock).toMatchObject({ ok: true });
    if (lock.ok) lock.release();
  });

  it('still refuses a lock its running holder wrote after it started', () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, since: new Date().toISOString() }));
    expect(lockDataDir(dir)).toMatchObject({ ok: false, pid: process.ppid });
  });
});
