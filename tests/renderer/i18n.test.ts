import { ERROR_CODES } from '../../src/shared/connection-state';
import { resolveLanguage as sharedResolve } from '../../src/shared/language';
import { connectionTone, connectionWords, errorWords, formatTime, resolveLanguage, translate } from '../../src/renderer/src/lib/i18n';

describe('i18n', () => {
  it('follows the OS language for "system" and honours an explicit choice', () => {
    expect(resolveLanguage('system', 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage('system', 'zh-TW')).toBe('zh-CN');
    expect(resolveLanguage('system', 'de-DE')).toBe('en');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('counts in English agree with the number (Intl.PluralRules), Chinese has one form', () => {
    expect(translate('en', 'failed.attempts', { n: 1 })).toBe('1 attempt');
    expect(translate('en', 'failed.attempts', { n: 3 })).toBe('3 attempts');
    expect(translate('en', 'detail.likes', { n: 1 })).toBe('1 like');
    expect(translate('en', 'detail.likes', { n: 0 })).toBe('0 likes');
    expect(translate('en', 'sync.waiting', { n: 1 })).toBe('1 action waiting for the connection');
    expect(translate('en', 'announce.newItems', { n: 1 })).toBe('1 new notification');
    expect(translate('en', 'conn.malformed', { n: 1 })).toBe('1 unreadable event skipped');
    expect(translate('zh-CN', 'detail.likes', { n: 1 })).toBe('1 个赞');
  });

  it('is the shared rule the tray uses too (one function, so zh_CN reads Chinese in both)', () => {
    expect(resolveLanguage).toBe(sharedResolve);
    expect(resolveLanguage('system', 'zh_CN.UTF-8')).toBe('zh-CN');
  });

  it('names each connection state in both languages', () => {
    expect(connectionWords('zh-CN', { kind: 'open', transport: 'sse', since: 0 })).toBe('已连接');
    expect(connectionWords('zh-CN', { kind: 'backoff', transport: 'sse', attempt: 1, retryAt: 0, error: { code: 'network', message: '' } })).toBe(
      '连接中断，正在重连…',
    );
    expect(connectionWords('zh-CN', { kind: 'offline' })).toBe('离线模式');
    expect(connectionWords('zh-CN', { kind: 'connecting', transport: 'sse', attempt: 0 })).toBe('连接中…');
    expect(connectionWords('zh-CN', { kind: 'paused', reason: 'user' })).toBe('已暂停');
    expect(connectionWords('en', { kind: 'open', transport: 'poll', since: 0 })).toBe('Connected');
    expect(connectionWords('en', { kind: 'failed', error: { code: 'auth', message: '401' } })).toBe(
      'Connection failed: the server refused the credentials',
    );
    expect(connectionTone({ kind: 'failed', error: { code: 'auth', message: '' } })).toBe('bad');
    expect(connectionTone({ kind: 'open', transport: 'sse', since: 0 })).toBe('ok');
  });

  it('has plain words for every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      const en = errorWords('en', { code });
      const zh = errorWords('zh-CN', { code });
      expect(en.length).toBeGreaterThan(3);
      expect(zh.length).toBeGreaterThan(1);
      expect(zh).not.toBe(en);
    }
  });

  it('substitutes parameters once, as text', () => {
    expect(translate('en', 'sync.progress', { done: 3, total: 12 })).toBe('Syncing 3/12');
    expect(translate('zh-CN', 'sync.progress', { done: 3, total: 12 })).toBe('正在同步 3/12');
    // A value that looks like a placeholder stays as written.
    expect(translate('en', 'banner.failed', { reason: '{reason} <b>' })).toBe('Cannot connect: {reason} <b>');
  });

  it('writes counts with the language’s digit grouping', () => {
    expect(translate('en', 'header.unread', { n: 100000 })).toBe('100,000 unread');
    expect(translate('zh-CN', 'header.unread', { n: 100000 })).toBe('100,000 条未读');
    expect(translate('en', 'sync.waiting', { n: 1234 })).toBe('1,234 actions waiting for the connection');
    expect(translate('en', 'header.unread', { n: 7 })).toBe('7 unread');
    // Strings stay as given (an id is not a number to group).
    expect(translate('en', 'action.unknownItem', { id: '100000' })).toBe('item 100000');
  });

  it('formats times in the reader\'s language (time only today, date and time before) without building a formatter per row', () => {
    const now = new Date(2026, 10, 24, 15, 0);
    const today = new Date(2026, 10, 24, 9, 5).toISOString();
    const earlier = new Date(2026, 10, 20, 9, 5).toISOString();
    const expected = (lang: string, iso: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, opts).format(new Date(iso));
    expect(formatTime('en', today, now)).toBe(expected('en', today, { hour: '2-digit', minute: '2-digit' }));
    expect(formatTime('zh-CN', earlier, now)).toBe(expected('zh-CN', earlier, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(formatTime('en', 'not a time', now)).toBe('');
    const Real = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Real>) {
      built++;
      return new Real(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    try {
      for (let i = 0; i < 500; i++) formatTime(i % 2 ? 'en' : 'zh-CN', i % 3 ? today : earlier, now);
    } finally {
      Intl.DateTimeFormat = Real;
    }
    expect(built).toBeLessThanOrEqual(4);
  });
});
