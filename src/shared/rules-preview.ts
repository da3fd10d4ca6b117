/** Settings → Rules, "test against the last items": which of the newest items each rule (as edited, not saved) matches. */
import type { MatchedRule } from './rules';

/** How many of the newest items a preview looks at. */
export const RULES_PREVIEW_ITEMS = 100;

export interface RulesPreviewItem {
  key: string;
  title: string;
  /** Rules that matched, in order (empty: none, so the profiles alone decide). */
  matched: MatchedRule[];
}

export interface RulesPreview {
  /** The newest items, newest first, at most RULES_PREVIEW_ITEMS. */
  items: RulesPreviewItem[];
}
