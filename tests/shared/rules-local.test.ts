/** The local part of a rule's actions (added tags that are new, the routed view): what the CLI and the window show. */
import { localOutcomeOf, NO_LOCAL_OUTCOME } from '../../src/shared/rules-local';

describe('localOutcomeOf', () => {
  it('keeps only added tags the item does not carry, compared as rules compare tags, each once', () => {
    expect(localOutcomeOf({ addTags: ['Nightly', 'ＢＵＩＬＤ', 'build', 'ops'] }, ['nightly', 42])).toEqual({ tags: ['ＢＵＩＬＤ', 'ops'] });
  });

  it('names the routed view, and is nothing when no rule tagged or routed', () => {
    expect(localOutcomeOf({ addTags: ['x'], view: 'view-ci' }, ['x'])).toEqual({ tags: [], view: 'view-ci' });
    expect(localOutcomeOf({ sound: 'urgent' }, undefined)).toBe(NO_LOCAL_OUTCOME);
    expect(localOutcomeOf({ addTags: ['a'] }, ['A'])).toBe(NO_LOCAL_OUTCOME);
  });
});
