/**
 * The publisher chooses how many tags a message carries (up to the event size) and how long its topic is; the user
 * chooses how many rules ask about tags or the channel. Each side's text is folded once per evaluation: rules asking
 * about tags or the channel must cost what the rules say plus what the item says, never one times the other.
 * Counted in matcher steps (ruleWork), never timed.
 */
import { evaluateRules, RULE_TEXT_READ, type RuleItem } from '../../src/shared/rules-evaluate';
import fc from 'fast-check';
import { compileText, foldText, matchesText, ruleWork } from '../../src/shared/rules-text-match';
import type { Rule } from '../../src/shared/rules';

const RULES = 50;
const WANTED = 5;

function tagRule(i: number): Rule {
  const tags = Array.from({ length: WANTED }, (_, j) => `wanted-${i}-${j}`);
  return { id: `r${i}`, name: `r${i}`, scope: { kind: 'global' }, match: { tags }, actions: { notify: false }, continue: false };
}

function channelRule(i: number): Rule {
  return { id: `c${i}`, name: `c${i}`, scope: { kind: 'global' }, match: { channel: `ops-${i}` }, actions: { notify: false }, continue: false };
}

function item(tags: string[], channel?: string): RuleItem {
  return { sourceId: 's', type: 'notification', title: 't', body: '', tags, priority: 3, ...(channel !== undefined ? { channel } : {}), hasSenderActions: false, sealed: false };
}

function workOf(rules: Rule[], it: RuleItem): number {
  evaluateRules(rules, it); // the rules' own words are folded once, on first use; only the item's share is counted below
  const before = ruleWork();
  const out = evaluateRules(rules, it);
  expect(out.matched).toEqual([]);
  return ruleWork() - before;
}

describe('work of rules asking about tags and the channel', () => {
  it('many rules asking for tags the item lacks: the item’s tags are folded once, not once per rule and per tag asked', () => {
    const tags = Array.from({ length: 500 }, (_, k) => `publisher-tag-${String(k).padStart(6, '0')}`);
    const itemText = tags.join('').length;
    const rules = Array.from({ length: RULES }, (_, i) => tagRule(i));
    const work = workOf(rules, item(tags));
    // Folding the item's tags (their length, with a little per tag) plus looking each asked-for tag up.
    expect(work).toBeLessThanOrEqual(3 * itemText + 100 * RULES * WANTED);
  });

  it('many rules asking for a channel: a long channel name is folded once', () => {
    const channel = 'c'.repeat(20_000);
    const rules = Array.from({ length: RULES }, (_, i) => channelRule(i));
    const work = workOf(rules, item([], channel));
    expect(work).toBeLessThanOrEqual(3 * channel.length + 100 * RULES);
  });

  it('a pattern with ? and characters that grow when folded (⨌ is four ∫, ﷺ eighteen letters): work set by the ?s, not by the folded length', () => {
    // 200 characters as typed, 797 once folded: the work per character of text must not grow with that expansion.
    for (const [pattern, unit] of [
      [`?${'⨌'.repeat(199)}`, `${'∫'.repeat(795)}x`],
      [`?${'ﷺ'.repeat(199)}`, `${'ﷺ'.repeat(198)}x`],
    ] as const) {
      const compiled = compileText({ kind: 'pattern', pattern });
      const text = foldText(unit.repeat(20));
      const before = ruleWork();
      expect(matchesText(compiled, text)).toBe(false);
      const questionMarks = 1;
      expect(ruleWork() - before).toBeLessThanOrEqual(4 * (questionMarks + 1) * text.length);
    }
  });

  it('any pattern, any text (with letters that grow when folded): at most a few steps per character per wildcard', () => {
    const grows = ['a', '∫', '⨌', 'ﷺ', 'ß', 'ﬃ', ' '];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...grows, '?', '*'), { minLength: 1, maxLength: 40 }).map((cs) => cs.join('')),
        fc.array(fc.constantFrom(...grows, 'x'), { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
        (pattern, unit) => {
          const compiled = compileText({ kind: 'pattern', pattern });
          const text = foldText(unit.repeat(300));
          const wildcards = [...pattern].filter((c) => c === '?' || c === '*').length;
          const before = ruleWork();
          matchesText(compiled, text);
          expect(ruleWork() - before).toBeLessThanOrEqual(3 * (wildcards + 2) * text.length + 10);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Unicode normalization puts each run of combining marks in canonical order, and the engine underneath (ICU) does
 * that by insertion: a run of n marks in reverse order costs n². A publisher's 160 KB of alternating marks took
 * seconds to fold. Folding hands normalize() no run longer than Unicode's stream-safe limit (30), so its work per
 * character is bounded. Counted by watching what normalize() is given, never by timing it.
 */
describe('combining marks', () => {
  const MARK = /\p{M}/u;
  function longestMarkRun(text: string): number {
    let longest = 0;
    let run = 0;
    for (const ch of text) {
      run = MARK.test(ch) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  it('a message of 40 000 combining marks in reverse order: normalize never sees a run of more than 30', () => {
    const original = String.prototype.normalize;
    let longest = 0;
    String.prototype.normalize = function (this: string, form?: string) {
      longest = Math.max(longest, longestMarkRun(String(this)));
      return original.call(this, form);
    };
    try {
      const title = `a${'\u0315\u0316'.repeat(20_000)} failed`;
      const body = `b${'\u0315'.repeat(20_000)}${'\u0316'.repeat(20_000)}`;
      const rule: Rule = { id: 'r', name: 'r', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'failed' }, body: { kind: 'pattern', pattern: 'b?*x' } }, actions: {}, continue: false };
      const out = evaluateRules([rule], item([])).matched;
      expect(out).toEqual([]);
      evaluateRules([rule], { ...item([]), title, body });
    } finally {
      String.prototype.normalize = original;
    }
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThanOrEqual(30);
  });

  it('words with a few marks still match as written (é as e + U+0301, Vietnamese stacked marks)', () => {
    const rule: Rule = { id: 'r', name: 'r', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'café lỗi' } }, actions: {}, continue: false };
    expect(evaluateRules([rule], { ...item([]), title: 'Cafe\u0301 LO\u0302\u0303I build' }).matched).toHaveLength(1);
  });
});

/**
 * Many rules × a long message: each rule reads the title and body, so the work is the rules times the text they read.
 * Events may be 256 KB; rules read the first RULE_TEXT_READ characters of each (docs/RULES.md), so 200 rules on the
 * largest body cost what they cost on a 16 000-character one, not 200 passes over 256 KB.
 */
describe('many rules on a long body', () => {
  const rules: Rule[] = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, name: `r${i}`, scope: { kind: 'global' }, match: { body: { kind: 'pattern', pattern: `a*b?c*zz${i}` } }, actions: {}, continue: false }));

  it('200 rules, a 260 KB body: work bounded by the rules times the characters they read', () => {
    const body = 'ab c '.repeat(52_000);
    const it = { ...item([]), body };
    expect(workOf(rules, it)).toBeLessThanOrEqual(rules.length * 4 * RULE_TEXT_READ + 2 * body.length);
  });

  it('what the rules read: a word inside the first RULE_TEXT_READ characters matches, one far past them does not', () => {
    const words = (w: string): Rule => ({ id: 'w', name: 'w', scope: { kind: 'global' }, match: { body: { kind: 'words', words: w } }, actions: {}, continue: false });
    const body = `deploy failed ${'x'.repeat(2 * RULE_TEXT_READ)} rollback done`;
    expect(evaluateRules([words('deploy failed')], { ...item([]), body }).matched).toHaveLength(1);
    expect(evaluateRules([words('rollback done')], { ...item([]), body }).matched).toHaveLength(0);
  });
});
