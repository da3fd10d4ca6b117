/**
 * One small logger with levels. Quiet in tests (HERALD_LOG unset under vitest), stderr otherwise. Every entry is
 * redacted here, before any sink sees it (src/shared/log-redact.ts): a sink cannot forget to, and no secret is ever
 * held in a log buffer.
 */
import { redactLine, redactValue } from '../../shared/log-redact';
import { FORMAT_CONTROL_CLASS } from '../../shared/publisher-text';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export type LogSink = (level: Exclude<LogLevel, 'silent'>, scope: string, msg: string, fields?: Record<string, unknown>) => void;

export function defaultLevel(): LogLevel {
  const env = typeof process !== 'undefined' ? process.env : {};
  const wanted = env.HERALD_LOG as LogLevel | undefined;
  if (wanted && wanted in ORDER) return wanted;
  return env.VITEST ? 'silent' : 'warn';
}

/**
 * Controls a terminal would act on, or that reorder what follows (publisher-text's one list: C0, DEL, C1 — U+009B is
 * CSI to many terminals, and JSON.stringify leaves C1 and bidi controls raw — bidi and zero-width marks), and line
 * breaks, since a log entry is one line.
 */
const TERMINAL_UNSAFE = new RegExp(`[\\n${FORMAT_CONTROL_CLASS}]`, 'g');

/**
 * One log line as it may reach a terminal: log fields quote what servers sent (a skipped event's name, an error's
 * words), so every unsafe character is written as its \uXXXX escape, here, for every line, whatever field holds it.
 */
function terminalSafeLine(line: string): string {
  return line.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One entry as the text of a log line (without time): `[level] scope: message {fields}`, safe for a terminal (a file is read with `cat` too). */
export function formatEntry(level: Exclude<LogLevel, 'silent'>, scope: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return terminalSafeLine(`[${level}] ${scope}: ${msg}${extra}`);
}

export const stderrSink: LogSink = (level, scope, msg, fields) => void process.stderr.write(`${formatEntry(level, scope, msg, fields)}\n`);

/** One sink per destination, each with its own lowest level (the app: the file from info, stderr from warn). */
export function teeSinks(...sinks: Array<{ sink: LogSink; level: LogLevel }>): LogSink {
  return (level, scope, msg, fields) => {
    for (const s of sinks) if (ORDER[level] >= ORDER[s.level]) s.sink(level, scope, msg, fields);
  };
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in ORDER;
}

export function createLogger(scope = 'herald', level: LogLevel = defaultLevel(), sink: LogSink = stderrSink): Logger {
  const at = ORDER[level];
  const emit = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] >= at) sink(l, scope, redactLine(msg), fields === undefined ? undefined : (redactValue(fields) as Record<string, unknown>));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (s) => createLogger(`${scope}.${s}`, level, sink),
  };
}

export const silentLogger: Logger = createLogger('silent', 'silent');
