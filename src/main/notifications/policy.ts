/**
 * When Herald shows a native notification, decided without Electron:
 * - one toast per new notification or system message; comments, likes and read updates never toast;
 * - a burst is coalesced: within a burst (events less than `burstWindowMs` apart) the first `maxIndividual`
 *   toast on their own, the rest become one "N new notifications" toast per window;
 * - what a notification does comes from its source's profile (or the global one) for its priority: toast or not,
 *   which sound, counted in the badge or not (`decideDelivery`, pure);
 * - nothing while paused, snoozed (all or its source) or in quiet hours (global or its source's), except priorities
 *   whose rule breaks through, and only when `quietHours.allowUrgent` is on;
 * - catch-up events (after sleep or a gap) never toast one by one: `onCatchUp` shows one summary instead.
 * Time comes from the injected Clock; "local time" for quiet hours from `localMinutes`.
 */
import type { CatchUpSummary, DeliveredEvents } from '../../core/herald-client';
import { OnceTimer, type Clock } from '../../core/base/clock';
import { isItemEvent, type ItemEvent, type Priority } from '../../shared/events';
import { itemKey } from '../../shared/inbox';
import {
  DEFAULT_SETTINGS,
  inQuietHours,
  localMinutesOf,
  snoozeActive,
  type PriorityRule,
  type QuietHours,
  type Settings,
  type SoundChoice,
} from '../../shared/settings';
import { withoutFormatControls } from '../../shared/publisher-text';
import { STRINGS, type UiLanguage } from '../strings';

export interface Toast {
  kind: 'item' | 'burst' | 'catch-up';
  title: string;
  body: string;
  /** The item to show when clicked (single toasts only). */
  itemKey?: string;
  /** Priority 5: the OS may show it more insistently. */
  urgent: boolean;
  /** The sound its profile asks for ('none' when sounds are off). */
  sound: SoundChoice;
  /** The source, for actions from the toast (single toasts only). */
  sourceId?: string;
  itemId?: string;
}

/** The settings the profile rules read. */
export type ProfileSettings = Pick<Settings, 'quietHours' | 'sound' | 'profile' | 'sourceNotifications' | 'snooze'>;

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

/** The rule for a priority: the source's own profile when it has one, else the global one. */
export function ruleFor(s: ProfileSettings, sourceId: string, priority: Priority): PriorityRule {
  const own = s.sourceNotifications[sourceId]?.profile;
  const rule = (own ?? s.profile)[priority - 1] ?? DEFAULT_SETTINGS.profile[priority - 1];
  return rule!;
}

/** Is anything holding toasts back for this source now (pause, snooze, global or source quiet hours)? */
export function isHeldBack(s: ProfileSettings, sourceId: string | null, at: Omit<DeliveryContext, 'sourceId' | 'priority'>): boolean {
  if (at.paused || snoozeActive(s.snooze.all, at.nowMs) || inQuietHours(s.quietHours, at.localMinutes)) return true;
  if (sourceId === null) return false;
  const own = s.sourceNotifications[sourceId];
  return snoozeActive(s.snooze.sources[sourceId], at.nowMs) || (own?.quietHours !== undefined && inQuietHours(own.quietHours, at.localMinutes));
}

/**
 * What one notification does. The badge follows the rule alone (quiet hours hide toasts, not counts); a toast
 * needs its rule and either nothing holding it back or a rule that breaks through while the user allows that
 * (`quietHours.allowUrgent`, the one switch for every break-through); the sound needs the master switch too.
 */
export function decideDelivery(s: ProfileSettings, at: DeliveryContext): Delivery {
  const rule = ruleFor(s, at.sourceId, at.priority);
  const toast = rule.toast && (!isHeldBack(s, at.sourceId, at) || (rule.breakThrough && s.quietHours.allowUrgent));
  return { toast, sound: toast && s.sound ? rule.sound : 'none', badge: rule.badge };
}

const LOUDNESS: Record<SoundChoice, number> = { none: 0, default: 1, urgent: 2 };
function louder(a: SoundChoice, b: SoundChoice): SoundChoice {
  return LOUDNESS[a] >= LOUDNESS[b] ? a : b;
}

export interface NotificationPolicyDeps {
  clock: Clock;
  quietHours(): QuietHours;
  /** The profile rules; without it, the defaults with `quietHours()` and sound on. */
  profiles?(): ProfileSettings;
  paused(): boolean;
  language(): UiLanguage;
  show(toast: Toast): void;
  /** Minutes since local midnight at `ms`. Default: the machine's local time zone. */
  localMinutes?(ms: number): number;
  burstWindowMs?: number;
  maxIndividual?: number;
}

export interface NotificationPolicy {
  onEvents(delivered: DeliveredEvents): void;
  onCatchUp(summary: CatchUpSummary): void;
  dispose(): void;
}

export const TITLE_MAX = 80;
export const BODY_MAX = 240;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Plain, short text for a toast: control characters out, runs of spaces folded (newlines kept in bodies),
 * cut at `max` user-perceived characters with an ellipsis, never inside an emoji or a surrogate pair.
 */
export function toastText(text: string, max: number, keepNewlines = false): string {
  // A notification has no bidi isolation of its own: every control and bidi control out (publisher-text.ts).
  let clean = withoutFormatControls(text);
  clean = keepNewlines ? clean.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').replace(/\n{2,}/g, '\n') : clean.replace(/\s+/g, ' ');
  clean = clean.trim();
  const graphemes = Array.from(segmenter.segment(clean), (s) => s.segment);
  if (graphemes.length <= max) return clean;
  return `${graphemes.slice(0, max - 1).join('').trimEnd()}…`;
}

export function createNotificationPolicy(deps: NotificationPolicyDeps): NotificationPolicy {
  const { clock } = deps;
  const windowMs = deps.burstWindowMs ?? 1000;
  const maxIndividual = deps.maxIndividual ?? 3;
  const localMinutes = deps.localMinutes ?? localMinutesOf;

  let lastEventAt = Number.NEGATIVE_INFINITY;
  let shownInBurst = 0;
  let held: Array<{ toast: Toast }> = [];
  const flushTimer = new OnceTimer(clock);
  let disposed = false;

  const profiles = (): ProfileSettings =>
    deps.profiles?.() ?? { ...DEFAULT_SETTINGS, quietHours: deps.quietHours() };
  const context = () => ({ paused: deps.paused(), nowMs: clock.now(), localMinutes: localMinutes(clock.now()) });

  const show = (toast: Toast): void => {
    if (!disposed) deps.show(toast);
  };

  const flushHeld = (): void => {
    const batch = held;
    held = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      show(batch[0]!.toast);
      return;
    }
    const t = STRINGS[deps.language()];
    show({
      kind: 'burst',
      title: t.burst(batch.length),
      body: t.burstBody,
      urgent: batch.some((h) => h.toast.urgent),
      sound: batch.reduce<SoundChoice>((loudest, h) => louder(loudest, h.toast.sound), 'none'),
    });
  };

  const toastFor = (e: ItemEvent, sourceId: string, sound: SoundChoice): Toast => ({
    kind: 'item',
    title: toastText(e.data.title, TITLE_MAX) || 'Herald',
    body: toastText(e.data.body, BODY_MAX, true),
    itemKey: itemKey(sourceId, e.data.itemId),
    urgent: e.data.priority === 5,
    sound,
    sourceId,
    itemId: e.data.itemId,
  });

  return {
    onEvents({ sourceId, events, catchUp }) {
      if (catchUp || disposed) return;
      const settings = profiles();
      for (const e of events) {
        if (!isItemEvent(e)) continue;
        const source = e.source ?? sourceId;
        const delivery = decideDelivery(settings, { ...context(), sourceId: source, priority: e.data.priority });
        if (!delivery.toast) continue;
        const now = clock.now();
        if (now - lastEventAt > windowMs) shownInBurst = 0;
        lastEventAt = now;
        const toast = toastFor(e, source, delivery.sound);
        if (shownInBurst < maxIndividual && held.length === 0) {
          shownInBurst++;
          show(toast);
          continue;
        }
        held.push({ toast });
        flushTimer.ensure(windowMs, flushHeld);
      }
    },

    onCatchUp({ sourceId, count }) {
      if (count <= 0 || disposed || isHeldBack(profiles(), sourceId, context())) return;
      const t = STRINGS[deps.language()];
      show({ kind: 'catch-up', title: t.catchUp(count), body: t.catchUpBody, urgent: false, sound: 'none' });
    },

    dispose() {
      disposed = true;
      flushTimer.dispose();
      held = [];
    },
  };
}
