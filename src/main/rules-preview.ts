/**
 * Settings → Rules, the preview: the rules as the editor holds them (checked by the settings rulebook, as a save
 * would be) run by the core's own evaluation over the newest items, so the preview and the real notifications
 * cannot disagree.
 */
import { evaluateRules, type RuleItem } from '../core/rules';
import type { InboxItem } from '../shared/inbox';
import { checkRules } from '../shared/rules';
import { RULES_PREVIEW_ITEMS, type RulesPreview } from '../shared/rules-preview';
import type { SourceKindName } from '../shared/settings';
import { invalidInput } from './errors';

/** What rules look at in an item as the inbox holds it (the same fields `ruleItemOf` reads from the event). */
export function ruleItemOfInboxItem(item: InboxItem, kind: SourceKindName | undefined): RuleItem {
  const colon = item.eventId.indexOf(':');
  // ntfy and Nchan event ids are `<topic or channel>:<message id>` (ruleItemOf in src/core/rules/evaluate.ts).
  const channel = (kind === 'ntfy' || kind === 'nchan') && colon > 0 ? item.eventId.slice(0, colon) : undefined;
  return {
    sourceId: item.sourceId,
    type: item.kind,
    title: item.title,
    body: item.body,
    tags: item.tags ?? [],
    priority: item.priority,
    ...(channel !== undefined ? { channel } : {}),
    hasSenderActions: (item.actions?.length ?? 0) > 0,
    sealed: (item as { sealed?: unknown }).sealed !== undefined,
  };
}

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
