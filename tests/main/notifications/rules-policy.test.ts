/**
 * The policy with rules and digests, on a fake clock (issue 25), with the rules file docs/RULES.md shows:
 * "CI failures from topic ci pop up with the urgent sound, everything else from ci only in a 30-minute digest".
 * A digest is one toast when due, a priority that breaks through ignores it, a restart in the middle keeps what was
 * collected; every item keeps its "why" (NotifyDecision).
 */
import { readFileSync } from 'node:fs';
import { MemoryStore } from '../../../src/core/store';
import { ManualClock } from '../../helpers/manual-clock';
import type { HeraldEvent, Priority } from '../../../src/shared/events';
import type { Rule } from '../../../src/shared/rules';
import { checkRulesFile } from '../../../src/shared/rules-check';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createNotificationPolicy, type Toast } from '../../../src/main/notifications/policy';
import type { UiLanguage } from '../../../src/main/strings';

const example = checkRulesFile(JSON.parse(readFileSync(new URL('../../../docs/examples/ci-rules.json', import.meta.url), 'utf8')));
if (!example.ok) throw new Error(`docs/examples/ci-rules.json is refused: ${JSON.stringify(example.problem)}`);
const CI_RULES: Rule[] = example.value.rules;

const MINUTE = 60_000;

function ntfy(n: number, topic: string, title: string, priority: Priority = 3): HeraldEvent {
  return { id: `${topic}:m${n}`, type: 'notification', time: new Date(1_700_000_000_000 + n).toISOString(), data: { itemId: `${topic}:m${n}`, title, body: `body ${n}`, priority } };
}

function setup(opts: { store?: MemoryStore; clock?: ManualClock; lang?: UiLanguage; rules?: Rule[]; quiet?: boolean } = {}) {
  const clock = opts.clock ?? new ManualClock();
  const toasts: Toast[] = [];
  const markedRead: string[] = [];
  const settings = {
    ...DEFAULT_SETTINGS,
    quietHours: { ...DEFAULT_SETTINGS.quietHours, enabled: opts.quiet ?? false, start: '00:00', end: '23:59' },
    rules: opts.rules ?? CI_RULES,
  };
  const policy = createNotificationPolicy({
    clock,
    quietHours: () => settings.quietHours,
    profiles: () => settings,
    sourceKind: () => 'ntfy',
    digestName: (owner) => (owner.kind === 'rule' ? (settings.rules.find((r) => r.id === owner.id)?.name ?? owner.id) : owner.id),
    paused: () => false,
    language: () => opts.lang ?? 'en',
    localMinutes: () => 12 * 60,
    show: (t) => toasts.push(t),
    markRead: (sourceId, itemId) => markedRead.push(`${sourceId}/${itemId}`),
    burstWindowMs: 1000,
    maxIndividual: 100,
    ...(opts.store ? { store: opts.store } : {}),
  });
  const deliver = (events: HeraldEvent[], catchUp = false) => policy.onEvents({ sourceId: 'home', events, catchUp });
  return { clock, toasts, policy, deliver, settings, markedRead };
}

describe('rules in the notification policy', () => {
  it('a CI failure pops up at once with the urgent sound; its "why" names the rule', () => {
    const { toasts, deliver, policy } = setup();
    deliver([ntfy(1, 'ci', 'Build 7 FAILED on main')]);
    expect(toasts).toEqual([expect.objectContaining({ kind: 'item', title: 'Build 7 FAILED on main', sound: 'urgent' })]);
    expect(policy.decisionFor('home/ci:m1')).toEqual({
      toast: true,
      decidedBy: 'profile_toast',
      profile: { scope: 'global', priority: 3 },
      rules: [{ index: 0, id: 'ci-failures', name: 'CI failures' }],
      sound: 'urgent',
      badge: true,
    });
  });

  it('everything else from ci waits 30 minutes, then one toast "12 new in ci-builds" with the newest title', () => {
    const { toasts, deliver, clock, policy } = setup();
    for (let n = 1; n <= 12; n++) {
      deliver([ntfy(n, 'ci', `Build ${n} passed`)]);
      clock.advance(MINUTE);
    }
    deliver([ntfy(100, 'ops', 'Disk almost full')]);
    expect(toasts.map((t) => t.title)).toEqual(['Disk almost full']);
    expect(policy.decisionFor('home/ci:m3')).toMatchObject({ toast: false, decidedBy: 'digest', digest: { owner: { kind: 'rule', id: 'ci-digest' }, dueAt: 1_700_000_000_000 + 30 * MINUTE } });
    clock.advance(30 * MINUTE - 12 * MINUTE - 1);
    expect(toasts).toHaveLength(1);
    clock.advance(1);
    expect(toasts[1]).toMatchObject({ kind: 'digest', title: '12 new in ci-builds', body: 'Build 12 passed', itemKey: 'home/ci:m12' });
    expect(toasts[1]!.digestKeys).toHaveLength(12);
    // The next item starts a new digest.
    deliver([ntfy(13, 'ci', 'Build 13 passed')]);
    clock.advance(30 * MINUTE);
    expect(toasts.map((t) => t.title).slice(2)).toEqual(['1 new in ci-builds']);
  });

  it('in Chinese: "ci-builds 有 12 条新消息"', () => {
    const { toasts, deliver, clock } = setup({ lang: 'zh-CN' });
    for (let n = 1; n <= 12; n++) deliver([ntfy(n, 'ci', `构建 ${n} 通过`)]);
    clock.advance(30 * MINUTE);
    expect(toasts).toEqual([expect.objectContaining({ kind: 'digest', title: 'ci-builds 有 12 条新消息', body: '构建 12 通过' })]);
  });

  it('a priority that breaks through ignores the digest', () => {
    const { toasts, deliver, policy } = setup();
    deliver([ntfy(1, 'ci', 'Runner pool is down', 5)]);
    expect(toasts).toEqual([expect.objectContaining({ kind: 'item', title: 'Runner pool is down', sound: 'urgent' })]);
    expect(policy.decisionFor('home/ci:m1')).toMatchObject({ toast: true, decidedBy: 'profile_toast', rules: [{ id: 'ci-digest' }] });
  });

  it('a restart in the middle keeps the collected items and the deadline', () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const first = setup({ store, clock });
    for (let n = 1; n <= 5; n++) first.deliver([ntfy(n, 'ci', `Build ${n} passed`)]);
    clock.advance(10 * MINUTE);
    first.policy.dispose();
    clock.advance(5 * MINUTE); // Herald is off
    const second = setup({ store, clock });
    second.deliver([ntfy(6, 'ci', 'Build 6 passed'), ntfy(7, 'ci', 'Build 7 passed')]);
    clock.advance(15 * MINUTE - 1);
    expect(second.toasts).toEqual([]);
    clock.advance(1);
    expect(second.toasts).toEqual([expect.objectContaining({ kind: 'digest', title: '7 new in ci-builds', body: 'Build 7 passed' })]);
    expect(first.toasts).toEqual([]);
  });

  it('a digest due while Herald was off is shown on the next start', () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const first = setup({ store, clock });
    first.deliver([ntfy(1, 'ci', 'Build 1 passed'), ntfy(2, 'ci', 'Build 2 passed')]);
    first.policy.dispose();
    clock.advance(60 * MINUTE);
    const second = setup({ store, clock });
    clock.advance(0);
    expect(second.toasts).toEqual([expect.objectContaining({ kind: 'digest', title: '2 new in ci-builds' })]);
  });

  it('a digest that falls due in quiet hours is not shown (its items are in the list)', () => {
    const { toasts, deliver, clock, settings } = setup();
    deliver([ntfy(1, 'ci', 'Build 1 passed')]);
    settings.quietHours = { ...settings.quietHours, enabled: true };
    clock.advance(30 * MINUTE);
    expect(toasts).toEqual([]);
    settings.quietHours = { ...settings.quietHours, enabled: false };
    deliver([ntfy(2, 'ci', 'Build 2 passed')]);
    clock.advance(30 * MINUTE);
    expect(toasts).toEqual([expect.objectContaining({ kind: 'digest', title: '1 new in ci-builds', body: 'Build 2 passed' })]);
  });

  it('"why" says what held an item back: a rule, the profile, quiet hours', () => {
    const quietRule: Rule = { id: 'mute-ops', name: 'Mute ops', scope: { kind: 'global' }, match: { channel: 'ops' }, actions: { notify: false }, continue: false };
    const { toasts, deliver, policy } = setup({ rules: [quietRule] });
    deliver([ntfy(1, 'ops', 'Disk'), ntfy(2, 'dev', 'low', 1)]);
    expect(toasts).toEqual([]);
    expect(policy.decisionFor('home/ops:m1')).toMatchObject({ toast: false, decidedBy: 'rule_list_only', rules: [{ name: 'Mute ops' }] });
    expect(policy.decisionFor('home/dev:m2')).toMatchObject({ toast: false, decidedBy: 'profile_list_only', rules: [], profile: { scope: 'global', priority: 1 } });
    const quiet = setup({ quiet: true, rules: [] });
    quiet.deliver([ntfy(3, 'dev', 'build'), ntfy(4, 'dev', 'fire', 5)]);
    expect(quiet.policy.decisionFor('home/dev:m3')).toMatchObject({ toast: false, decidedBy: 'quiet_hours' });
    expect(quiet.policy.decisionFor('home/dev:m4')).toMatchObject({ toast: true, decidedBy: 'break_through' });
  });

  it('a rule that marks read asks the shell to mark exactly its items read, caught-up ones too', () => {
    const readOps: Rule = { id: 'read-ops', name: 'Read ops', scope: { kind: 'global' }, match: { channel: 'ops' }, actions: { markRead: true, notify: false }, continue: false };
    const { deliver, markedRead, toasts } = setup({ rules: [readOps] });
    deliver([ntfy(1, 'ops', 'Disk'), ntfy(2, 'ci', 'Build')]);
    deliver([ntfy(3, 'ops', 'Disk again')], true);
    expect(markedRead).toEqual(['home/ops:m1', 'home/ops:m3']);
    expect(toasts.map((t) => t.title)).toEqual(['Build']);
  });
});
