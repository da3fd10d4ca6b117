/**
 * Rules, saved views, digests and the "why" record (issue 25): the one contract the core's evaluation
 * (src/shared/rules-evaluate.ts), the app (settings, editor, list) and the CLI (`herald subscribe --rules FILE`) share.
 * Shapes only (their checks are rules-check.ts); words for every code live in the display's own table.
 */
import type { EventType, Priority } from './events';
import type { SoundChoice } from './sound';

/**
 * How a text field is matched. Never a JavaScript RegExp: the pattern is the user's, but the text is the publisher's,
 * and a backtracking engine on hostile text is a denial of service. Both kinds compare folded text (NFKC, then lower
 * case), so "ＣＩ", "ci" and "Ci" are the same and Chinese matches as written.
 * - `words`: the text contains these words, in this order (runs of spaces count as one space).
 * - `pattern`: a glob found anywhere in the text: `*` any run of characters (also none), `?` exactly one character.
 */
export type TextMatcher = { kind: 'words'; words: string } | { kind: 'pattern'; pattern: string };
export const TEXT_MATCHER_KINDS = ['words', 'pattern'] as const;

/** Inclusive range of priorities (1–5). */
export interface PriorityRange {
  min: Priority;
  max: Priority;
}

/**
 * What a rule looks at; every condition given must hold (an empty match holds for everything in its scope).
 * Title, body, tags and sender actions are content: an item still sealed (not decrypted) never matches a rule that
 * asks about content; priority, channel and event type it does.
 */
export interface RuleMatch {
  title?: TextMatcher;
  body?: TextMatcher;
  /** Every tag listed is on the item (equality after folding, as for text). */
  tags?: string[];
  priority?: PriorityRange;
  /** The ntfy topic or Nchan channel the item came from (equality after folding). */
  channel?: string;
  /** The item is one of these event types (notification, system). */
  eventTypes?: Array<Extract<EventType, 'notification' | 'system'>>;
  /** true: the sender attached action buttons; false: it attached none. */
  hasSenderActions?: boolean;
}

/** What a matching rule does. Absent means "no change". */
export interface RuleActions {
  /** false: don't notify — the item lands in the list only. */
  notify?: false;
  /** Notify with this sound instead of the profile's. */
  sound?: SoundChoice;
  /** Treat the item as this priority when its profile row is looked up. */
  priority?: Priority;
  /** false: don't count it in the badge. */
  badge?: false;
  /** true: mark it read as it arrives (locally; nothing is sent to the server for it). */
  markRead?: true;
  /** Local tags added to the item (Herald's only; the server never sees them). */
  addTags?: string[];
  /** Route the item to this saved view (its id). */
  view?: string;
  /** Collect matching items for this many minutes into one digest notification instead of one toast each. */
  digestMinutes?: number;
}

export type RuleScope = { kind: 'global' } | { kind: 'source'; sourceId: string };

export interface Rule {
  /** Stable id (`rule-…`), so a "why" record and a view still name it after the list is reordered. */
  id: string;
  /** What the user calls it; shown in "why". */
  name: string;
  scope: RuleScope;
  match: RuleMatch;
  actions: RuleActions;
  /** After this rule matched, go on to the next ones (later actions override earlier ones). Default: stop here. */
  continue: boolean;
}

/** A saved view of the list, e.g. "Ops, unread, priority ≥ 4". Conditions given must all hold. */
export interface SavedViewFilter {
  /** Source ids; absent or empty: every source. */
  sources?: string[];
  unreadOnly: boolean;
  minPriority?: Priority;
  /** Every tag listed is on the item (server tags or local tags a rule added). */
  tags?: string[];
  /** Items a rule routed to this view appear in it even when the other conditions (but unread only) do not hold. */
  includeRouted: boolean;
}

export interface SavedView {
  /** Stable id (`view-…`): what a rule's `view` action names. */
  id: string;
  name: string;
  filter: SavedViewFilter;
}

/** "Collect for N minutes", per source (by source id). Per rule: `RuleActions.digestMinutes`. */
export interface DigestSetting {
  minutes: number;
}
export type SourceDigests = Record<string, DigestSetting>;

/** A rules file for `herald subscribe --rules FILE`, and the rules part of a settings export. */
export interface RulesFile {
  rules: Rule[];
  /** Per-source digests, keyed by source id (on the command line, the id given with `--id`: docs/RULES.md). */
  digests?: SourceDigests;
}

/** Which part of the notification settings had the last word on an item, as a code (words in the tables). */
export const DECISION_CODES = [
  'profile_toast', // its profile row says pop up
  'profile_list_only', // its profile row says list only
  'rule_list_only', // a rule said don't notify
  'quiet_hours', // held back by quiet hours (global or its source's)
  'snooze', // held back by a snooze (everything or its source)
  'paused', // held back by pause
  'break_through', // would have been held back, but its priority breaks through
  'digest', // collected into a digest
  'catch_up', // arrived in a catch-up (one summary instead of toasts)
] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

/** A rule that matched an item: its place in the list when it matched, its id and name. */
export interface MatchedRule {
  index: number;
  id: string;
  name: string;
}

/** The "why" of one item: what it did and what decided it. */
export interface NotifyDecision {
  /** Did it pop up on its own (a burst may still fold it into "N new notifications")? */
  toast: boolean;
  decidedBy: DecisionCode;
  /** The profile row used: the source's own profile or the global one, at this priority (after a rule's `priority`). */
  profile: { scope: 'global' | 'source'; priority: Priority };
  /** Rules that matched, in order (empty: none). */
  rules: MatchedRule[];
  sound: SoundChoice;
  badge: boolean;
  /** The digest it went into: whose (a source id or a rule id) and when it is due (ms). */
  digest?: { owner: { kind: 'source' | 'rule'; id: string }; dueAt: number };
}

