/** The stderr lines of `herald subscribe` say states in words (English or Chinese), never the server's own text. */
import { sourceFailedLine, stateLine } from '../../src/cli/subscribe-words';
import { dataDirLine } from '../../src/cli/cli-words';
import type { ConnectionState } from '../../src/shared/connection-state';

const notFound = { code: 'not_found' as const, message: 'HTTP 404: <html>proxy says hi</html>', status: 404 };
const backoff: ConnectionState = { kind: 'backoff', transport: 'sse', attempt: 2, retryAt: 12_300, error: notFound };

describe('subscribe words', () => {
  it('a backoff says what failed in words, with the status as a detail, and when the next try comes', () => {
    expect(stateLine(backoff, 'en', 0)).toBe('disconnected: the address or channel was not found (HTTP 404); retrying in 12.3 s');
    expect(stateLine(backoff, 'zh-CN', 0)).toBe('已断开：找不到该地址或频道 (HTTP 404)；12.3 秒后重试');
    for (const lang of ['en', 'zh-CN'] as const) expect(stateLine(backoff, lang, 0)).not.toContain('proxy says hi');
  });

  it('every state has a line in both languages', () => {
    const states: ConnectionState[] = [
      { kind: 'connecting', transport: 'poll', attempt: 0 },
      { kind: 'open', transport: 'longpoll', since: 0 },
      backoff,
      { kind: 'offline' },
      { kind: 'paused', reason: 'suspend' },
      { kind: 'failed', error: { code: 'auth', message: 'HTTP 401', status: 401 } },
      { kind: 'stopped' },
    ];
    for (const s of states) {
      expect(stateLine(s, 'en', 0)).toMatch(/^[\x20-\x7e]+$/);
      expect(stateLine(s, 'zh-CN', 0)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the ending lines name the source or directory, in words first', () => {
    expect(sourceFailedLine('http://h:1', { code: 'forbidden', message: 'x', status: 403 }, 'en')).toBe(
      'herald subscribe: http://h:1 does not allow these credentials to read it: check the token, the user or its access, then run again (HTTP 403)',
    );
    expect(dataDirLine('subscribe', '/d', 'EROFS', 'zh-CN')).toBe('herald subscribe: 无法创建或写入数据目录 /d（只读，或不是目录）：请用 --data-dir 指定其他目录 (EROFS)');
  });
});
