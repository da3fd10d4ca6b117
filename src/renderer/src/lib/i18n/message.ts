/**
 * A message: plain words, or words whose form depends on the count `{n}` ("1 attempt", "2 attempts"). English needs
 * `one` and `other`; Chinese has one form, so its messages stay plain strings. The rule is shared with the shell's
 * words: src/shared/count-words.ts.
 */
import type { CountForms, Plural } from '../../../../shared/count-words';

export type { Plural };
export type Message = CountForms;
