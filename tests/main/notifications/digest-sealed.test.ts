/**
 * An encrypted message Herald could not open still goes into a digest by what is not content (its topic), as the
 * docs' ci rules do. When it is the newest, the digest toast says what a single toast says for it — "Encrypted — no
 * key for this source", in the reader's language — never an empty line where the newest title goes; and a readable
 * newest title after it is shown as usual. Fake clock, the docs' example rules.
 */
import { readFileSync } from 'node:fs';
import { MemoryStore } from '../../../src/core/store';
import { ManualClock } from '../../helpers/manual-clock';
import type { HeraldEvent } from '../../../src/shared/events';
import { checkRulesFile } from '../../../src/shared/rules-check';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createNotificationPolicy, type Toast } from '../../../src/main/notifications/policy';
import type { UiLanguage } from '../../../src/main/strings';

const example = checkRulesFile(JSON.parse(readFileSync(new URL('../../../docs/examples/ci-rules.json', import.meta.url), 'utf8')));
if (!example.ok) throw new Error('docs/examples/ci-rules.json is refused');
const settings = { ...DEFAULT_SETTINGS, rules: example.value.rules };

function clear(n: number, title: string): HeraldEvent {
  return { id: `ci:m${n}`, type: 'notification', time: new Date(1_700_000_000_000 + n).toISOString(), data: { itemId: `ci:m${n}`, title, body: '', priority: 3 } };
}
function sealed(n: number): HeraldEvent {
  return { id: `ci:m${n}`, type: 'notification', time: new Date(1_700_000_000_000 + n).toISOString(), data: { itemId: `ci:m${n}`, title: '', body: '', priority: 3, sealed: 'no_key' } };
}

function setup(lang: UiLanguage, store = new MemoryStore(), clock = new ManualClock()) {
  const toasts: Toast[] = [];
  const policy = createNotificationPolicy({
    clock,
    quietHours: () => settings.quietHours,
    profiles: () => settings,
    sourceKind: () => 'ntfy',
    digestName: (owner) => settings.rules.find((r) => r.id === owner.id)?.name ?? owner.id,
    paused: () => false,
    language: () => lang,
    localMinutes: () => 12 * 60,
    show: (t) => toasts.push(t),
    store,
  });
  return { toasts, clock, policy, deliver: (events: HeraldEvent[]) => policy.onEvents({ sourceId: 'home', events, catchUp: false }) };
}

describe('a digest whose newest item is sealed', () => {
  it.each([
    ['en', '2 new in ci-builds', 'Encrypted — no key for this source'],
    ['zh-CN', 'ci-builds 有 2 条新消息', '已加密 — 此来源没有密钥'],
  ] as const)('%s: says it is encrypted, in the reader’s words', (lang, title, body) => {
    const { toasts, clock, deliver, policy } = setup(lang);
    deliver([clear(1, 'Build 1 passed'), sealed(2)]);
    clock.advance(30 * 60_000);
    expect(toasts).toEqual([expect.objectContaining({ kind: 'digest', title, body })]);
    policy.dispose();
  });

  it('kept across a restart, and a readable item after it is the newest title again', () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const first = setup('en', store, clock);
    first.deliver([sealed(1)]);
    first.policy.dispose();
    const second = setup('en', store, clock);
    clock.advance(30 * 60_000);
    expect(second.toasts).toEqual([expect.objectContaining({ kind: 'digest', body: 'Encrypted — no key for this source' })]);
    second.deliver([sealed(2), clear(3, 'Build 3 passed')]);
    clock.advance(30 * 60_000);
    expect(second.toasts.at(-1)).toEqual(expect.objectContaining({ kind: 'digest', title: '2 new in ci-builds', body: 'Build 3 passed' }));
    second.policy.dispose();
  });
});
