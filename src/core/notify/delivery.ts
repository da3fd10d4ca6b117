/**
 * What one notification does, decided without Electron, for the app and the CLI alike (issue 25): the rules first
 * (src/shared/rules-evaluate.ts), then the profile row for its priority (the source's own profile or the global one), then pause,
 * snooze and quiet hours, then digests. The answer carries a NotifyDecision — the "why" a user can read.
 */
import type { Priority } from '../../shared/events';
import type { DecisionCode, NotifyDecision, Rule, RuleActions, SourceDigests } from '../../shared/rules';
import { DEFAULT_SETTINGS, inQuietHours, snoozeActive, type PriorityRule, type Settings, type SoundChoice } from '../../shared/settings';
import { ownValue } from '../../shared/json';
import { evaluateRules, type RuleItem } from '../../shared/rules-evaluate';

/** The settings the profile rules read. */
export type ProfileSettings = Pick<Settings, 'quietHours' | 'sound' | 'profile' | 'sourceNotifications' | 'snooze'>;

/** Those, plus rules and digests (absent: none). */
export type NotifySettings = ProfileSettings & { rules?: readonly Rule[]; digests?: SourceDigests };

export interface Delivery {
  toast: boolean;
  sound: SoundChoice;
  badge: boolean;
}

export interface DeliveryContext {
  sourceId: string;
  priority: Priority;
  paused: boolean;
  nowMs: number;
  /** Minutes since local midnight at nowMs. */
  localMinutes: number;
}

export type MomentContext = Omit<DeliveryContext, 'sourceId' | 'priority'>;

/** The rule for a priority: the source's own profile when it has one, else the global one. */
export function ruleFor(s: ProfileSettings, sourceId: string, priority: Priority): PriorityRule {
  const own = ownValue(s.sourceNotifications, sourceId)?.profile;
  const rule = (own ?? s.profile)[priority - 1] ?? DEFAULT_SETTINGS.profile[priority - 1];
  return rule!;
}

/** What holds toasts back for this source now, the strongest first; null when nothing does. */
export function heldBackBy(s: ProfileSettings, sourceId: string | null, at: MomentContext): 'paused' | 'snooze' | 'quiet_hours' | null {
  if (at.paused) return 'paused';
  if (snoozeActive(s.snooze.all, at.nowMs)) return 'snooze';
  if (sourceId !== null && snoozeActive(ownValue(s.snooze.sources, sourceId), at.nowMs)) return 'snooze';
  if (inQuietHours(s.quietHours, at.localMinutes)) return 'quiet_hours';
  const own = sourceId === null ? undefined : ownValue(s.sourceNotifications, sourceId);
  if (own?.quietHours !== undefined && inQuietHours(own.quietHours, at.localMinutes)) return 'quiet_hours';
  return null;
}

/** Is anything holding toasts back for this source now (pause, snooze, global or source quiet hours)? */
export function isHeldBack(s: ProfileSettings, sourceId: string | null, at: MomentContext): boolean {
  return heldBackBy(s, sourceId, at) !== null;
}

/**
 * What one notification does by its profile alone. The badge follows the rule alone (quiet hours hide toasts, not
 * counts); a toast needs its rule and either nothing holding it back or a rule that breaks through while the user
 * allows that (`quietHours.allowUrgent`, the one switch for every break-through); the sound needs the master switch.
 */
export function decideDelivery(s: ProfileSettings, at: DeliveryContext): Delivery {
  const { delivery } = decideNotification(s, at, null);
  return delivery;
}

export interface NotificationVerdict {
  delivery: Delivery;
  decision: NotifyDecision;
  /** Everything the rules asked for (mark read, local tags, a view: the inbox's business, not the toast's). */
  actions: RuleActions;
  /** Collect it into a digest for this many minutes (the decision's `digest.dueAt` is the collector's to set). */
  digest?: { owner: { kind: 'source' | 'rule'; id: string }; minutes: number };
}

/**
 * The whole decision for one item: `item` null means "by profile only" (no rules, no digest). A rule's `priority`
 * picks the profile row; `notify: false` keeps it in the list; its `sound` replaces the row's; `badge: false` keeps
 * it out of the count. A priority that breaks through ignores pause, snooze, quiet hours and digests alike.
 */
export function decideNotification(s: NotifySettings, at: DeliveryContext, item: RuleItem | null): NotificationVerdict {
  const outcome = item ? evaluateRules(s.rules ?? [], item) : { actions: {}, matched: [] };
  const { actions, matched } = outcome;
  const priority = actions.priority ?? at.priority;
  const row = ruleFor(s, at.sourceId, priority);
  const profile = { scope: ownValue(s.sourceNotifications, at.sourceId)?.profile ? ('source' as const) : ('global' as const), priority };
  const badge = actions.badge === false ? false : row.badge;
  const breaks = row.breakThrough && s.quietHours.allowUrgent;
  const held = heldBackBy(s, at.sourceId, at);
  const digest = item ? digestFor(s, at.sourceId, outcome) : undefined;

  let decidedBy: DecisionCode;
  let toast = false;
  if (actions.notify === false) decidedBy = 'rule_list_only';
  else if (!row.toast) decidedBy = 'profile_list_only';
  else if (held !== null && !breaks) decidedBy = held;
  else if (digest !== undefined && !breaks) decidedBy = 'digest';
  else {
    toast = true;
    decidedBy = held !== null ? 'break_through' : 'profile_toast';
  }
  const sound: SoundChoice = toast && s.sound ? (actions.sound ?? row.sound) : 'none';
  const verdict: NotificationVerdict = {
    delivery: { toast, sound, badge },
    decision: { toast, decidedBy, profile, rules: matched, sound, badge },
    actions,
  };
  if (decidedBy === 'digest' && digest !== undefined) verdict.digest = digest;
  return verdict;
}

/** A digest asked for by the last matched rule that names one, else by the item's source. */
function digestFor(s: NotifySettings, sourceId: string, outcome: ReturnType<typeof evaluateRules>): NotificationVerdict['digest'] {
  for (const m of [...outcome.matched].reverse()) {
    const minutes = s.rules?.[m.index]?.actions.digestMinutes;
    if (minutes !== undefined) return { owner: { kind: 'rule', id: m.id }, minutes };
  }
  const own = ownValue(s.digests, sourceId);
  return own ? { owner: { kind: 'source', id: sourceId }, minutes: own.minutes } : undefined;
}

/**
 * Does an item count in the badge: its profile row (at the priority a rule gave it) unless a rule said `badge: false`.
 * Judged again from the rules and the item, so it holds after a restart too.
 */
export function countsInBadge(s: NotifySettings, sourceId: string, item: RuleItem): boolean {
  const { actions } = evaluateRules(s.rules ?? [], item);
  if (actions.badge === false) return false;
  return ruleFor(s, sourceId, actions.priority ?? item.priority).badge;
}

/** True when some rule can change a badge count (a `badge` or `priority` action), so counting must ask the rules. */
export function rulesTouchBadge(s: NotifySettings): boolean {
  return (s.rules ?? []).some((r) => r.actions.badge === false || r.actions.priority !== undefined);
}
