/**
 * The last lines of the log file, read from its end only: a log of any size costs one bounded read. A missing or
 * unreadable file is simply no lines (a first run, or a log written elsewhere).
 */
import { open } from 'node:fs/promises';

/** 64 KiB is a few hundred lines: enough context, small enough to paste into an issue. */
export const LOG_TAIL_BYTES = 64 * 1024;
export const LOG_TAIL_LINES = 200;

export async function readLogTail(path: string, maxBytes = LOG_TAIL_BYTES, maxLines = LOG_TAIL_LINES): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    // The first line is cut in the middle when the read did not start at the file's beginning.
    if (length < size) lines.shift();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-maxLines);
  } catch {
    return [];
  } finally {
    await handle.close();
  }
}
