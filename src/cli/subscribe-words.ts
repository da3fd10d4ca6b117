/**
 * What `herald subscribe` says on stderr about its connection — each state change, and the line it ends with when
 * only a person can fix what is wrong — in English and Chinese (the language from LANG, by the shared rule), and the
 * exit statuses that go with those ends: one table, like src/shared/notices.ts, so the words and `--help` cannot
 * drift apart. Raw error text never replaces the words; a
 * status or errno is added after them as a detail.
 */
import type { ConnectionState, ErrorInfo } from '../shared/connection-state';
import { ERROR_WORDS } from '../shared/error-words';
import type { UiLanguage } from '../shared/language';

/** Every source failed for good: the server refused the credentials (or the transport asked for is not offered). */
export const EXIT_SOURCE_REFUSED = 3;

const WORDS = {
  en: {
    connected: (t: string) => `connected (${t})`,
    connecting: (t: string, n: number) => `connecting (${t}, attempt ${n})`,
    backoff: (why: string, s: number) => `disconnected: ${why}; retrying in ${s} s`,
    offline: 'offline',
    paused: { user: 'paused (user)', suspend: 'paused (suspend)', hidden: 'paused (hidden)' },
    failed: (why: string) => `failed: ${why}`,
    stopped: 'stopped',
    auth: (s: string) => `${s} refused the credentials: check the token or password, then run again`,
    forbidden: (s: string) => `${s} does not allow these credentials to read it: check the token, the user or its access, then run again`,
    other: (s: string) => `${s} cannot be used as set up: check --server, --source and --transport, then run again`,
    sourcesNotJson: (f: string, at: string) => `--sources ${f} is not JSON${at}: check its quotes, commas and brackets (a key or password file goes to --key-file)`,
    at: (line: number, column: number) => ` (line ${line}, column ${column})`,
  },
  'zh-CN': {
    connected: (t: string) => `已连接（${t}）`,
    connecting: (t: string, n: number) => `正在连接（${t}，第 ${n} 次）`,
    backoff: (why: string, s: number) => `已断开：${why}；${s} 秒后重试`,
    offline: '离线',
    paused: { user: '已暂停（用户）', suspend: '已暂停（休眠）', hidden: '已暂停（隐藏）' },
    failed: (why: string) => `已失败：${why}`,
    stopped: '已停止',
    auth: (s: string) => `${s} 拒绝了登录凭据：请检查令牌或密码后重新运行`,
    forbidden: (s: string) => `${s} 不允许以这些凭据读取：请检查令牌、用户或其访问权限后重新运行`,
    other: (s: string) => `${s} 无法按当前设置使用：请检查 --server、--source 和 --transport 后重新运行`,
    sourcesNotJson: (f: string, at: string) => `--sources ${f} 不是 JSON${at}：请检查引号、逗号和括号（密钥或密码文件请用 --key-file）`,
    at: (line: number, column: number) => `（第 ${line} 行第 ${column} 列）`,
  },
} as const;

/** The one line for a source that failed for good: words first, the HTTP status after them. */
export function sourceFailedLine(label: string, error: ErrorInfo, lang: UiLanguage): string {
  const w = WORDS[lang];
  const words = error.code === 'auth' ? w.auth(label) : error.code === 'forbidden' ? w.forbidden(label) : w.other(label);
  return `herald subscribe: ${words}${error.status ? ` (HTTP ${error.status})` : ''}`;
}


/** A connection state as the stderr line says it: the error in words, its HTTP status as a detail. */
export function stateLine(s: ConnectionState, lang: UiLanguage, now: number): string {
  const w = WORDS[lang];
  const why = (e: ErrorInfo): string => `${ERROR_WORDS[lang][e.code]}${e.status ? ` (HTTP ${e.status})` : ''}`;
  switch (s.kind) {
    case 'open':
      return w.connected(s.transport);
    case 'connecting':
      return w.connecting(s.transport, s.attempt + 1);
    case 'backoff':
      return w.backoff(why(s.error), Math.max(0, Math.round((s.retryAt - now) / 100) / 10));
    case 'offline':
      return w.offline;
    case 'paused':
      return w.paused[s.reason];
    case 'failed':
      return w.failed(why(s.error));
    case 'stopped':
      return w.stopped;
  }
}

/**
 * A --sources file that does not parse, in words. The file holds tokens, passwords and keys, and JSON.parse's message
 * quotes the text around the mistake: only the position is taken from it (digits), as a line and column.
 */
export function sourcesNotJsonLine(file: string, text: string, parseError: unknown, lang: UiLanguage): string {
  const position = /at position (\d+)/.exec(parseError instanceof Error ? parseError.message : '')?.[1];
  let at = '';
  if (position !== undefined) {
    const before = text.slice(0, Number(position)).split('\n');
    at = WORDS[lang].at(before.length, before.at(-1)!.length + 1);
  }
  return WORDS[lang].sourcesNotJson(file, at);
}
