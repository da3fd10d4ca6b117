import { resolveLanguage as mainResolve } from '../../src/main/strings';
import { resolveLanguage as sharedResolve } from '../../src/shared/language';
import { noticeLanguageOf } from '../../src/shared/notices';

// The window uses the shared rule itself (tests/renderer/i18n.test.ts). The tray (main), the window (renderer) and the CLI's notices must speak the same language for the same locale.
const CASES: [string, 'en' | 'zh-CN'][] = [
  ['zh_CN', 'zh-CN'],
  ['zh_CN.UTF-8', 'zh-CN'],
  ['zh-CN', 'zh-CN'],
  ['zh-TW', 'zh-CN'],
  ['zh', 'zh-CN'],
  ['ZH_cn', 'zh-CN'],
  ['en-US', 'en'],
  ['en_US.UTF-8', 'en'],
  ['zu', 'en'],
  ['', 'en'],
  ['C', 'en'],
];

describe('one language rule for main, the window and the CLI', () => {
  it.each(CASES)('system locale %j reads %s everywhere', (locale, lang) => {
    expect(mainResolve('system', locale)).toBe(lang);
    expect(sharedResolve('system', locale)).toBe(lang);
    expect(noticeLanguageOf(locale)).toBe(lang);
  });

  it('an explicit setting wins over the locale', () => {
    expect(mainResolve('en', 'zh_CN')).toBe('en');
    expect(sharedResolve('zh-CN', 'en-US')).toBe('zh-CN');
  });
});
