/** One small logger with levels. Quiet in tests (HERALD_LOG unset under vitest), stderr otherwise. */
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

function defaultLevel(): LogLevel {
  const env = typeof process !== 'undefined' ? process.env : {};
  const wanted = env.HERALD_LOG as LogLevel | undefined;
  if (wanted && wanted in ORDER) return wanted;
  return env.VITEST ? 'silent' : 'warn';
}

/**
 * Controls a terminal would act on, or that reorder what follows: C0 but the tab, DEL, C1 (U+009B is CSI to many
 * terminals; JSON.stringify leaves C1 and bidi controls raw) and the bidi marks, embeddings, overrides and isolates.
 */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * One log line as it may reach a terminal: log fields quote what servers sent (a skipped event's name, an error's
 * words), so every unsafe character is written as its \uXXXX escape, here, for every line, whatever field holds it.
 */
function terminalSafeLine(line: string): string {
  return line.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const stderrSink: LogSink = (level, scope, msg, fields) => {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  process.stderr.write(`${terminalSafeLine(`[${level}] ${scope}: ${msg}${extra}`)}\n`);
};

export function createLogger(scope = 'herald', level: LogLevel = defaultLevel(), sink: LogSink = stderrSink): Logger {
  const at = ORDER[level];
  const emit = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] >= at) sink(l, scope, msg, fields);
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
