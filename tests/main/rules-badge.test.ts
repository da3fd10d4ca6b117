/**
 * The badge with content rules (issue 25): a rule's `badge: false` keeps matching items out of the count and a rule's
 * `priority` picks the profile row that decides; judged from the item and the rules, so it holds after a restart.
 */
import { badgeCount, badgeFiltered } from '../../src/main/tray-model';
import type { InboxItem } from '../../src/shared/inbox';
import type { Rule } from '../../src/shared/rules';
import { DEFAULT_SETTINGS, defaultProfile } from '../../src/shared/settings';

function item(n: number, topic: string, over: Partial<InboxItem> = {}): InboxItem {
  const id = `${topic}:m${n}`;
  return { key: `home/${id}`, sourceId: 'home', eventId: id, itemId: id, kind: 'notification', title: `Build ${n}`, body: '', priority: 3, time: '2026-12-07T10:00:00Z', read: false, likes: 0, liked: false, commentCount: 0, ...over };
}

const sources = [{ id: 'home', kind: 'ntfy' as const, url: 'http://127.0.0.1:1', hasToken: false, hasPassword: false }];
const rule = (over: Partial<Rule>): Rule => ({ id: 'r', name: 'r', scope: { kind: 'global' }, match: { channel: 'ci' }, actions: {}, continue: false, ...over });

describe('badge count with rules', () => {
  const items = [item(1, 'ci'), item(2, 'ci'), item(3, 'ops'), item(4, 'ci', { read: true })];

  it('a rule with badge: false leaves its items out', () => {
    const s = { ...DEFAULT_SETTINGS, sources, rules: [rule({ actions: { badge: false } })] };
    expect(badgeFiltered(s)).toBe(true);
    expect(badgeCount(items, s)).toBe(1);
  });

  it('a rule that sets the priority counts by that priority\u2019s row', () => {
    const profile = defaultProfile();
    profile[0] = { ...profile[0]!, badge: false };
    const s = { ...DEFAULT_SETTINGS, sources, profile, rules: [rule({ actions: { priority: 1 } })] };
    expect(badgeCount(items, s)).toBe(1);
    expect(badgeCount(items, { ...s, rules: [] })).toBe(3);
  });

  it('without rules or profile rows that leave items out, nothing is filtered', () => {
    expect(badgeFiltered({ ...DEFAULT_SETTINGS, rules: [rule({ actions: { sound: 'urgent' } })] })).toBe(false);
  });
});
