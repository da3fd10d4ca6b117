/**
 * One small logger with levels. Quiet in tests (HERALD_LOG unset under vitest), stderr otherwise. Every entry is
 * redacted here, before any sink sees it (src/shared/log-redact.ts): a sink cannot forget to, and no secret is ever
 * held in a log buffer.
 */
import { redactLine, redactValue } from '../shared/log-redact';

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

/** One entry as the text of a log line (without time): `[level] scope: message {fields}`. */
export function formatEntry(level: Exclude<LogLevel, 'silent'>, scope: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `[${level}] ${scope}: ${msg}${extra}`;
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
