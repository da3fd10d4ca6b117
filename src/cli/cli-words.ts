/**
 * What every command says the same way, in English and Simplified Chinese (the reader's LANG, by the shared rule): a
 * warning line, a data directory that cannot be used (one wording and one exit status for `subscribe`, `serve` and
 * `act`), the password prompt and the --password warning, and an error nobody foresaw — words first, the error after
 * them as a redacted detail, never the raw message in their place.
 */
import type { UiLanguage } from '../shared/language';
import { redactLine } from '../shared/log-redact';

/** The data directory cannot be created or written: nothing would be remembered, so nothing is started. */
export const EXIT_DATA_DIR_UNWRITABLE = 4;

const WORDS = {
  en: {
    warning: 'warning: ',
    dataDir: (d: string) => `cannot create or write to the data directory ${d} (it is read-only, or not a directory): choose another with --data-dir`,
    visiblePassword: '--password can be read by other users in the process list; use HERALD_PASSWORD, --password-file or the prompt',
    passwordPrompt: (user: string, host: string) => `Password for ${user} at ${host}: `,
    unexpected: 'something Herald did not expect stopped this command: run it again with --verbose --log-file FILE and report the log',
  },
  'zh-CN': {
    warning: '警告：',
    dataDir: (d: string) => `无法创建或写入数据目录 ${d}（只读，或不是目录）：请用 --data-dir 指定其他目录`,
    visiblePassword: '--password 可被本机其他用户在进程列表中看到；请改用 HERALD_PASSWORD、--password-file 或输入提示',
    passwordPrompt: (user: string, host: string) => `${host} 上 ${user} 的密码：`,
    unexpected: '意外的错误使这个命令停止了：请加上 --verbose --log-file FILE 重新运行，并报告日志内容',
  },
} as const;

/** A warning on stderr: the reader's word for "warning", then the text (already in the reader's language). */
export function warningLine(text: string, lang: UiLanguage): string {
  return `${WORDS[lang].warning}${text}`;
}

/** The one line for a data directory that cannot be used; `code` is the system's errno name (EROFS, ENOTDIR…). */
export function dataDirLine(command: string, path: string, code: string | undefined, lang: UiLanguage): string {
  return `herald ${command}: ${WORDS[lang].dataDir(path)}${code ? ` (${code})` : ''}`;
}

export function visiblePasswordLine(lang: UiLanguage): string {
  return warningLine(WORDS[lang].visiblePassword, lang);
}

export function passwordPrompt(user: string, host: string, lang: UiLanguage): string {
  return WORDS[lang].passwordPrompt(user, host);
}

/** At most this much of an unforeseen error's own text follows the words. */
const DETAIL_CHARS = 300;

/**
 * An error no command turned into words (a bug, or a failure of the machine nobody foresaw): said as such, with the
 * error's name and text after the words as a detail — redacted like a log line (a URL's password, a token), and cut
 * short.
 */
export function unexpectedLine(command: string, err: unknown, lang: UiLanguage): string {
  const detail = err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err);
  // Redacted whole, then cut: a cut first could split a secret where the redaction no longer recognises it.
  const safe = redactLine(detail).replace(/\s+/g, ' ');
  const cut = safe.length > DETAIL_CHARS ? `${safe.slice(0, DETAIL_CHARS)}…` : safe;
  const [open, close] = lang === 'zh-CN' ? ['（', '）'] : [' (', ')'];
  return `herald ${command}: ${WORDS[lang].unexpected}${open}${cut}${close}`;
}
