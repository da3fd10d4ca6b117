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

const stderrSink: LogSink = (level, scope, msg, fields) => {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  process.stderr.write(`[${level}] ${scope}: ${msg}${extra}\n`);
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
