/**
 * A log file sink (the CLI's `--log-file`): one timestamped line per entry, appended. The logger has already
 * redacted the entry; writes are synchronous so that the lines before a crash are in the file.
 */
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatEntry, type LogSink } from './log';
import { makeDirSync } from './make-dir';

export function openLogFile(path: string, now: () => Date = () => new Date()): { sink: LogSink; close(): void } {
  makeDirSync(dirname(path));
  // Owner-only: a log says which servers and when, which is nobody else's business on a shared machine.
  let fd: number | null = openSync(path, 'a', 0o600);
  return {
    sink: (level, scope, msg, fields) => {
      if (fd !== null) appendFileSync(fd, `${now().toISOString()} ${formatEntry(level, scope, msg, fields)}\n`);
    },
    close: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
