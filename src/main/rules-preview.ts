/**
 * Settings → Rules, the preview: the rules as the editor holds them (checked by the settings rulebook, as a save
 * would be) run by the core's own evaluation over the newest items, so the preview and the real notifications
 * cannot disagree.
 */
import { evaluateRules, ruleItemOfInboxItem } from '../shared/rules-evaluate';
import type { InboxItem } from '../shared/inbox';
import { checkRules } from '../shared/rules-check';
import { RULES_PREVIEW_ITEMS, type RulesPreview } from '../shared/rules-preview';
import type { SourceKindName } from '../shared/settings';
import { invalidInput } from './errors';

export function previewRules(rules: unknown, items: readonly InboxItem[], kindOf: (sourceId: string) => SourceKindName | undefined): RulesPreview {
  const checked = checkRules(rules);
  if (!checked.ok) throw invalidInput(`rules: ${checked.problem.code} at ${checked.problem.field}`);
  return {
    items: items.slice(0, RULES_PREVIEW_ITEMS).map((item) => ({
      key: item.key,
      title: item.title,
      matched: evaluateRules(checked.value, ruleItemOfInboxItem(item, kindOf(item.sourceId))).matched,
    })),
  };
}
