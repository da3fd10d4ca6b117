/**
 * What the rules do to an item in the list (issue 25): the local tags they add and the saved view they route it to.
 * Decided by the same evaluation main and the CLI run (src/shared/rules-evaluate.ts), so the list agrees with the
 * toasts and `herald subscribe --rules`. Each item is evaluated at most once per set of rules: outcomes are cached
 * per item object (items are immutable, replaced on update), and a settings change that leaves the rules and the
 * sources' kinds as they were keeps the same LocalRules, cache and all.
 */
import type { InboxItem } from '../../../shared/inbox';
import type { Rule } from '../../../shared/rules';
import { evaluateRules, ruleItemOfInboxItem } from '../../../shared/rules-evaluate';
import { localOutcomeOf, NO_LOCAL_OUTCOME, type LocalOutcome } from '../../../shared/rules-local';
import type { Settings, SourceKindName } from '../../../shared/settings';

export type { LocalOutcome };

let evaluations = 0;

/** Items evaluated so far: for tests, which count work instead of timing it. */
export function localRuleEvaluations(): number {
  return evaluations;
}

export function foldTag(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

export class LocalRules {
  readonly #rules: readonly Rule[];
  readonly #kinds: ReadonlyMap<string, SourceKindName>;
  readonly #key: string;
  readonly #outcomes = new WeakMap<InboxItem, LocalOutcome>();
  /** No rule adds a tag or routes: nothing to evaluate for the list. */
  readonly #idle: boolean;
  /** Every tag a rule can add, folded, one per line: what a search can find among local tags. */
  readonly #addable: string;

  private constructor(rules: readonly Rule[], kinds: ReadonlyMap<string, SourceKindName>, key: string) {
    this.#rules = rules;
    this.#kinds = kinds;
    this.#key = key;
    this.#idle = !rules.some((r) => (r.actions?.addTags?.length ?? 0) > 0 || r.actions?.view !== undefined);
    this.#addable = foldTag(rules.flatMap((r) => r.actions?.addTags ?? []).join('\n'));
  }

  static readonly NONE = new LocalRules([], new Map(), '');

  /**
   * The LocalRules of these settings: `previous` itself when its rules and source kinds are the same (settings
   * arrive from main as new objects on every change, so they are compared by content, a few kilobytes at most).
   */
  static of(settings: Pick<Settings, 'rules' | 'sources'>, previous: LocalRules = LocalRules.NONE): LocalRules {
    const kinds = new Map(settings.sources.map((s) => [s.id, s.kind] as const));
    const key = JSON.stringify([settings.rules, [...kinds]]);
    return key === previous.#key ? previous : new LocalRules(settings.rules, kinds, key);
  }

  /** Whether some rule adds a tag holding `folded` (already folded): if none does, no item's local tags can match it. */
  mayAddTagHolding(folded: string): boolean {
    return this.#addable.split('\n').some((t) => t.includes(folded));
  }

  outcomeOf(item: InboxItem): LocalOutcome {
    if (this.#idle) return NO_LOCAL_OUTCOME;
    let outcome = this.#outcomes.get(item);
    if (outcome === undefined) {
      outcome = this.#evaluate(item);
      this.#outcomes.set(item, outcome);
    }
    return outcome;
  }

  #evaluate(item: InboxItem): LocalOutcome {
    evaluations++;
    const { actions } = evaluateRules(this.#rules, ruleItemOfInboxItem(item, this.#kinds.get(item.sourceId)));
    return localOutcomeOf(actions, item.tags);
  }
}
