/**
 * The tray counts its badge again on every change of the list (at most every 100 ms during a burst) and every minute.
 * With rules that touch the badge, counting asks the rules about each unread item: a publisher's flood of thousands
 * of items must not make every recount fold and match every item's text again. An item the rules were already asked
 * about, with the same rules and profiles, costs no matching; a changed item, or changed rules, are asked again.
 * Counted in matcher steps (ruleWork), never timed.
 */
import { ruleWork } from '../../src/shared/rules-text-match';
import { badgeCount } from '../../src/main/tray-model';
import type { InboxItem } from '../../src/shared/inbox';
import type { Rule } from '../../src/shared/rules';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const UNREAD = 3000;

function item(n: number, over: Partial<InboxItem> = {}): InboxItem {
  const id = `ci:m${n}`;
  return { key: `home/${id}`, sourceId: 'home', eventId: id, itemId: id, kind: 'notification', title: `Build ${n} ${n % 2 === 0 ? 'passed' : 'failed'}`, body: 'x'.repeat(500), priority: 3, time: '2026-12-07T10:00:00Z', read: false, likes: 0, liked: false, commentCount: 0, ...over };
}

const sources = [{ id: 'home', kind: 'ntfy' as const, url: 'http://127.0.0.1:1', hasToken: false, hasPassword: false }];
const quietPassed: Rule = { id: 'passed', name: 'passed builds', scope: { kind: 'global' }, match: { title: { kind: 'words', words: 'passed' }, body: { kind: 'pattern', pattern: 'x*y' } }, actions: { badge: false }, continue: false };
const passedOnly: Rule = { ...quietPassed, match: { title: { kind: 'words', words: 'passed' } }, actions: { priority: 3 } };

describe('the badge recount with rules', () => {
  it('counting again with nothing changed asks the rules nothing; a changed item or changed rules are asked again', () => {
    const items = Array.from({ length: UNREAD }, (_, n) => item(n));
    // A fresh settings object each time, as the settings service returns it.
    const settings = (rules: Rule[]) => ({ ...DEFAULT_SETTINGS, sources, rules: structuredClone(rules) });

    let before = ruleWork();
    expect(badgeCount(items, settings([passedOnly]))).toBe(UNREAD);
    const first = ruleWork() - before;
    expect(first).toBeGreaterThan(0);

    // The list rebuilt (new item objects, same items), new settings objects with the same rules: no matching again.
    before = ruleWork();
    expect(badgeCount(items.map((i) => ({ ...i })), settings([passedOnly]))).toBe(UNREAD);
    expect(ruleWork() - before).toBeLessThan(first / 100);

    // One item changed (a sealed item opened with new words): only it is asked again, and it counts as it now reads.
    const changed = items.map((i, n) => (n === 1 ? { ...i, title: 'Build 1 passed' } : i));
    before = ruleWork();
    expect(badgeCount(changed, settings([passedOnly]))).toBe(UNREAD);
    expect(ruleWork() - before).toBeLessThan(first / 100);

    // Rules that touch the badge: the items they match leave the count.
    expect(badgeCount(changed, settings([{ ...passedOnly, actions: { badge: false } }]))).toBe(UNREAD / 2 - 1);
    expect(badgeCount(changed, settings([quietPassed]))).toBe(UNREAD);
  });
});
