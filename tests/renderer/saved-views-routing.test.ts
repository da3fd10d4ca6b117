/** Which items a saved view holds once the rules have had their say (local tags, routing): the pure function. */
import { inSavedView } from '../../src/renderer/src/lib/saved-views';
import type { SavedView } from '../../src/shared/rules';
import { makeItem } from './fake-bridge';

const view = (filter: Partial<SavedView['filter']>): SavedView => ({ id: 'view-ops', name: 'Ops', filter: { unreadOnly: false, includeRouted: true, ...filter } });
const routed = { tags: [], view: 'view-ops' };
const none = { tags: [] };

describe('inSavedView with the rules’ outcome', () => {
  it('a routed item is in a view that takes routed items whatever its other conditions, but unread only', () => {
    const low = makeItem(1, { priority: 1, sourceId: 'home' });
    expect(inSavedView(low, view({ minPriority: 5, sources: ['ops'], tags: ['x'] }), routed)).toBe(true);
    expect(inSavedView(low, view({ minPriority: 5 }), none)).toBe(false);
    expect(inSavedView({ ...low, read: true }, view({ unreadOnly: true }), routed)).toBe(false);
    expect(inSavedView(low, view({ minPriority: 5, includeRouted: false }), routed)).toBe(false);
    expect(inSavedView(low, view({ minPriority: 5 }), { tags: [], view: 'view-other' })).toBe(false);
  });

  it('local tags count in a view’s tag filter like the publisher’s, case and width ignored', () => {
    const item = makeItem(1, { tags: ['nightly'] });
    const tagged = view({ tags: ['Nightly', 'ＢＵＩＬＤ'], includeRouted: false });
    expect(inSavedView(item, tagged, none)).toBe(false);
    expect(inSavedView(item, tagged, { tags: ['build'] })).toBe(true);
  });
});
