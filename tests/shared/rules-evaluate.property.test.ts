/**
 * Properties of rule evaluation (issue 25): the result follows the list's order — the matched rules are exactly the
 * ones that match on their own, in order, up to and including the first without `continue`; nothing is thrown on
 * any input; and the work grows linearly with the text (counted in steps, ruleWork, never timed).
 */
import fc from 'fast-check';
import { evaluateRules, type RuleItem } from '../../src/shared/rules-evaluate';
import { ruleWork } from '../../src/shared/rules-text-match';
import type { Rule, TextMatcher } from '../../src/shared/rules';
import type { Priority } from '../../src/shared/events';

// A small alphabet (with a full-width letter, Chinese and spaces) so that generated rules and items meet often.
const letters = fc.constantFrom('a', 'b', 'A', 'ａ', '失', '败', ' ', '\n');
const smallText = fc.array(letters, { maxLength: 12 }).map((cs) => cs.join(''));
const priority = fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<Priority>;

const matcher: fc.Arbitrary<TextMatcher> = fc.oneof(
  smallText.filter((t) => t.trim() !== '').map((words) => ({ kind: 'words' as const, words })),
  fc.array(fc.constantFrom('a', 'b', '失', '*', '?', ' '), { minLength: 1, maxLength: 8 }).map((cs) => ({ kind: 'pattern' as const, pattern: cs.join('') })),
);

const rule: fc.Arbitrary<Rule> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.string({ maxLength: 4 }),
  scope: fc.oneof(fc.constant({ kind: 'global' as const }), fc.constantFrom('s1', 's2').map((sourceId) => ({ kind: 'source' as const, sourceId }))),
  match: fc.record(
    {
      title: matcher,
      body: matcher,
      tags: fc.array(fc.constantFrom('ci', 'CI', 'ops'), { maxLength: 2 }),
      priority: fc.tuple(priority, priority).map(([a, b]) => ({ min: Math.min(a, b) as Priority, max: Math.max(a, b) as Priority })),
      channel: fc.constantFrom('ci', 'ops'),
      eventTypes: fc.subarray(['notification', 'system'] as const, { minLength: 1 }),
      hasSenderActions: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  actions: fc.record({ sound: fc.constantFrom('none', 'default', 'urgent'), priority, addTags: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }) }, { requiredKeys: [] }),
  continue: fc.boolean(),
});

const item: fc.Arbitrary<RuleItem> = fc.record({
  sourceId: fc.constantFrom('s1', 's2'),
  type: fc.constantFrom('notification', 'system'),
  title: smallText,
  body: smallText,
  tags: fc.array(fc.constantFrom('ci', 'ops', 'Ｃｉ'), { maxLength: 3 }),
  priority,
  channel: fc.option(fc.constantFrom('ci', 'CI', 'ops'), { nil: undefined }),
  hasSenderActions: fc.boolean(),
  sealed: fc.boolean(),
});

const matchesAlone = (r: Rule, i: RuleItem) => evaluateRules([r], i).matched.length === 1;

describe('rule evaluation properties', () => {
  it('matched rules are those matching alone, in order, up to the first without continue', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), item, (rules, it) => {
        const expected: number[] = [];
        for (const [index, r] of rules.entries()) {
          if (!matchesAlone(r, it)) continue;
          expected.push(index);
          if (!r.continue) break;
        }
        const out = evaluateRules(rules, it);
        expect(out.matched.map((m) => m.index)).toEqual(expected);
        if (expected.length > 0 && !rules[expected.at(-1)!]!.continue) {
          // First match wins: whatever follows it changes nothing.
          expect(evaluateRules([...rules, ...rules.slice(0, 3)], it)).toEqual(out);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the last matched rule sets each action it names (a later one overrides an earlier)', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), item, (rules, it) => {
        const out = evaluateRules(rules, it);
        const last = out.matched.at(-1);
        if (last === undefined) {
          expect(out.actions).toEqual({});
          return;
        }
        const lastActions = rules[last.index]!.actions;
        if (lastActions.sound !== undefined) expect(out.actions.sound).toBe(lastActions.sound);
        if (lastActions.priority !== undefined) expect(out.actions.priority).toBe(lastActions.priority);
        for (const t of lastActions.addTags ?? []) expect(out.actions.addTags).toContain(t);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the rules and the item are', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const anyItem = fc.record({ sourceId: anyText, type: fc.anything(), title: anyText, body: anyText, tags: fc.array(anyText), priority: fc.anything(), channel: fc.option(anyText, { nil: undefined }), hasSenderActions: fc.anything(), sealed: fc.anything() });
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(rule, fc.anything() as fc.Arbitrary<Rule>)), fc.anything() as fc.Arbitrary<Rule[]>), anyItem as fc.Arbitrary<RuleItem>, (rules, it) => {
        const out = evaluateRules(rules, it);
        expect(Array.isArray(out.matched)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('work grows linearly with the text: twice the text, at most 2.2 times the steps', () => {
    const hostileRule = (pattern: string): Rule => ({ id: 'r', name: 'r', scope: { kind: 'global' }, match: { title: { kind: 'pattern', pattern }, body: { kind: 'words', words: pattern.replaceAll('*', ' ') } }, actions: {}, continue: false });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '*', '?', '失'), { minLength: 1, maxLength: 40 }).map((cs) => cs.join('')),
        fc.array(fc.constantFrom('a', 'b', '失', ' '), { minLength: 1, maxLength: 6 }).map((cs) => cs.join('')),
        (pattern, unit) => {
          const r = hostileRule(pattern);
          const at = (n: number) => {
            const text = unit.repeat(n);
            const one: RuleItem = { sourceId: 's', type: 'notification', title: text, body: text, tags: [], priority: 3, hasSenderActions: false, sealed: false };
            evaluateRules([r], one); // compile once, so only matching is counted below
            const before = ruleWork();
            evaluateRules([r], one);
            return ruleWork() - before;
          };
          const small = at(500);
          const large = at(1000);
          expect(large).toBeLessThanOrEqual(2.2 * small + 100);
        },
      ),
      { numRuns: 200 },
    );
  });
});
