/**
 * Words for a count, one rule for the window (src/renderer/src/lib/i18n.ts) and the shell (src/main/strings.ts):
 * the form Intl.PluralRules picks for the language ("1 attempt", "2 attempts"), the number with the language's digit
 * grouping ("100,000").
 */
import type { UiLanguage } from './language';

/** Words that depend on the count `{n}`: English needs `one` and `other`; Chinese has one form (a plain string). */
export type Plural = { readonly one: string; readonly other: string };
export type CountForms = Plural | string;

// Made once per language: building Intl objects costs far more than using them.
const pluralRules = new Map<UiLanguage, Intl.PluralRules>();
const numberFormats = new Map<UiLanguage, Intl.NumberFormat>();

/** The form of `forms` the language uses for `n`. */
export function pluralForm(lang: UiLanguage, forms: CountForms, n: number): string {
  if (typeof forms === 'string') return forms;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n) === 'one' ? forms.one : forms.other;
}

/** A count with the language's digit grouping. */
export function formatCount(lang: UiLanguage, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })));
  return f.format(n);
}

/** The form for `n` with `{n}` written as the count. */
export function countWords(lang: UiLanguage, n: number, forms: CountForms): string {
  return pluralForm(lang, forms, n).replace('{n}', formatCount(lang, n));
}
