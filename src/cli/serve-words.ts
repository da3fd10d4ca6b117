/**
 * What `herald serve` says, in English and Simplified Chinese (the reader's LANG, by the shared rule): the line it
 * starts with, its warning, the line it stops with, and why it could not start — words first, the system's error
 * code after them as a detail (never the raw message in their place). The exit statuses go with those ends.
 */
import type { ServerStartError } from '../server/start-error';
import type { UiLanguage } from '../shared/language';
import { dataDirLine, EXIT_DATA_DIR_UNWRITABLE, warningLine } from './cli-words';

/** Exit statuses of `herald serve` (said in its --help). */
export const SERVE_EXIT = {
  stopped: 0,
  /** It could not listen, or could not reach Redis. */
  failed: 1,
  usage: 2,
  /** The data directory cannot be created or written: the same status `herald subscribe` ends with for it. */
  dataDir: EXIT_DATA_DIR_UNWRITABLE,
} as const;

const WORDS = {
  en: {
    listening: (url: string) => `Herald server listening on ${url}`,
    demo: ' (demo feed on)',
    redisStore: ' (store: Redis)',
    noToken: (host: string) => `listening on ${host} without --token: anyone who can reach it can publish`,
    stopped: 'stopped',
    inUse: (where: string) => `${where} is already in use (another server?): choose another port with --port`,
    notAllowed: (where: string) => `not allowed to listen on ${where}: choose a port above 1023 with --port`,
    notHere: (where: string) => `cannot listen on ${where}: that address is not one of this machine's; check --host`,
    listen: (where: string) => `cannot listen on ${where}: check --host and --port`,
    redis: (where: string) => `cannot reach Redis at ${where}: check that it runs and its address (--redis or HERALD_REDIS_URL), then start again`,
  },
  'zh-CN': {
    listening: (url: string) => `Herald 服务器正在监听 ${url}`,
    demo: '（演示消息已开启）',
    redisStore: '（存储：Redis）',
    noToken: (host: string) => `在 ${host} 上监听却未设置 --token：任何能访问它的人都能发布`,
    stopped: '已停止',
    inUse: (where: string) => `${where} 已被占用（另一个服务器？）：请用 --port 换一个端口`,
    notAllowed: (where: string) => `无权在 ${where} 上监听：请用 --port 选择 1023 以上的端口`,
    notHere: (where: string) => `无法在 ${where} 上监听：该地址不属于本机，请检查 --host`,
    listen: (where: string) => `无法在 ${where} 上监听：请检查 --host 和 --port`,
    redis: (where: string) => `无法连接 Redis（${where}）：请确认它正在运行、地址无误（--redis 或 HERALD_REDIS_URL）后重新启动`,
  },
} as const;

export function listeningLine(url: string, demo: boolean, redis: boolean, lang: UiLanguage): string {
  const w = WORDS[lang];
  return `${w.listening(url)}${demo ? w.demo : ''}${redis ? w.redisStore : ''}`;
}

export function noTokenLine(host: string, lang: UiLanguage): string {
  return warningLine(WORDS[lang].noToken(host), lang);
}

export function stoppedLine(lang: UiLanguage): string {
  return WORDS[lang].stopped;
}

/** The one line for a server that could not start, and the status to end with. */
export function startFailure(e: ServerStartError, lang: UiLanguage): { line: string; status: number } {
  if (e.problem === 'data_dir') return { line: dataDirLine('serve', e.where, e.code, lang), status: SERVE_EXIT.dataDir };
  const w = WORDS[lang];
  let words: string;
  if (e.problem === 'redis') words = w.redis(e.where);
  else if (e.code === 'EADDRINUSE') words = w.inUse(e.where);
  else if (e.code === 'EACCES') words = w.notAllowed(e.where);
  else if (e.code === 'EADDRNOTAVAIL') words = w.notHere(e.where);
  else words = w.listen(e.where);
  return {
    line: `herald serve: ${words}${e.code ? ` (${e.code})` : ''}`,
    status: SERVE_EXIT.failed,
  };
}
