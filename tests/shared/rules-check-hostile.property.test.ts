/**
 * A rules file edited by hand, or made by someone else: a good rule with one field replaced by anything JSON can say
 * (wrong types, huge or negative numbers, `__proto__` and `constructor` keys, deep nesting). The rulebook never throws;
 * it either keeps the rules (and then only what it knows, which passes again unchanged) or refuses naming the rule
 * (its place) and the field it found wrong — never a rule half taken.
 */
import fc from 'fast-check';
import type { Rule } from '../../src/shared/rules';
import { checkRulesFile } from '../../src/shared/rules-check';

const good: Rule = {
  id: 'ci-failures',
  name: 'CI failures',
  scope: { kind: 'global' },
  match: { channel: 'ci', title: { kind: 'words', words: 'failed' }, tags: ['ci'], priority: { min: 3, max: 5 }, eventTypes: ['notification'], hasSenderActions: false },
  actions: { sound: 'urgent', priority: 5, addTags: ['seen'], view: 'view-ops', digestMinutes: 30 },
  continue: false,
};

const FIELDS = ['id', 'name', 'scope', 'continue', 'match', 'match.title', 'match.body', 'match.tags', 'match.priority', 'match.channel', 'match.eventTypes', 'match.hasSenderActions', 'actions', 'actions.notify', 'actions.sound', 'actions.priority', 'actions.badge', 'actions.markRead', 'actions.addTags', 'actions.view', 'actions.digestMinutes', '__proto__', 'constructor', 'match.__proto__', 'actions.constructor'];

/** Anything JSON can carry, with the keys and numbers an attacker would try. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, 6, 0, -1, 1441, '', ' ', '\u0000', '5', true, null, [], {}),
  fc.constant(JSON.parse('{"__proto__": {"kind": "global", "words": "x", "min": 1, "max": 5}}')),
  fc.integer({ min: 1, max: 2000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
);

function withField(rule: Rule, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(rule)) as Record<string, Record<string, unknown>>;
  const [a, b] = path.split('.') as [string, string | undefined];
  // defineProperty: `__proto__` becomes a key of the file, as JSON.parse makes it, not the object's prototype.
  if (b === undefined) Object.defineProperty(copy, a, { value, enumerable: true, writable: true, configurable: true });
  else Object.defineProperty(copy[a]!, b, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

describe('a hostile rules file', () => {
  it('never throws; refuses naming the rule and a field, or keeps only what it knows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...FIELDS), hostile, (place, field, value) => {
        const rules: unknown[] = [good, { ...good, id: 'b' }, { ...good, id: 'c' }, { ...good, id: 'd' }];
        rules[place] = withField({ ...good, id: `r${place}` }, field, value);
        // Through JSON text and back, as a file is read.
        const file = JSON.parse(JSON.stringify({ rules }));
        const checked = checkRulesFile(file);
        if (!checked.ok) {
          // An id the same as another rule's is refused at the later of the two (the earlier one was fine alone).
          const clash = field === 'id' ? rules.findIndex((r, i) => i !== place && (r as Rule).id === value) : -1;
          expect(checked.problem.index).toBe(clash === -1 ? place : Math.max(place, clash));
          if (clash !== -1) expect(checked.problem.code).toBe('duplicate_id');
          expect(checked.problem.name).toBe(field === 'name' ? (typeof value === 'string' ? value.slice(0, 80) : undefined) : 'CI failures');
          expect(checked.problem.field.length).toBeGreaterThan(0);
          return;
        }
        expect(checked.value.rules).toHaveLength(4);
        for (const r of checked.value.rules) {
          expect(Object.keys(r).sort()).toEqual(['actions', 'continue', 'id', 'match', 'name', 'scope']);
          expect(Object.getPrototypeOf(r.match)).toBe(Object.prototype);
          expect(Object.getPrototypeOf(r.actions)).toBe(Object.prototype);
        }
        expect(checkRulesFile(JSON.parse(JSON.stringify(checked.value)))).toEqual(checked);
      }),
      { numRuns: 1500 },
    );
  });
});
