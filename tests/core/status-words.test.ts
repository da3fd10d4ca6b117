import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/core/outbox/send-result';
import { classifyStatus } from '../../src/core/transports/http';
import { ERROR_WORDS } from '../../src/shared/error-words';
import type { UiLanguage } from '../../src/shared/language';

/**
 * The words a user reads for a failed HTTP answer, in both languages, written out: the same words whether the answer
 * came to an action (the outbox) or to a request (loading comments, a stream, "Test connection"). Each side is
 * checked against the literal words below, never against the other side, so a changed mapping fails here.
 */
const EXPECTED: ReadonlyArray<readonly [status: number, en: string, zh: string]> = [
  [400, 'the server rejected the request as invalid', '服务器认为请求无效'],
  [401, 'the server refused the credentials', '服务器拒绝了登录凭据'],
  [403, 'this is not allowed', '不允许此操作'],
  [404, 'the address or channel was not found', '找不到该地址或频道'],
  [408, 'the server took too long to answer', '服务器响应超时'],
  [409, 'the server rejected the request as invalid', '服务器认为请求无效'],
  [410, 'the channel no longer exists', '该频道已不存在'],
  [413, 'the server rejected the request as invalid', '服务器认为请求无效'],
  [418, 'the server gave an unexpected answer', '服务器返回了意外的响应'],
  [422, 'the server rejected the request as invalid', '服务器认为请求无效'],
  [425, 'the server had a problem', '服务器出现问题'],
  [429, 'too many requests, waiting before trying again', '请求过于频繁，稍后重试'],
  [500, 'the server had a problem', '服务器出现问题'],
  [502, 'the server had a problem', '服务器出现问题'],
  [503, 'the server had a problem', '服务器出现问题'],
];

function wordsFor(lang: UiLanguage, code: keyof (typeof ERROR_WORDS)['en']): string {
  return ERROR_WORDS[lang][code];
}

describe('the words for a failed HTTP answer', () => {
  it.each(EXPECTED)('HTTP %i to a request (a source) reads "%s" / "%s"', (status, en, zh) => {
    const { code } = classifyStatus(status).error;
    expect(wordsFor('en', code)).toBe(en);
    expect(wordsFor('zh-CN', code)).toBe(zh);
  });

  it.each(EXPECTED)('HTTP %i to an action (the outbox) reads "%s" / "%s"', (status, en, zh) => {
    const outcome = classifyResponse({ ok: false, status, body: null });
    if (outcome.kind === 'ack') throw new Error(`HTTP ${status} was taken as an acknowledgement`);
    expect(wordsFor('en', outcome.error.code)).toBe(en);
    expect(wordsFor('zh-CN', outcome.error.code)).toBe(zh);
  });
});
