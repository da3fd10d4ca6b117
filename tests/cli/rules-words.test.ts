/**
 * The words `herald subscribe --rules` prints, in English and Chinese: the note under an event a rule matched and a
 * digest's line; a rule name or a publisher's title with line breaks or bidi controls stays on its one line.
 */
import { digestLine, ruleNoteLine, DECISION_WORDS } from '../../src/cli/rules-words';
import { DECISION_CODES, type NotifyDecision } from '../../src/shared/rules';

const decision: NotifyDecision = { toast: true, decidedBy: 'profile_toast', profile: { scope: 'global', priority: 3 }, rules: [{ index: 0, id: 'a', name: 'CI failures' }], sound: 'urgent', badge: true };

describe('rules words', () => {
  it('the note under a matched event, in both languages', () => {
    expect(ruleNoteLine(decision, { tags: ['seen'] }, 'en')).toBe('  [rule: CI failures · notifies · urgent sound · tags +seen]');
    expect(ruleNoteLine(decision, { tags: [] }, 'zh-CN')).toBe('  [规则：CI failures · 弹出通知 · 紧急提示音]');
    expect(ruleNoteLine(decision, { tags: ['构建'], view: 'view-ci' }, 'zh-CN')).toBe('  [规则：CI failures · 弹出通知 · 紧急提示音 · 标签 +构建 · 视图 view-ci]');
  });

  it('a digest line, in both languages', () => {
    expect(digestLine(12, 'ci-builds', { title: 'Build 12 passed' }, 'en')).toBe('12 new in ci-builds — Build 12 passed');
    expect(digestLine(12, 'ci-builds', { title: 'Build 12 passed' }, 'zh-CN')).toBe('ci-builds 有 12 条新消息 — Build 12 passed');
    expect(digestLine(3, 'vault', { title: '', sealed: 'no_key' }, 'en')).toBe('3 new in vault — an encrypted message');
    expect(digestLine(3, 'vault', { title: '', sealed: 'no_key' }, 'zh-CN')).toBe('vault 有 3 条新消息 — 一条加密消息');
  });

  it('publisher text and rule names stay on one line', () => {
    expect(digestLine(2, 'ci\u202E', { title: 'a\nb\u2028c' }, 'en')).toBe('2 new in ci — a ↵ b ↵ c');
    expect(ruleNoteLine({ ...decision, rules: [{ index: 0, id: 'a', name: 'x\u2066y' }] }, { tags: [] }, 'en')).not.toMatch(/[\u2066\n]/);
  });

  it('every decision code has words in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) for (const code of DECISION_CODES) expect(DECISION_WORDS[lang][code]).toMatch(/\S/);
  });
});
