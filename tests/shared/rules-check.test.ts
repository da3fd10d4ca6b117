/**
 * The one rulebook for rules, saved views and digests (settings file, import, `--rules FILE`): what it keeps, and a
 * refusal that names the bad entry (its place and name) and the field, as codes a display puts in words.
 */
import fc from 'fast-check';
import { checkRules, checkRulesFile, checkSavedViews, checkSourceDigests, RULE_LIMITS } from '../../src/shared/rules-check';

const good = { id: 'rule-1', name: 'CI failures', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'failed' } }, actions: { sound: 'urgent' }, continue: false };

describe('rules rulebook', () => {
  it('keeps a good rule as written, drops unknown fields, fills scope, match and continue', () => {
    expect(checkRules([{ ...good, extra: 1 }])).toEqual({ ok: true, value: [good] });
    expect(checkRules([{ id: 'r', name: 'all' }])).toEqual({ ok: true, value: [{ id: 'r', name: 'all', scope: { kind: 'global' }, match: {}, actions: {}, continue: false }] });
  });

  it('names the rule and the field it refuses', () => {
    const bad = { ...good, id: 'rule-2', name: 'Deploys', actions: { sound: 'loud' } };
    expect(checkRules([good, bad])).toEqual({ ok: false, problem: { code: 'bad_sound', field: 'actions.sound', index: 1, name: 'Deploys' } });
    expect(checkRules([good, { ...good, match: { priority: { min: 5, max: 2 } } }])).toMatchObject({ ok: false, problem: { code: 'bad_priority', index: 1 } });
    expect(checkRules([good, good])).toMatchObject({ ok: false, problem: { code: 'duplicate_id', index: 1 } });
    expect(checkRules([{ ...good, match: { title: { kind: 'regex', pattern: 'a+' } } }])).toMatchObject({ ok: false, problem: { code: 'bad_matcher', field: 'match.title' } });
    expect(checkRules([{ ...good, match: { body: { kind: 'pattern', pattern: 'x'.repeat(RULE_LIMITS.textLength + 1) } } }])).toMatchObject({ ok: false, problem: { code: 'bad_matcher' } });
    expect(checkRules([{ ...good, actions: { digestMinutes: 0 } }])).toMatchObject({ ok: false, problem: { code: 'bad_digest' } });
    expect(checkRules({})).toMatchObject({ ok: false, problem: { code: 'not_a_list' } });
  });

  it('saved views and digests', () => {
    const view = { id: 'view-ops', name: 'Ops, unread, priority ≥ 4', filter: { sources: ['ops'], unreadOnly: true, minPriority: 4, includeRouted: true } };
    expect(checkSavedViews([view])).toEqual({ ok: true, value: [view] });
    expect(checkSavedViews([{ ...view, filter: { unreadOnly: 'yes' } }])).toMatchObject({ ok: false, problem: { code: 'bad_flag', index: 0 } });
    expect(checkSourceDigests({ 'ci-builds': { minutes: 30 } })).toEqual({ ok: true, value: { 'ci-builds': { minutes: 30 } } });
    expect(checkSourceDigests({ 'ci-builds': { minutes: 24 * 60 + 1 } })).toMatchObject({ ok: false, problem: { code: 'bad_digest' } });
    expect(checkRulesFile({ rules: [good], digests: { cli: { minutes: 30 } } })).toEqual({ ok: true, value: { rules: [good], digests: { cli: { minutes: 30 } } } });
  });

  it('refuses a rules file with a key it does not hold (a misspelt "rules" is not a file without rules)', () => {
    expect(checkRulesFile({ rule: [{ id: 'a', name: 'A' }] })).toEqual({ ok: false, problem: { code: 'unknown_field', field: 'rule' } });
    expect(checkRulesFile({ rules: [], digest: {} })).toEqual({ ok: false, problem: { code: 'unknown_field', field: 'digest' } });
    expect(checkRulesFile({})).toEqual({ ok: true, value: { rules: [] } });
  });

  it('never throws, and what it keeps passes again unchanged', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        for (const check of [checkRules, checkSavedViews, checkSourceDigests, checkRulesFile] as const) {
          const first = check(v);
          if (first.ok) expect(check(first.value)).toEqual(first);
        }
      }),
      { numRuns: 500 },
    );
  });
});
