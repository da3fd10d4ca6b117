/**
 * Usage mistakes in words, English and Simplified Chinese: one table, by code. A command throws `usageError(code,
 * …values)`; `herald` prints it in the reader's language (LANG, by the shared rule) with the line that points to the
 * command's --help. Values a person typed (a flag, a file name) are quoted as they are; Node's own argument-parser
 * messages never reach the reader, only the option they name.
 */
import type { UiLanguage } from '../shared/language';
import { UsageError } from './io';

const EN = {
  unknownOption: (option: string) => `${option} is not an option of this command`,
  missingValue: (option: string) => `${option} needs a value`,
  unexpectedArgument: (arg: string) => `unexpected argument ${arg}`,
  badArguments: () => 'the options could not be read',
  wholeNumber: (name: string, min: number, max: number) => `--${name} must be a whole number from ${min} to ${max}`,
  number: (name: string, min: number, max: number) => `--${name} must be a number from ${min} to ${max}`,
  required: (name: string) => `--${name} is required (e.g. --${name} http://127.0.0.1:8787)`,
  notUrl: (name: string, value: string) => `--${name} is not a URL: ${value}`,
  notHttp: (name: string) => `--${name} must be an http(s) URL`,
  oneOf: (name: string, allowed: string) => `--${name} must be one of ${allowed}`,
  oneChannel: (kind: string) => `publishing to ${kind} takes exactly one --channel`,
  onlyNtfyNchan: (flags: string) => `${flags}: only with --source ntfy or nchan`,
  ntfyNotificationsOnly: () => '--type: ntfy messages are notifications',
  notWithSource: (flags: string, kind: string) => `${flags}: not with --source ${kind}`,
  nchanTypes: () => '--type: Nchan messages are notifications or system messages',
  delayNtfyOnly: () => '--delay: only with --source ntfy (Nchan sends at once)',
  systemCarries: (flags: string) => `${flags}: system messages carry only a title, a text, a level and a priority`,
  levelSystemOnly: () => '--level: only with --type system',
  filenameNeedsAttach: () => '--filename: only with --attach',
  nchanPublisher: () => '--server: for publishing, the Nchan publisher location (e.g. http://host/pub/{channel}), not a subscriber template',
  since: () => '--since must be all, a duration (90s, 30m, 1h, 7d: one unit) or an id',
  sinceNchan: (id: string) => `--since: the Nchan source ${id} can only start from now; run it without --since`,
  filterNotKeyValue: (text: string) => `--filter ${text}: write it as KEY=VALUE (e.g. --filter priority=4,5)`,
  filterUnknownKey: (key: string, keys: string) => `--filter ${key}: not an ntfy filter (${keys})`,
  filterBadValue: (key: string) => `--filter ${key}: ntfy would refuse this value (see herald subscribe --help)`,
  filterNtfyOnly: () => '--filter is for ntfy sources (--source ntfy)',
  fileFlagNotHere: (flag: string) => `${flag} cannot be used here`,
  fileUnreadable: (flag: string, file: string, code: string) => `${flag} ${file}: cannot be read (${code})`,
  needsChannel: (kind: string) => `--source ${kind} needs at least one --channel`,
  fallbackHeraldOnly: () => '--fallback-url works with --source herald only',
  serverOrSources: () => 'give either --server or --sources, not both',
  sourcesNotList: () => '--sources must hold a non-empty JSON array of sources',
  sourcesEntry: (n: number) => `--sources entry ${n} is not an object`,
  sourcesSameId: () => '--sources: two sources have the same id; give them distinct "id"s',
  atMostActions: (max: number) => `--action: at most ${max} (ntfy shows no more)`,
  sayWhatToDo: (verbs: string) => `say what to do: one of ${verbs}`,
  actionInvalid: (detail: string) => `the action cannot be sent as given (${detail}): see herald act --help`,
  storesBoth: () => 'give either --data-dir or --redis, not both (with --redis, Redis keeps everything)',
};

type UsageTable = { [K in keyof typeof EN]: (typeof EN)[K] };

const ZH: UsageTable = {
  unknownOption: (option) => `${option} 不是此命令的选项`,
  missingValue: (option) => `${option} 需要一个值`,
  unexpectedArgument: (arg) => `多余的参数 ${arg}`,
  badArguments: () => '无法读取这些选项',
  wholeNumber: (name, min, max) => `--${name} 必须是 ${min} 到 ${max} 之间的整数`,
  number: (name, min, max) => `--${name} 必须是 ${min} 到 ${max} 之间的数`,
  required: (name) => `必须提供 --${name}（例如 --${name} http://127.0.0.1:8787）`,
  notUrl: (name, value) => `--${name} 不是 URL：${value}`,
  notHttp: (name) => `--${name} 必须是 http(s) 地址`,
  oneOf: (name, allowed) => `--${name} 必须是以下之一：${allowed}`,
  oneChannel: (kind) => `发布到 ${kind} 时必须恰好给出一个 --channel`,
  onlyNtfyNchan: (flags) => `${flags}：只能与 --source ntfy 或 nchan 一起使用`,
  ntfyNotificationsOnly: () => '--type：ntfy 消息只能是通知',
  notWithSource: (flags, kind) => `${flags}：不能与 --source ${kind} 一起使用`,
  nchanTypes: () => '--type：Nchan 消息只能是通知或系统消息',
  delayNtfyOnly: () => '--delay：只能与 --source ntfy 一起使用（Nchan 会立即发送）',
  systemCarries: (flags) => `${flags}：系统消息只有标题、正文、级别和优先级`,
  levelSystemOnly: () => '--level：只能与 --type system 一起使用',
  filenameNeedsAttach: () => '--filename：只能与 --attach 一起使用',
  nchanPublisher: () => '--server：发布时应给出 Nchan 的发布地址（例如 http://host/pub/{channel}），而不是订阅地址模板',
  since: () => '--since 必须是 all、一个时长（90s、30m、1h、7d，只用一个单位）或一个 id',
  sinceNchan: (id) => `--since：Nchan 源 ${id} 只能从现在开始；请去掉 --since 再运行`,
  filterNotKeyValue: (text) => `--filter ${text}：请写成 KEY=VALUE（例如 --filter priority=4,5）`,
  filterUnknownKey: (key, keys) => `--filter ${key}：不是 ntfy 的过滤条件（${keys}）`,
  filterBadValue: (key) => `--filter ${key}：ntfy 会拒绝这个值（见 herald subscribe --help）`,
  filterNtfyOnly: () => '--filter 只用于 ntfy 源（--source ntfy）',
  fileFlagNotHere: (flag) => `此处不能使用 ${flag}`,
  fileUnreadable: (flag, file, code) => `${flag} ${file}：无法读取（${code}）`,
  needsChannel: (kind) => `--source ${kind} 至少需要一个 --channel`,
  fallbackHeraldOnly: () => '--fallback-url 只能与 --source herald 一起使用',
  serverOrSources: () => '--server 和 --sources 只能二选一',
  sourcesNotList: () => '--sources 必须是一个非空的 JSON 数组',
  sourcesEntry: (n) => `--sources 的第 ${n} 项不是对象`,
  sourcesSameId: () => '--sources：有两个源的 id 相同；请给它们不同的 "id"',
  atMostActions: (max) => `--action：最多 ${max} 个（ntfy 不会显示更多）`,
  sayWhatToDo: (verbs) => `请说明要做什么：${verbs} 之一`,
  actionInvalid: (detail) => `无法按所给内容发送该操作（${detail}）：请参阅 herald act --help`,
  storesBoth: () => '--data-dir 和 --redis 只能二选一（使用 --redis 时，一切都保存在 Redis 中）',
};

const TABLE: Record<UiLanguage, UsageTable> = { en: EN, 'zh-CN': ZH };

export type UsageCode = keyof typeof EN;

/** A usage error whose words come from the table; its message is the English, for logs and embedders. */
export function usageError<K extends UsageCode>(code: K, ...values: Parameters<UsageTable[K]>): UsageError {
  const words = (lang: UiLanguage): string => (TABLE[lang][code] as (...v: unknown[]) => string)(...values);
  return new UsageError(words('en'), words);
}

/** Node's parseArgs refusal, said by the option it names (its own message is English prose about the parser). */
export function parseArgsError(err: unknown): UsageError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : '';
  const quoted = /'([^']+)'/.exec(message)?.[1];
  const option = quoted?.split(' ')[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return usageError('unknownOption', option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return usageError('missingValue', option);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted) return usageError('unexpectedArgument', quoted);
  return usageError('badArguments');
}

const IN_ENTRY: Record<UiLanguage, (n: number, words: string) => string> = {
  en: (n, words) => `--sources entry ${n} (its keys stand for the flags named): ${words}`,
  'zh-CN': (n, words) => `--sources 第 ${n} 项（其中的键对应所提到的选项）：${words}`,
};

/** A mistake found in one entry of a --sources file (read as if its keys were the flags), said with the entry. */
export function inSourcesEntry(err: UsageError, n: number): UsageError {
  const words = (lang: UiLanguage): string => IN_ENTRY[lang](n, err.words ? err.words(lang) : err.message);
  return new UsageError(words('en'), words);
}

const SEE_HELP: Record<UiLanguage, (command: string) => string> = {
  en: (command) => `Run \`herald ${command} --help\` for its options.`,
  'zh-CN': (command) => `运行 \`herald ${command} --help\` 查看它的选项。`,
};

const UNKNOWN_COMMAND: Record<UiLanguage, (name: string) => string> = {
  en: (name) => `herald: unknown command "${name}"`,
  'zh-CN': (name) => `herald：没有 "${name}" 这个命令`,
};

/** The lines `herald` prints for a usage mistake in `command`. */
export function usageLines(command: string, err: UsageError, lang: UiLanguage): string {
  return `herald ${command}: ${err.words ? err.words(lang) : err.message}\n${SEE_HELP[lang](command)}`;
}

export function unknownCommandLine(name: string, lang: UiLanguage): string {
  return UNKNOWN_COMMAND[lang](name);
}
