/**
 * What `herald publish` says when a message does not get through, in English and Simplified Chinese (the reader's
 * LANG, like outbox-words.ts). Words first; the HTTP status and the server's own reason, cleaned at the
 * publisher-text boundary, follow as a detail and never replace them.
 */
import { EXIT_SOURCE_REFUSED } from './subscribe-words';
import type { UiLanguage } from '../shared/language';
import type { ActionProblem } from './ntfy-action';

/** Exit statuses of `herald publish` (said in its --help and the README). */
export const PUBLISH_EXIT = {
  published: 0,
  /** The server did not take the message, or could not be reached. */
  failed: 1,
  /** A usage mistake (main's rule for every command). */
  usage: 2,
  /** The server refused the credentials (401, 403): the same status `herald subscribe` ends with for them. */
  refused: EXIT_SOURCE_REFUSED,
} as const;

export type PublishFailure = 'refused' | 'not_found' | 'too_large' | 'rate_limited' | 'rejected' | 'server' | 'unreachable' | 'no_id';

interface PublishWords {
  failure: Record<PublishFailure, string>;
  action(index: number, problem: ActionProblem): string;
}

const ACTION_PROBLEMS: Record<UiLanguage, Record<ActionProblem, string>> = {
  en: {
    unclosed_quote: 'a quote is opened and never closed',
    unknown_action: 'it must start with view, http or broadcast',
    missing_label: 'it needs a label (the button text)',
    missing_url: 'view and http actions need a URL',
    not_http_url: 'the URL must be an http or https address',
    extra_field: 'it has more fields than action, label and URL; quote a value that holds a comma',
    bad_clear: 'clear must be true or false',
    bad_method: 'method must be one word, such as POST',
    wrong_kind_field: 'a field belongs to another kind of action (method, headers, body: http; intent, extras: broadcast; url: not broadcast)',
  },
  'zh-CN': {
    unclosed_quote: '有一个引号没有闭合',
    unknown_action: '必须以 view、http 或 broadcast 开头',
    missing_label: '需要一个标签（按钮上的文字）',
    missing_url: 'view 和 http 操作需要一个 URL',
    not_http_url: 'URL 必须是 http 或 https 地址',
    extra_field: '字段多于操作、标签和 URL；含逗号的值请加引号',
    bad_clear: 'clear 必须是 true 或 false',
    bad_method: 'method 必须是一个词，例如 POST',
    wrong_kind_field: '有字段属于另一种操作（method、headers、body 属于 http；intent、extras 属于 broadcast；broadcast 没有 url）',
  },
};

const WORDS: Record<UiLanguage, PublishWords> = {
  en: {
    failure: {
      refused: 'the server refused the credentials: check --token, or --user and its password',
      not_found: 'the server has no such place to publish to: check --server and --channel',
      too_large: 'the server refused the message as too large',
      rate_limited: 'the server is limiting requests: try again later',
      rejected: 'the server did not accept the message',
      server: 'the server failed to take the message: try again later',
      unreachable: 'cannot reach the server',
      no_id: 'the server took the message but did not say its id',
    },
    action: (index, problem) => `--action ${index}: ${ACTION_PROBLEMS.en[problem]}`,
  },
  'zh-CN': {
    failure: {
      refused: '服务器拒绝了凭据：请检查 --token，或 --user 及其密码',
      not_found: '服务器上没有这个发布位置：请检查 --server 和 --channel',
      too_large: '服务器因消息过大而拒绝',
      rate_limited: '服务器正在限制请求：请稍后再试',
      rejected: '服务器没有接受这条消息',
      server: '服务器未能接收这条消息：请稍后再试',
      unreachable: '无法连接到服务器',
      no_id: '服务器接收了消息，但没有给出它的 id',
    },
    action: (index, problem) => `--action ${index}：${ACTION_PROBLEMS['zh-CN'][problem]}`,
  },
};

export function publishWords(lang: UiLanguage): PublishWords {
  return WORDS[lang];
}

/** Which failure an HTTP status means for a publish. */
export function failureOfStatus(status: number): PublishFailure {
  if (status === 401 || status === 403) return 'refused';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'server' : 'rejected';
}
