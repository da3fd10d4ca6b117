/**
 * What a rule matches and what it decides, as a user writing rules would check it: words regardless of case and
 * width (Chinese as written), globs, tags, priority ranges, channels, sender actions, scope, sealed items; the first
 * matching rule wins unless it says continue.
 */
import { evaluateRules, ruleItemOf, type RuleItem } from '../../src/shared/rules-evaluate';
import type { HeraldEvent } from '../../src/shared/events';
import type { Rule, RuleMatch, RuleActions } from '../../src/shared/rules';

function item(over: Partial<RuleItem> = {}): RuleItem {
  return { sourceId: 'ci', type: 'notification', title: 'Build 42 failed', body: 'main: 3 tests failed', tags: ['ci', 'red'], priority: 3, hasSenderActions: false, sealed: false, ...over };
}

let n = 0;
function rule(match: RuleMatch, actions: RuleActions = { notify: false }, over: Partial<Rule> = {}): Rule {
  n++;
  return { id: `rule-${n}`, name: `rule ${n}`, scope: { kind: 'global' }, match, actions, continue: false, ...over };
}

const hits = (r: Rule, i: RuleItem) => evaluateRules([r], i).matched.length === 1;

describe('text matchers', () => {
  it('plain words ignore case and width, and match Chinese as written', () => {
    expect(hits(rule({ title: { kind: 'words', words: 'BUILD 42' } }), item())).toBe(true);
    expect(hits(rule({ title: { kind: 'words', words: 'ｂｕｉｌｄ　４２' } }), item())).toBe(true);
    expect(hits(rule({ title: { kind: 'words', words: '42 build' } }), item())).toBe(false);
    expect(hits(rule({ body: { kind: 'words', words: '构建失败' } }), item({ body: 'ci-builds：主分支构建失败了' }))).toBe(true);
    expect(hits(rule({ body: { kind: 'words', words: '构建成功' } }), item({ body: 'ci-builds：主分支构建失败了' }))).toBe(false);
    expect(hits(rule({ title: { kind: 'words', words: 'build   42' } }), item({ title: 'build\n42 failed' }))).toBe(true);
    expect(hits(rule({ title: { kind: 'words', words: 'STRASSE' } }), item({ title: 'Hauptstraße gesperrt' }))).toBe(true);
  });

  it('a pattern: * any run, ? one character, found anywhere; regex syntax means nothing', () => {
    expect(hits(rule({ title: { kind: 'pattern', pattern: 'build * failed' } }), item())).toBe(true);
    expect(hits(rule({ title: { kind: 'pattern', pattern: 'build ?? failed' } }), item())).toBe(true);
    expect(hits(rule({ title: { kind: 'pattern', pattern: 'build ? failed' } }), item())).toBe(false);
    expect(hits(rule({ title: { kind: 'pattern', pattern: 'failed*build' } }), item())).toBe(false);
    expect(hits(rule({ title: { kind: 'pattern', pattern: '(a+)+$' } }), item({ title: `${'a'.repeat(40)}!` }))).toBe(false);
    expect(hits(rule({ title: { kind: 'pattern', pattern: '(a+)+$' } }), item({ title: 'x (a+)+$ y' }))).toBe(true);
    expect(hits(rule({ title: { kind: 'pattern', pattern: '部署*失败' } }), item({ title: '部署 prod 失败' }))).toBe(true);
  });
});

describe('other conditions', () => {
  it('tags: every listed tag, folded; priority range; event type; sender actions', () => {
    expect(hits(rule({ tags: ['CI'] }), item())).toBe(true);
    expect(hits(rule({ tags: ['ci', 'green'] }), item())).toBe(false);
    expect(hits(rule({ priority: { min: 4, max: 5 } }), item({ priority: 4 }))).toBe(true);
    expect(hits(rule({ priority: { min: 4, max: 5 } }), item({ priority: 3 }))).toBe(false);
    expect(hits(rule({ eventTypes: ['system'] }), item())).toBe(false);
    expect(hits(rule({ hasSenderActions: true }), item({ hasSenderActions: true }))).toBe(true);
    expect(hits(rule({ hasSenderActions: true }), item())).toBe(false);
  });

  it('channel: the ntfy topic or Nchan channel from the event id; a Herald source has none', () => {
    const e: HeraldEvent = { id: 'ci:abc123', type: 'notification', time: '2026-12-07T10:00:00Z', data: { itemId: 'ci:abc123', title: 't', body: 'b', priority: 3 } };
    expect(hits(rule({ channel: 'CI' }), ruleItemOf(e, 'src-1', 'ntfy'))).toBe(true);
    expect(hits(rule({ channel: 'deploys' }), ruleItemOf(e, 'src-1', 'ntfy'))).toBe(false);
    expect(hits(rule({ channel: 'ci' }), ruleItemOf(e, 'src-1', 'herald'))).toBe(false);
    // An Nchan channel may hold `:` (`<channel>:<seconds>:<tag>`, maybe `~<epoch>`): the rule names the whole channel.
    for (const id of ['alerts:prod:1796083426:0', 'alerts:prod:1796083426:3~2', 'alerts:prod:closed:1796083426000']) {
      const n: HeraldEvent = { ...e, id, data: { ...e.data, itemId: id } } as HeraldEvent;
      expect(hits(rule({ channel: 'alerts:prod' }), ruleItemOf(n as never, 'src-1', 'nchan'))).toBe(true);
      expect(hits(rule({ channel: 'alerts' }), ruleItemOf(n as never, 'src-1', 'nchan'))).toBe(false);
    }
  });

  it('a rule scoped to a source ignores items of other sources', () => {
    const r = rule({}, { notify: false }, { scope: { kind: 'source', sourceId: 'ci' } });
    expect(hits(r, item())).toBe(true);
    expect(hits(r, item({ sourceId: 'ops' }))).toBe(false);
  });

  it('a sealed item matches only on what is not content', () => {
    const sealed = item({ sealed: true, title: '', body: '' });
    expect(hits(rule({ priority: { min: 1, max: 5 }, channel: undefined }), sealed)).toBe(true);
    expect(hits(rule({ title: { kind: 'pattern', pattern: '*' } }), sealed)).toBe(false);
    expect(hits(rule({ tags: ['ci'] }), sealed)).toBe(false);
    const e = { id: 'ci:1', type: 'notification', time: '2026-12-07T10:00:00Z', data: { itemId: 'ci:1', title: '', body: '', priority: 3, sealed: 'no_key' } } as HeraldEvent;
    expect(ruleItemOf(e as Extract<HeraldEvent, { type: 'notification' }>, 's', 'ntfy').sealed).toBe(true);
  });
});

describe('order', () => {
  const failures = rule({ title: { kind: 'words', words: 'failed' } }, { sound: 'urgent' });
  const everything = rule({}, { digestMinutes: 30 });

  it('the first matching rule wins', () => {
    const out = evaluateRules([failures, everything], item());
    expect(out.actions).toEqual({ sound: 'urgent' });
    expect(out.matched).toEqual([{ index: 0, id: failures.id, name: failures.name }]);
    expect(evaluateRules([failures, everything], item({ title: 'Build 43 passed' })).actions).toEqual({ digestMinutes: 30 });
  });

  it('continue goes on; a later action overrides, tags add up', () => {
    const tagIt = rule({}, { addTags: ['seen'], sound: 'default' }, { continue: true });
    const more = rule({ tags: ['ci'] }, { addTags: ['ci-local'], sound: 'urgent' });
    const out = evaluateRules([tagIt, more, everything], item());
    expect(out.actions).toEqual({ addTags: ['seen', 'ci-local'], sound: 'urgent' });
    expect(out.matched.map((m) => m.index)).toEqual([0, 1]);
  });

  it('no rule, or none matching: nothing changes', () => {
    expect(evaluateRules([], item())).toEqual({ actions: {}, matched: [] });
    expect(evaluateRules([rule({ tags: ['nope'] })], item())).toEqual({ actions: {}, matched: [] });
  });
});
