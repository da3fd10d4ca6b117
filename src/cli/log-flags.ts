/**
 * `--log-file FILE` and `--verbose`, the same for every command. The logger redacts every entry before it is written
 * (src/core/base/log.ts → src/shared/log-redact.ts), so a log file can be attached to a bug report.
 */
import type { UiLanguage } from '../shared/language';
import { createLogger, defaultLevel, formatEntry, type Logger } from '../core/base/log';
import { openLogFile } from '../core/base/log-file';
import { CliFailure, cliLanguage, type CliIO } from './io';

export const LOG_FLAGS = {
  'log-file': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

export const LOG_HELP: Record<UiLanguage, string> = {
  en: `  --log-file FILE     append a log to FILE (info and up; everything with --verbose). Tokens, passwords, keys,
                      Authorization and Cookie headers and user info in URLs are redacted before writing
  --verbose           log everything, each request included (to stderr unless --log-file is given)`,
  'zh-CN': `  --log-file FILE     把日志追加写入 FILE（info 及以上；加 --verbose 时记录全部）。令牌、密码、密钥、
                      Authorization 与 Cookie 请求头以及 URL 中的用户信息在写入前都会被隐去
  --verbose           记录全部内容，包括每个请求（未给 --log-file 时写到 stderr）`,
};

export interface CliLog {
  logger: Logger;
  close(): void;
}

export function openCliLog(values: { 'log-file'?: string | undefined; verbose?: boolean | undefined }, io: CliIO, scope: string): CliLog {
  const file = values['log-file'];
  const level = values.verbose ? 'debug' : file ? 'info' : defaultLevel();
  if (!file) return { logger: createLogger(scope, level, (l, s, msg, fields) => io.err(formatEntry(l, s, msg, fields))), close: () => {} };
  let out: ReturnType<typeof openLogFile>;
  try {
    out = openLogFile(file);
  } catch (err) {
    // Exit status 73 (EX_CANTCREAT, sysexits.h): the log file cannot be opened for writing.
    const why = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CliFailure(cliLanguage(io.env) === 'zh-CN' ? `无法写入日志文件 ${file}：${why}` : `cannot write the log file ${file}: ${why}`, 73);
  }
  return { logger: createLogger(scope, level, out.sink), close: () => out.close() };
}
