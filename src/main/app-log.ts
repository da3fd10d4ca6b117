/**
 * The app's log file: electron-log's file transport in the platform's usual logs folder (`app.getPath('logs')`:
 * ~/Library/Logs/herald on macOS, %APPDATA%\herald\logs on Windows, ~/.config/herald/logs on Linux), size-bounded and
 * rotated, fed by the core's logger (which redacts every entry) and by the window's log lines (`herald:log`).
 *
 * electron-log's Node entry, not `electron-log/main`: the latter registers its own `__ELECTRON_LOG__` ipcMain
 * listeners when imported, which any frame could send to without the sender check every Herald channel has.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, parse } from 'node:path';
import electronLog from 'electron-log/node';
import { formatEntry, type LogLevel, type LogSink } from '../core/base/log';
import { redactLine, redactValue } from '../shared/log-redact';

/** One file up to 1 MiB, then it is rotated: main.1.log … main.3.log, so at most 4 MiB on disk. */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_ARCHIVES = 3;
/** Rotated files older than this are removed at start: a log is for the last few days' trouble. */
export const LOG_KEEP_DAYS = 7;
export const LOG_FILE_NAME = 'main.log';

export interface AppLogDeps {
  /** Electron's `app` (its logs folder). */
  app: { getPath(name: 'logs'): string };
  /** The lowest level written (default info; HERALD_LOG=debug for everything). */
  level?: Exclude<LogLevel, 'silent'>;
  maxBytes?: number;
  now?: () => number;
}

export interface AppLog {
  /** The file written now. */
  readonly file: string;
  readonly folder: string;
  /** A core LogSink writing to the file (the logger has redacted the entry; the file transport does it again). */
  readonly sink: LogSink;
  /** The last lines of the current file (at most `max`, from its last 64 KiB), for a diagnostics export. */
  recentLines(max: number): string[];
}

/** Shift main.log → main.1.log → … → main.N.log; the oldest falls off the end. */
function rotate(file: string, archives: number): void {
  const { dir, name, ext } = parse(file);
  const archive = (n: number): string => join(dir, `${name}.${n}${ext}`);
  rmSync(archive(archives), { force: true });
  for (let n = archives - 1; n >= 1; n--) if (existsSync(archive(n))) renameSync(archive(n), archive(n + 1));
  renameSync(file, archive(1));
}

function removeOldArchives(folder: string, keepMs: number, now: number): void {
  const pattern = new RegExp(`^${parse(LOG_FILE_NAME).name}\\.\\d+\\.log$`);
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    const path = join(folder, name);
    if (pattern.test(name) && now - statSync(path).mtimeMs > keepMs) rmSync(path, { force: true });
  }
}

/** How much of the file's end recentLines reads: the file may be a MiB, a diagnostics export needs its end. */
const TAIL_BYTES = 64 * 1024;

function tailLines(file: string, max: number): string[] {
  if (!existsSync(file)) return [];
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    // A read that starts mid-file starts mid-line: that first piece is not a whole line.
    if (start > 0) lines.shift();
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-max);
  } finally {
    closeSync(fd);
  }
}

export function createAppLog(deps: AppLogDeps): AppLog {
  const folder = deps.app.getPath('logs');
  const file = join(folder, LOG_FILE_NAME);
  const log = electronLog.create({ logId: 'herald' });
  removeOldArchives(folder, LOG_KEEP_DAYS * 24 * 3600 * 1000, (deps.now ?? Date.now)());
  // The console is the core logger's stderr sink; electron-log writes only the file.
  log.transports.console.level = false;
  log.transports.file.level = deps.level ?? 'info';
  log.transports.file.maxSize = deps.maxBytes ?? LOG_MAX_BYTES;
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.archiveLogFn = (old) => rotate(old.toString(), LOG_ARCHIVES);
  log.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] {text}';
  // Owner-only: which servers and when is nobody else's business on a shared machine.
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  // At write time, whatever reached electron-log (its own error catching included) is redacted once more.
  log.hooks.push((message) => ({ ...message, data: message.data.map((d: unknown) => (typeof d === 'string' ? redactLine(d) : redactValue(d))) }));
  return {
    file,
    folder,
    sink: (level, scope, msg, fields) => log[level](formatEntry(level, scope, msg, fields)),
    recentLines: (max) => tailLines(file, max),
  };
}
