/**
 * The languages Herald speaks, and the one rule that picks one: main (tray, notifications), the window and the CLI
 * all call `resolveLanguage`, so they can never disagree about a locale such as `zh_CN.UTF-8`.
 */

/** What the settings offer: follow the system, or one of the UI languages. */
export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The languages the words are written in. */
export const UI_LANGUAGES = ['en', 'zh-CN'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/**
 * A system locale in any of its spellings (BCP 47 `zh-CN`, POSIX `zh_CN.UTF-8`, bare `zh`, `zh-TW`): any Chinese
 * locale reads Simplified Chinese (the only Chinese table), everything else English.
 */
export function languageOfLocale(locale: string | undefined): UiLanguage {
  return /^zh(?:$|[-_.@])/i.test(locale ?? '') ? 'zh-CN' : 'en';
}

/** `system` follows the OS locale; an explicit choice wins. */
export function resolveLanguage(setting: Language, systemLocale: string | undefined): UiLanguage {
  return setting === 'system' ? languageOfLocale(systemLocale) : setting;
}
