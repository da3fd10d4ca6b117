import type { UiLanguage } from '../shared/language';
import type { SourceConfig, SourceKind } from '../core/source';
import { SOURCE_KINDS } from '../shared/settings';
import { oneOf, urlOption } from './args';
import { cliLanguage, UsageError, type CliIO } from './io';
import { sourcesNotJsonLine } from './subscribe-words';
import { KEY_FLAGS, KEY_HELP, keysFromFlags } from './key-flags';
import { inSourcesEntry, usageError } from './usage-words';
import { passwordPrompt, visiblePasswordLine } from './cli-words';

/** Flags naming one source, shared by subscribe and act. */
export const SOURCE_FLAGS = {
  server: { type: 'string' },
  'fallback-url': { type: 'string', multiple: true },
  sources: { type: 'string' },
  source: { type: 'string' },
  channel: { type: 'string', multiple: true },
  token: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  id: { type: 'string' },
  ...KEY_FLAGS,
} as const;

export const SOURCE_HELP: Record<UiLanguage, string> = {
  en: `  --server URL        the server (or HERALD_SERVER)
  --fallback-url URL  another address of the same Herald server, tried in order when the one in use cannot be
                      reached (refused, no route, 502-504); repeatable. The place in the stream is kept when the
                      server there has the same identity, else it starts over with a warning
  --source KIND       herald (default) | nchan | ntfy
  --channel NAME      Nchan channel or ntfy topic (repeatable; required for nchan and ntfy)
  --token TOKEN       bearer token (or HERALD_TOKEN)
  --user U            basic auth (ntfy); the password comes from HERALD_PASSWORD, --password-file FILE,
                      or a prompt when run in a terminal (--password P works but shows in \`ps\`)
  --id ID             the source's id in the data dir (default: derived from kind and URL)
${KEY_HELP.en}
  --sources FILE      several sources at once: a JSON array of {kind, url, fallbackUrls?, channels?, token?, username?,
                      password?, id?, e2eKeys?}`,
  'zh-CN': `  --server URL        服务器（或 HERALD_SERVER）
  --fallback-url URL  同一 Herald 服务器的另一个地址：正在用的地址连不上（被拒绝、无路由、502-504）时按顺序尝试；
                      可重复。那里的服务器身份相同时保留在流中的位置，否则发出警告并从头开始
  --source KIND       herald（默认）| nchan | ntfy
  --channel NAME      Nchan 频道或 ntfy 主题（可重复；nchan 和 ntfy 必填）
  --token TOKEN       Bearer 令牌（或 HERALD_TOKEN）
  --user U            基本认证（ntfy）；密码取自 HERALD_PASSWORD、--password-file FILE，
                      或在终端中运行时提示输入（--password P 也可用，但会在 \`ps\` 中显示出来）
  --id ID             该来源在数据目录中的 id（默认：由类型和 URL 推出）
${KEY_HELP['zh-CN']}
  --sources FILE      一次订阅多个来源：一个 JSON 数组，元素为 {kind, url, fallbackUrls?, channels?, token?, username?,
                      password?, id?, e2eKeys?}`,
};

export interface SourceFlagValues {
  server?: string | undefined;
  'fallback-url'?: string[] | undefined;
  sources?: string | undefined;
  source?: string | undefined;
  channel?: string[] | undefined;
  token?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  'password-file'?: string | undefined;
  id?: string | undefined;
  'key-file'?: string | undefined;
}

/**
 * The password, from the least visible place given: --password-file (first line), HERALD_PASSWORD, then --password
 * (which other users can read in the process list). A prompt fills in what is still missing (`promptPasswords`).
 */
function passwordFrom(values: SourceFlagValues, env: Record<string, string | undefined>, read?: (path: string) => string): string | undefined {
  const file = values['password-file'];
  if (file !== undefined) {
    if (!read) throw usageError('fileFlagNotHere', '--password-file');
    let text: string;
    try {
      text = read(file);
    } catch (err) {
      throw usageError('fileUnreadable', '--password-file', file, (err as NodeJS.ErrnoException).code ?? 'error');
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  return env.HERALD_PASSWORD ?? values.password;
}

export function sourceFromFlags(values: SourceFlagValues, env: Record<string, string | undefined>, read?: (path: string) => string): SourceConfig {
  const url = urlOption(values.server ?? env.HERALD_SERVER, 'server');
  const kind = oneOf<SourceKind>(values.source, 'source', SOURCE_KINDS, 'herald');
  const channels = values.channel ?? [];
  if (kind !== 'herald' && channels.length === 0) throw usageError('needsChannel', kind);
  const config: SourceConfig = { id: values.id ?? defaultId(kind, url, channels), kind, url };
  if (channels.length > 0) config.channels = channels;
  const fallbacks = values['fallback-url'] ?? [];
  // Nchan and ntfy ids are per node unless the nodes share a store Herald cannot see: only Herald says who answers.
  if (fallbacks.length > 0 && kind !== 'herald') throw usageError('fallbackHeraldOnly');
  if (fallbacks.length > 0) config.fallbackUrls = fallbacks.map((u) => urlOption(u, 'fallback-url'));
  const token = values.token ?? env.HERALD_TOKEN;
  if (token) config.token = token;
  if (values.user !== undefined) config.username = values.user;
  const password = values.user !== undefined ? passwordFrom(values, env, read) : values.password;
  if (password !== undefined) config.password = password;
  const keys = keysFromFlags(values, env, kind, read);
  if (keys !== undefined) config.e2eKeys = keys;
  return config;
}

/** Ask for the passwords still missing (a user name without one), without echo, when a terminal is there to ask. */
export async function promptPasswords(configs: SourceConfig[], io: CliIO): Promise<void> {
  for (const c of configs) {
    if (c.username === undefined || c.password !== undefined || !io.promptSecret) continue;
    c.password = await io.promptSecret(passwordPrompt(c.username, new URL(c.url).host, cliLanguage(io.env)));
  }
}

/** --password on the command line is readable by every user of the machine (`ps`): say so. */
export function warnVisiblePassword(values: SourceFlagValues, io: CliIO): void {
  if (values.password !== undefined) io.err(visiblePasswordLine(cliLanguage(io.env)));
}

/** A stable id for a source, so a data dir can hold the cursors of several servers. */
function defaultId(kind: SourceKind, url: string, channels: string[]): string {
  const host = new URL(url).host.replace(/[^a-zA-Z0-9.-]/g, '_');
  return [kind, host, ...channels].join('-').slice(0, 120);
}

/** `--sources FILE` (several sources) or the single-source flags. */
export function sourcesFromFlags(values: SourceFlagValues, env: Record<string, string | undefined>, read: (path: string) => string): SourceConfig[] {
  if (values.sources === undefined) return [sourceFromFlags(values, env, read)];
  if (values.server !== undefined) throw usageError('serverOrSources');
  let text: string;
  try {
    text = read(values.sources);
  } catch (err) {
    throw usageError('fileUnreadable', '--sources', values.sources, (err as NodeJS.ErrnoException).code ?? 'error');
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (err) {
    // Never JSON.parse's message itself: it quotes the file, which holds secrets.
    throw new UsageError(sourcesNotJsonLine(values.sources, text, err, cliLanguage(env)));
  }
  if (!Array.isArray(list) || list.length === 0) throw usageError('sourcesNotList');
  const configs = list.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) throw usageError('sourcesEntry', i + 1);
    const r = raw as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
    const channels = Array.isArray(r.channels) ? r.channels.filter((c): c is string => typeof c === 'string') : undefined;
    const keys = Array.isArray(r.e2eKeys) ? r.e2eKeys.filter((k): k is string => typeof k === 'string') : undefined;
    const fallbacks = Array.isArray(r.fallbackUrls) ? r.fallbackUrls.filter((u): u is string => typeof u === 'string') : undefined;
    try {
      return sourceFromFlags(
        { server: str('url'), 'fallback-url': fallbacks, source: str('kind'), channel: channels, token: str('token'), user: str('username'), password: str('password'), id: str('id') },
        // The language of a mistake comes from the caller's environment; the keys only from the file.
        { LANG: env.LANG, LC_ALL: env.LC_ALL, LC_MESSAGES: env.LC_MESSAGES, ...(keys ? { HERALD_KEY: keys.join('\n') } : {}) },
      );
    } catch (err) {
      // Which entry: a file of several sources would otherwise leave the reader to guess.
      throw err instanceof UsageError ? inSourcesEntry(err, i + 1) : err;
    }
  });
  const ids = new Set(configs.map((c) => c.id));
  if (ids.size !== configs.length) throw usageError('sourcesSameId');
  return configs;
}
