import { InboxIndex } from '../../src/renderer/src/lib/inbox-index';
import { NO_FILTER, filterItems, type FilterResult } from '../../src/renderer/src/lib/inbox-list';
import { LocalRules, localRuleEvaluations } from '../../src/renderer/src/lib/rule-outcomes';
import type { Rule } from '../../src/shared/rules';
import type { InboxChange, InboxItem } from '../../src/shared/inbox';
import { makeItem, makeItems } from './fake-bridge';

/** One batch on a list, through the store's index. */
function applyChanges(items: readonly InboxItem[], changes: readonly InboxChange[]): readonly InboxItem[] {
  const index = new InboxIndex();
  index.load(items);
  index.apply(changes);
  return index.items;
}

const keys = (items: readonly { key: string }[]) => items.map((i) => i.key);

describe('applyChanges', () => {
  it('puts added items in newest-first order, later arrivals first among equal times', () => {
    const start = makeItems(3); // 3, 2, 1
    const same = makeItem(2, { itemId: 'b' }).time;
    const out = applyChanges(start, [
      { kind: 'added', items: [makeItem(5), makeItem(0), makeItem(2, { itemId: 'x', time: same }), makeItem(2, { itemId: 'y', time: same })] },
    ]);
    expect(keys(out)).toEqual(['main/5', 'main/3', 'main/y', 'main/x', 'main/2', 'main/1', 'main/0']);
  });

  it('ignores an item it already has (a replayed batch adds nothing)', () => {
    const start = makeItems(2);
    expect(applyChanges(start, [{ kind: 'added', items: [makeItem(2)] }])).toBe(start);
  });

  it('applies runs of changes as if one by one: a key added twice shows once, the later update of an item wins', () => {
    const out = applyChanges(makeItems(1), [
      { kind: 'added', items: [makeItem(2, { title: 'first' })] },
      { kind: 'added', items: [makeItem(2, { title: 'again' }), makeItem(3)] },
      { kind: 'updated', items: [makeItem(1, { likes: 1 })] },
      { kind: 'updated', items: [makeItem(1, { likes: 2 })] },
      { kind: 'removed', keys: ['main/3'] },
      { kind: 'added', items: [makeItem(3, { title: 'back' })] },
    ]);
    expect(out.map((i) => [i.key, i.title, i.likes])).toEqual([
      ['main/3', 'back', 0],
      ['main/2', 'first', 0],
      ['main/1', 'Item 1', 2],
    ]);
  });

  it('replaces updated items in place and drops removed ones', () => {
    const start = makeItems(3);
    const out = applyChanges(start, [
      { kind: 'updated', items: [makeItem(2, { read: true, likes: 4 })] },
      { kind: 'removed', keys: ['main/1'] },
    ]);
    expect(keys(out)).toEqual(['main/3', 'main/2']);
    expect(out[1]).toMatchObject({ read: true, likes: 4 });
  });

  it('leaves the list untouched for comment-only batches', () => {
    const start = makeItems(2);
    const c = { id: 'c1', itemId: '1', author: 'a', body: 'b', time: '' };
    expect(applyChanges(start, [{ kind: 'comment', itemKey: 'main/1', comment: c }])).toBe(start);
  });
});

describe('filterItems', () => {
  const items = [
    makeItem(4, { kind: 'system', level: 'warning', priority: 5, title: 'Disk almost full' }),
    makeItem(3, { read: true, title: 'Build passed', priority: 2 }),
    makeItem(2, { title: '部署完成', body: '服务已上线' }),
    makeItem(1, { title: 'Weekly report', body: 'Numbers are UP' }),
  ];

  it('filters unread, by type and by minimum priority', () => {
    expect(keys(filterItems(items, { ...NO_FILTER, read: 'unread' }))).toEqual(['main/4', 'main/2', 'main/1']);
    expect(keys(filterItems(items, { ...NO_FILTER, kind: 'system' }))).toEqual(['main/4']);
    expect(keys(filterItems(items, { ...NO_FILTER, kind: 'notification', minPriority: 3 }))).toEqual(['main/2', 'main/1']);
  });

  it('searches title and body, case-insensitively, in Chinese too', () => {
    expect(keys(filterItems(items, { ...NO_FILTER, query: 'up' }))).toEqual(['main/1']);
    expect(keys(filterItems(items, { ...NO_FILTER, query: '上线' }))).toEqual(['main/2']);
    expect(filterItems(items, { ...NO_FILTER, query: '   ' })).toBe(items);
  });

  it('searches the tags an item carries, case and width ignored', () => {
    const tagged = [makeItem(2, { title: 'Deployed', tags: ['prod-eu', 'Release'] }), makeItem(1, { title: 'Nothing to see' })];
    expect(keys(filterItems(tagged, { ...NO_FILTER, query: 'prod-eu' }))).toEqual(['main/2']);
    expect(keys(filterItems(tagged, { ...NO_FILTER, query: 'RELEASE' }))).toEqual(['main/2']);
    expect(keys(filterItems(tagged, { ...NO_FILTER, query: 'ｒｅｌｅａｓｅ' }))).toEqual(['main/2']);
  });

  it('searches the local tags rules add, and evaluates no rule when the text cannot be one of their tags', () => {
    const rule: Rule = {
      id: 'r',
      name: 'On call',
      scope: { kind: 'global' },
      match: { title: { kind: 'words', words: 'failed' } },
      actions: { addTags: ['OnCall'] },
      continue: false,
    };
    const rules = LocalRules.of({ rules: [rule], sources: [] });
    const list = makeItems(50, (n) => ({ title: n % 10 === 0 ? `Build ${n} failed` : `Build ${n} passed` }));
    const before = localRuleEvaluations();
    // "passed" is no tag any rule adds: found in titles without asking the rules about any item.
    expect(filterItems(list, { ...NO_FILTER, query: 'passed' }, undefined, rules)).toHaveLength(45);
    expect(localRuleEvaluations()).toBe(before);
    // "oncall" is: the rules are asked (once per item) and the items they tag are found.
    expect(keys(filterItems(list, { ...NO_FILTER, query: 'oncall' }, undefined, rules))).toEqual(['main/50', 'main/40', 'main/30', 'main/20', 'main/10']);
    expect(localRuleEvaluations() - before).toBe(50);
    expect(keys(filterItems(list, { ...NO_FILTER, query: 'on' }, undefined, rules))).toEqual(['main/50', 'main/40', 'main/30', 'main/20', 'main/10']);
    expect(localRuleEvaluations() - before).toBe(50);
    // Without the rules, nothing carries it.
    expect(filterItems(list, { ...NO_FILTER, query: 'oncall' })).toEqual([]);
  });

  it('gives the same answer when it narrows the last result as when it filters the whole list', () => {
    const items = makeItems(30, (n) => ({ title: n % 3 === 0 ? `Build ${n} passed` : n % 3 === 1 ? `Build ${n} failed` : `Lunch ${n}` }));
    let last: FilterResult | undefined;
    const step = (filter: typeof NO_FILTER, list = items) => {
      const result = filterItems(list, filter, last);
      last = { items: list, filter, result };
      expect(keys(result)).toEqual(keys(filterItems(list, filter)));
      return result;
    };
    for (const query of ['b', 'bu', 'build', 'build 1', 'build', 'pass', 'passed', '']) step({ ...NO_FILTER, query });
    step({ ...NO_FILTER, query: 'build', read: 'unread' });
    step({ ...NO_FILTER, query: 'build' });
    step({ ...NO_FILTER, query: 'build 2' }, [makeItem(200, { title: 'Build 200 passed' }), ...items]);
  });
});
