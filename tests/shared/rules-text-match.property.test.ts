/**
 * The rules' text matcher against a plain reference: for any folded text and any pattern, finding the pieces at
 * their leftmost places gives the same answer as trying every way a glob (`*`, `?`) can match anywhere in the text.
 * And words are found in one pass: on text built to make a naive search compare a 200-character word at every
 * place, the counted work stays within a few steps per character.
 */
import fc from 'fast-check';
import { compileText, foldText, matchesText, ruleWork } from '../../src/shared/rules-text-match';

/** Reference: does the glob match some substring of text? Dynamic programming over (pattern, text) positions. */
function referenceGlob(pattern: string, text: string): boolean {
  const p = [...`*${pattern}*`];
  const t = [...text];
  // can[j]: pattern prefix of length i matches text prefix of length j.
  let can = new Array<boolean>(t.length + 1).fill(false);
  can[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    for (let j = 0; j <= t.length; j++) {
      if (c === '*') next[j] = can[j]! || (j > 0 && next[j - 1]!);
      else if (j > 0 && can[j - 1] && (c === '?' || c === t[j - 1])) next[j] = true;
    }
    can = next;
  }
  return can[t.length]!;
}

describe('text matcher', () => {
  it('agrees with the reference glob on any text and pattern (small alphabet, already folded)', () => {
    const ch = fc.constantFrom('a', 'b', 'c');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '*', '?'), { minLength: 1, maxLength: 8 }), fc.array(ch, { maxLength: 20 }), (pat, txt) => {
        const pattern = pat.join('');
        const text = txt.join('');
        expect(matchesText(compileText({ kind: 'pattern', pattern }), foldText(text))).toBe(referenceGlob(pattern, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('words: one pass over the text, however the word repeats itself', () => {
    const word = `${'a'.repeat(199)}b`;
    const compiled = compileText({ kind: 'words', words: word });
    for (const n of [10_000, 20_000]) {
      const text = foldText('a'.repeat(n));
      const before = ruleWork();
      expect(matchesText(compiled, text)).toBe(false);
      expect(ruleWork() - before).toBeLessThanOrEqual(3 * n);
    }
  });
});
