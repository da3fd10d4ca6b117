import type { UiLanguage } from '../../shared/language';
import { readFileSync } from 'node:fs';
import { intOption, oneOf, parse } from '../args';
import { cliLanguage, UsageError, type CliIO } from '../io';
import { parseNtfyAction, type NtfyAction } from '../ntfy-action';
import { publishRequest, type PublishFields } from '../publish-request';
import { sealedPublishRequest } from '../publish-encrypt';
import { KEY_HELP, warnOpenKeyFile } from '../key-flags';
import { failureOfStatus, publishWords, PUBLISH_EXIT, type PublishFailure } from '../publish-words';
import { promptPasswords, sourceFromFlags, SOURCE_FLAGS, warnVisiblePassword } from '../source-flags';
import { publisherText } from '../../shared/publisher-text';
import { SYSTEM_LEVELS } from '../../shared/events';
import { serverReason } from '../http';
import { LOG_FLAGS, LOG_HELP, openCliLog } from '../log-flags';
import { usageError } from '../usage-words';

const HELP: Record<UiLanguage, string> = {
  en: `Usage: herald publish --server URL [options]

Publish one message; prints the new message's id (as the server gives it: Herald's event id, ntfy's message id,
Nchan's message id).
  --server URL        the server (or HERALD_SERVER); for Nchan, its publisher location, e.g.
                      http://host/pub/{channel} (without {channel}, the channel is added as the last path segment)
  --source KIND       herald (default) | ntfy | nchan
  --channel NAME      the ntfy topic or Nchan channel (exactly one; required for ntfy and nchan)
  --type TYPE         notification (default) | system | new_comment | like_update (Herald); notification | system
                      (Nchan); notification (ntfy)
  --title TEXT        the title (notification, system)
  --body TEXT         the text (or the comment for new_comment; ntfy's message)
  --priority 1-5      default 3; 5 is urgent
  --url URL           a link to open from the notification (ntfy's click)
  --tag TAG           a tag (repeatable)
  --level LEVEL       system messages: info | warning | critical
  --item ID           new_comment / like_update: the item they belong to
  --author NAME       new_comment: who wrote it
ntfy and Nchan only:
  --action A          a button, in ntfy's short format (repeatable, up to 3), e.g.
                      'view, Open, https://example.com/' | 'http, Close door, https://api.example/door, method=PUT,
                      body="{\\"close\\": true}"' | 'broadcast, Take picture, extras.cmd=pic'; quote a value holding a comma
  --markdown          the text is Markdown
  --attach URL        a file to attach, by URL; --filename NAME names it
  --icon URL          an icon for the notification
  --delay WHEN        ntfy only: deliver later (ntfy's words: 30m, 2h, tomorrow 10am, a unix time)
End-to-end encryption (the server relays what it cannot read; see \`herald keygen --help\`):
  --encrypt           encrypt the notification (everything but where it goes) with the first key
${KEY_HELP.en}
Credentials (as for subscribe):
  --token TOKEN       bearer token (or HERALD_TOKEN)
  --user U            basic auth; the password comes from HERALD_PASSWORD, --password-file FILE, or a prompt
                      when run in a terminal (--password P works but shows in \`ps\`)
${LOG_HELP.en}

Exit status: 0 published; 1 not published (the server did not take it, or could not be reached); 2 a usage
mistake; 3 the server refused the credentials (401, 403). The reason is one line on stderr, in English, or in
Chinese under a zh LANG.`,
  'zh-CN': `用法：herald publish --server URL [options]

发布一条消息；打印新消息的 id（按服务器给出的形式：Herald 的事件 id、ntfy 的消息 id、
Nchan 的消息 id）。
  --server URL        服务器（或 HERALD_SERVER）；Nchan 用它的发布者地址，例如
                      http://host/pub/{channel}（不含 {channel} 时，频道作为最后一段路径追加）
  --source KIND       herald（默认）| ntfy | nchan
  --channel NAME      ntfy 主题或 Nchan 频道（恰好一个；ntfy 和 nchan 必填）
  --type TYPE         notification（默认）| system | new_comment | like_update（Herald）；notification | system
                      （Nchan）；notification（ntfy）
  --title TEXT        标题（notification、system）
  --body TEXT         正文（new_comment 时为评论内容；即 ntfy 的 message）
  --priority 1-5      默认 3；5 表示紧急
  --url URL           从通知打开的链接（即 ntfy 的 click）
  --tag TAG           一个标签（可重复）
  --level LEVEL       系统消息：info | warning | critical
  --item ID           new_comment / like_update：它们所属的条目
  --author NAME       new_comment：作者
仅限 ntfy 和 Nchan：
  --action A          一个按钮，用 ntfy 的简写格式（可重复，最多 3 个），例如
                      'view, Open, https://example.com/' | 'http, Close door, https://api.example/door, method=PUT,
                      body="{\\"close\\": true}"' | 'broadcast, Take picture, extras.cmd=pic'；含逗号的值要加引号
  --markdown          正文是 Markdown
  --attach URL        按 URL 附加一个文件；用 --filename NAME 为它命名
  --icon URL          通知的图标
  --delay WHEN        仅 ntfy：稍后送达（ntfy 的写法：30m、2h、tomorrow 10am、unix 时间）
端到端加密（服务器只转发它读不懂的内容；见 \`herald keygen --help\`）：
  --encrypt           用第一个密钥加密通知（除去送往何处以外的全部内容）
${KEY_HELP['zh-CN']}
凭据（与 subscribe 相同）：
  --token TOKEN       Bearer 令牌（或 HERALD_TOKEN）
  --user U            基本认证；密码取自 HERALD_PASSWORD、--password-file FILE，或在终端中运行时
                      提示输入（--password P 也可用，但会在 \`ps\` 中显示出来）
${LOG_HELP['zh-CN']}

退出状态：0 已发布；1 未发布（服务器没有接受，或无法连接）；2 用法错误；
3 服务器拒绝了凭据（401、403）。原因在 stderr 上输出一行：zh 的 LANG 下为中文，
否则为英文。`,
};

/** subscribe's flags for where and as whom (no --sources, no --id: one message goes to one place). */
const CREDENTIAL_FLAGS = {
  source: SOURCE_FLAGS.source,
  channel: SOURCE_FLAGS.channel,
  token: SOURCE_FLAGS.token,
  user: SOURCE_FLAGS.user,
  password: SOURCE_FLAGS.password,
  'password-file': SOURCE_FLAGS['password-file'],
  'key-file': SOURCE_FLAGS['key-file'],
} as const;

export async function publish(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    ...CREDENTIAL_FLAGS,
    server: { type: 'string' },
    type: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    priority: { type: 'string' },
    url: { type: 'string' },
    tag: { type: 'string', multiple: true },
    level: { type: 'string' },
    item: { type: 'string' },
    author: { type: 'string' },
    action: { type: 'string', multiple: true },
    markdown: { type: 'boolean' },
    attach: { type: 'string' },
    filename: { type: 'string' },
    icon: { type: 'string' },
    delay: { type: 'string' },
    encrypt: { type: 'boolean' },
    ...LOG_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP[cliLanguage(io.env)]);
    return PUBLISH_EXIT.published;
  }
  const words = publishWords(cliLanguage(io.env));
  warnVisiblePassword(values, io);
  warnOpenKeyFile(values, io);
  const config = sourceFromFlags(values, io.env, (p) => readFileSync(p, 'utf8'));
  await promptPasswords([config], io);

  const actions: NtfyAction[] = [];
  for (const [i, text] of (values.action ?? []).entries()) {
    const parsed = parseNtfyAction(text);
    if (!parsed.ok) throw new UsageError(words.action(i + 1, parsed.problem));
    actions.push(parsed.action);
  }
  if (actions.length > 3) throw usageError('atMostActions', 3);
  const fields: PublishFields = {
    type: oneOf(values.type, 'type', ['notification', 'system', 'new_comment', 'like_update'] as const, 'notification'),
    title: values.title,
    body: values.body,
    priority: intOption(values.priority, 'priority', 1, 5),
    url: values.url,
    tags: values.tag,
    level: values.level === undefined ? undefined : oneOf(values.level, 'level', SYSTEM_LEVELS, 'info'),
    itemId: values.item,
    author: values.author,
    actions,
    markdown: values.markdown === true,
    attach: values.attach,
    filename: values.filename,
    icon: values.icon,
    delay: values.delay,
  };
  const request = values.encrypt ? await sealedPublishRequest(config, fields, cliLanguage(io.env)) : publishRequest(config, fields);

  const log = openCliLog(values, io, 'publish');
  const fail = (failure: PublishFailure, detail: string): number => {
    // The reader is told in words on the next line; the log keeps it (info: a --log-file has it, stderr does not repeat it).
    log.logger.info('not published', { failure, detail });
    io.err(`herald publish: ${words.failure[failure]}${detail ? ` (${detail})` : ''}`);
    return failure === 'refused' ? PUBLISH_EXIT.refused : PUBLISH_EXIT.failed;
  };
  try {
    let res: Response;
    try {
      // Logged at debug with its headers: the logger redacts credentials at write time (src/shared/log-redact.ts).
      log.logger.debug('POST', { url: request.url, headers: request.headers, body: request.body });
      res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    } catch (err) {
      log.logger.info('request failed', { url: request.url, error: err });
      const cause = (err as Error & { cause?: { code?: unknown } }).cause;
      return fail('unreachable', `${new URL(request.url).host}${typeof cause?.code === 'string' ? `: ${cause.code}` : ''}`);
    }
    const text = await res.text().catch(() => '');
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined; // not JSON: Nchan's text answer, or a proxy's page
    }
    if (!res.ok) return fail(failureOfStatus(res.status), `HTTP ${res.status}${serverReason(answer, /html/i.test(res.headers.get('content-type') ?? '') ? '' : text)}`);
    // Nchan answers in text when a proxy drops the Accept header: its id is there too.
    const id = request.idOf(answer) ?? /last message id: (\S+)/.exec(text)?.[1] ?? null;
    if (id === null) return fail('no_id', `HTTP ${res.status}`);
    log.logger.info('published', { id });
    io.out(publisherText(id, 'detail'));
    return PUBLISH_EXIT.published;
  } finally {
    log.close();
  }
}
