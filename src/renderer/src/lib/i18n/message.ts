/**
 * A message whose words depend on the count `{n}`, chosen with Intl.PluralRules ("1 attempt", "2 attempts").
 * English needs `one` and `other`; Chinese has one form, so its messages stay plain strings.
 */
export type Plural = { readonly one: string; readonly other: string };
export type Message = string | Plural;
