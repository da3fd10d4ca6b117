/**
 * What a rule's actions leave on an item for the list (issue 25): the local tags it adds (Herald's own, never sent
 * to the server) and the saved view it routes to. The window (its list and saved views) and `herald subscribe
 * --rules` (the `local` field of a --json line) both take it from here, so they name the same tags.
 */
import type { RuleActions } from './rules';
import { foldKey } from './rules-text-match';

export interface LocalOutcome {
  /** Tags a rule added that the item does not carry already, compared as rules compare tags (case, width). */
  tags: readonly string[];
  /** The saved view (its id) a rule routed the item to. */
  view?: string;
}

export const NO_LOCAL_OUTCOME: LocalOutcome = { tags: [] };

/** The local part of the rules' actions for an item carrying `ownTags`; NO_LOCAL_OUTCOME when there is none. */
export function localOutcomeOf(actions: RuleActions, ownTags: readonly unknown[] | undefined): LocalOutcome {
  if ((actions.addTags ?? []).length === 0 && actions.view === undefined) return NO_LOCAL_OUTCOME;
  // Each tag folded once and looked up: a publisher's hundreds of tags cost their length, not times the added ones.
  const seen = new Set((ownTags ?? []).filter((t): t is string => typeof t === 'string').map(foldKey));
  const tags: string[] = [];
  for (const tag of actions.addTags ?? []) {
    const key = foldKey(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  if (tags.length === 0 && actions.view === undefined) return NO_LOCAL_OUTCOME;
  return { tags, ...(actions.view !== undefined ? { view: actions.view } : {}) };
}
