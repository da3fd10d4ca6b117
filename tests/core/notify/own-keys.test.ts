/**
 * Source ids are the user's words (`herald subscribe --id`, a --sources file) and digests are keyed by them in a plain
 * JSON object. An id that is also the name of something every object inherits (`constructor`, `toString`,
 * `__proto__`) must mean that source and nothing else: no digest the user never asked for, no digest lost.
 */
import { decideNotification, type NotifySettings } from '../../../src/core/notify/delivery';
import { ruleItemOf } from '../../../src/shared/rules-evaluate';
import { MemoryStore } from '../../../src/core/store';
import { createCliRules } from '../../../src/cli/rules-flag';
import type { HeraldEvent } from '../../../src/shared/events';
import { checkRulesFile, checkSourceDigests } from '../../../src/shared/rules-check';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { ManualClock } from '../../helpers/manual-clock';

const INHERITED = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

function event(n: number): Extract<HeraldEvent, { type: 'notification' }> {
  return { id: `ci:m${n}`, type: 'notification', time: new Date(1_700_000_000_000 + n).toISOString(), data: { itemId: `ci:m${n}`, title: `Build ${n} passed`, body: '', priority: 3 } };
}

describe('ids that are names every object inherits', () => {
  it.each(INHERITED)('a source called %s with no digest of its own pops up as usual', (id) => {
    const settings: NotifySettings = { ...DEFAULT_SETTINGS, rules: [], digests: {} };
    const verdict = decideNotification(settings, { sourceId: id, priority: 3, paused: false, nowMs: 1_700_000_000_000, localMinutes: 720 }, ruleItemOf(event(1), id, 'ntfy'));
    expect(verdict.decision.decidedBy).toBe('profile_toast');
    expect(verdict.delivery.toast).toBe(true);
    expect(verdict.digest).toBeUndefined();
  });

  it.each(INHERITED)('herald subscribe --id %s --rules FILE prints each notification (none vanishes into a digest)', (id) => {
    const file = checkRulesFile(JSON.parse('{"rules": []}'));
    if (!file.ok) throw new Error('refused');
    const out: string[] = [];
    const rules = createCliRules({ file: file.value, sources: [{ id, kind: 'ntfy', url: 'http://127.0.0.1:1', channels: ['ci'] }], clock: new ManualClock(), store: new MemoryStore(), lang: 'en', json: false, out: (l) => out.push(l) });
    expect(rules.linesFor(event(1), id, () => 'Build 1 passed')).toEqual(['Build 1 passed']);
    rules.dispose();
  });

  it('a digest for a source called __proto__ is kept as that source’s, and lends nothing to others', () => {
    const checked = checkSourceDigests(JSON.parse('{"__proto__": {"minutes": 5}}'));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
    expect(Object.keys(checked.value)).toEqual(['__proto__']);
    const settings: NotifySettings = { ...DEFAULT_SETTINGS, rules: [], digests: checked.value };
    const at = (sourceId: string) => decideNotification(settings, { sourceId, priority: 3, paused: false, nowMs: 1_700_000_000_000, localMinutes: 720 }, ruleItemOf(event(1), sourceId, 'ntfy'));
    expect(at('__proto__').digest).toEqual({ owner: { kind: 'source', id: '__proto__' }, minutes: 5 });
    expect(at('minutes').digest).toBeUndefined();
    expect(at('minutes').delivery.toast).toBe(true);
  });
});
