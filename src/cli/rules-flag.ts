/**
 * `herald subscribe --rules FILE`: the app's content rules and digests for the command line (issue 25). The file is
 * checked by the same rulebook as the app's settings (src/shared/rules-check.ts), and each event is decided by the
 * same core function as the app's toasts (src/core/notify/delivery.ts), with the default profiles (the command line
 * has no profiles, quiet hours or pause of its own). Pending digests are kept in the data directory's state.json,
 * so stopping and starting again keeps what was collected and when it is due.
 */
import type { Clock } from '../core/base/clock';
import { decideNotification, type NotifySettings } from '../core/notify/delivery';
import { DigestCollector, type PendingDigest } from '../core/notify/digests';
import { ruleItemOf } from '../shared/rules-evaluate';
import type { SourceConfig } from '../core/source';
import type { KeyValueStore } from '../core/store';
import type { HeraldEvent } from '../shared/events';
import { itemKey } from '../shared/inbox';
import type { UiLanguage } from '../shared/language';
import type { NotifyDecision, RulesFile } from '../shared/rules';
import { checkRulesFile } from '../shared/rules-check';
import { localOutcomeOf, type LocalOutcome } from '../shared/rules-local';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { UsageError } from './io';
import { digestLine, ruleNoteLine, rulesFileUnreadable, rulesProblemLine } from './rules-words';

export const RULES_FLAGS = { rules: { type: 'string' } } as const;

export const RULES_HELP: Record<UiLanguage, string> = {
  en: `  --rules FILE        content rules and digests (JSON, docs/RULES.md): the first matching rule decides, unless it
                      says "continue". With --json each notification carries its "decision" (what decided and
                      which rules matched) and "local" (local tags and the saved view a rule gave it, if any);
                      without, an event a rule keeps in the list only or collects into a digest is not printed,
                      one a rule matched gets a line naming the rule (and its local tags and view), and a digest
                      is one line when due ("12 new in ci-builds — <newest title>"). Digests wait in --data-dir.`,
  'zh-CN': `  --rules FILE        内容规则与摘要（JSON，见 docs/RULES.md）：由第一条匹配的规则决定，除非该规则
                      写明 "continue"。加 --json 时每条通知带有 "decision"（由什么决定、匹配了哪些规则）
                      和 "local"（规则赋予它的本地标签和保存的视图，如有）；不加时，规则只留在列表中
                      或收进摘要的事件不打印，被规则匹配的事件多打印一行写明该规则（及其本地标签和视图），
                      摘要到期时打印为一行（如 "ci-builds 有 12 条新消息 — <最新标题>"）。摘要在 --data-dir 中等待。`,
};

/** Reads and checks a rules file; a refusal is a usage error naming the rule and the field, in the reader's words. */
export function loadRulesFile(path: string, lang: UiLanguage, read: (p: string) => string): RulesFile {
  let text: string;
  try {
    text = read(path);
  } catch {
    throw new UsageError(rulesFileUnreadable(path, lang, false));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(rulesFileUnreadable(path, lang, true));
  }
  const checked = checkRulesFile(parsed);
  if (!checked.ok) throw new UsageError(rulesProblemLine(path, checked.problem, lang));
  return checked.value;
}

export interface CliRulesDeps {
  file: RulesFile;
  sources: readonly SourceConfig[];
  clock: Clock;
  store: KeyValueStore;
  lang: UiLanguage;
  json: boolean;
  out(line: string): void;
}

export interface CliRules {
  /** What to print for one event: the lines (none when the rules keep it out of the output), given its usual line. */
  linesFor(e: HeraldEvent, sourceId: string, usual: () => string): string[];
  /**
   * For --json: the decision for an event ("decision"), and the local tags and view a rule gave it ("local", only
   * when there are some); undefined for comments, likes, read updates.
   */
  decisionFor(e: HeraldEvent, sourceId: string): { decision: NotifyDecision; local?: LocalOutcome } | undefined;
  dispose(): void;
}

/** The publisher's tags (a system message has none). */
function tagsOf(e: HeraldEvent): readonly string[] | undefined {
  return e.type === 'notification' ? e.data.tags : undefined;
}

export function createCliRules(deps: CliRulesDeps): CliRules {
  const settings: NotifySettings = { ...DEFAULT_SETTINGS, rules: deps.file.rules, digests: deps.file.digests ?? {} };
  const kindOf = (id: string) => deps.sources.find((s) => s.id === id)?.kind;
  const nameOf = (d: PendingDigest): string =>
    d.owner.kind === 'rule'
      ? (deps.file.rules.find((r) => r.id === d.owner.id)?.name ?? d.owner.id)
      : (deps.sources.find((s) => s.id === d.owner.id)?.label ?? d.owner.id);
  const digests = new DigestCollector({
    clock: deps.clock,
    store: deps.store,
    onDue: (d) => {
      if (deps.json) deps.out(JSON.stringify({ type: 'digest', digest: { ...d, name: nameOf(d) } }));
      else deps.out(digestLine(d.count, nameOf(d), { title: d.newestTitle, sealed: d.newestSealed }, deps.lang));
    },
  });
  // Decided once per event: --json asks for the decision, text output for the lines, never both for one event.
  const decide = (e: HeraldEvent, sourceId: string) => {
    if (e.type !== 'notification' && e.type !== 'system') return undefined;
    const now = deps.clock.now();
    const verdict = decideNotification(settings, { sourceId, priority: e.data.priority, paused: false, nowMs: now, localMinutes: 0 }, ruleItemOf(e, sourceId, kindOf(sourceId)));
    if (!verdict.digest) return verdict;
    const key = itemKey(sourceId, e.data.itemId);
    const dueAt = digests.add(verdict.digest.owner, verdict.digest.minutes, { key, title: e.data.title, sourceId, sealed: e.type === 'notification' ? e.data.sealed : undefined });
    return { ...verdict, decision: { ...verdict.decision, digest: { owner: verdict.digest.owner, dueAt } } };
  };
  return {
    decisionFor(e, sourceId) {
      const verdict = decide(e, sourceId);
      if (!verdict) return undefined;
      const local = localOutcomeOf(verdict.actions, tagsOf(e));
      return { decision: verdict.decision, ...(local.tags.length > 0 || local.view !== undefined ? { local } : {}) };
    },
    linesFor(e, sourceId, usual) {
      const verdict = decide(e, sourceId);
      if (!verdict) return [usual()];
      const { decision, actions } = verdict;
      if (decision.decidedBy === 'rule_list_only' || decision.decidedBy === 'digest') return [];
      if (decision.rules.length === 0) return [usual()];
      return [usual(), ruleNoteLine(decision, localOutcomeOf(actions, tagsOf(e)), deps.lang)];
    },
    dispose: () => digests.dispose(),
  };
}
