import { closeSync, fsyncSync, openSync } from 'node:fs';

/** The rename is durable only once the directory entry is on disk (POSIX); Windows cannot open directories. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: not supported on every platform/filesystem.
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
  }
}
