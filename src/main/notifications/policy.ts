/**
 * When Herald shows a native notification, decided without Electron:
 * - one toast per new notification or system message; comments, likes and read updates never toast;
 * - a burst is coalesced: within a burst (events less than `burstWindowMs` apart) the first `maxIndividual`
 *   toast on their own, the rest become one "N new notifications" toast per window;
 * - what a notification does comes from its source's profile (or the global one) for its priority: toast or not,
 *   which sound, counted in the badge or not (`decideDelivery`, pure);
 * - nothing while paused, snoozed (all or its source) or in quiet hours (global or its source's), except priorities
 *   whose rule breaks through, and only when `quietHours.allowUrgent` is on;
 * - catch-up events (after sleep or a gap) never toast one by one: `onCatchUp` shows one summary instead;
 * - content rules come first and digests last (the decision is the core's, src/core/notify/delivery.ts, shared with
 *   the CLI); every item's decision is kept for "why did this notify?" (`decisionFor`), a digest is one toast when due.
 * Time comes from the injected Clock; "local time" for quiet hours from `localMinutes`.
 */
import type { CatchUpSummary, DeliveredEvents } from '../../core/herald-client';
import { OnceTimer, type Clock } from '../../core/base/clock';
import { decideNotification, isHeldBack, type NotifySettings } from '../../core/notify/delivery';
import { DigestCollector, type DigestOwner, type PendingDigest } from '../../core/notify/digests';
import { ruleItemOf } from '../../shared/rules-evaluate';
import type { KeyValueStore } from '../../core/store';
import { isItemEvent, type ItemEvent } from '../../shared/events';
import { itemKey } from '../../shared/inbox';
import type { NotifyDecision } from '../../shared/rules';
import { DEFAULT_SETTINGS, localMinutesOf, type QuietHours, type SoundChoice, type SourceKindName } from '../../shared/settings';
import { withoutFormatControls } from '../../shared/publisher-text';
import { STRINGS, type UiLanguage } from '../strings';

export interface Toast {
  kind: 'item' | 'burst' | 'catch-up' | 'digest';
  title: string;
  body: string;
  /** The item to show when clicked (single toasts; a digest's newest item). */
  itemKey?: string;
  /** Priority 5: the OS may show it more insistently. */
  urgent: boolean;
  /** The sound its profile asks for ('none' when sounds are off). */
  sound: SoundChoice;
  /** The source, for actions from the toast (single toasts only). */
  sourceId?: string;
  itemId?: string;
  /** A digest's items (newest last): what a click on it shows. */
  digestKeys?: string[];
}

// The decision itself lives in the core (the CLI decides alike); re-exported for the shell's other readers.
export { decideDelivery, isHeldBack, ruleFor, type Delivery, type DeliveryContext, type NotifySettings, type ProfileSettings } from '../../core/notify/delivery';

const LOUDNESS: Record<SoundChoice, number> = { none: 0, default: 1, urgent: 2 };
function louder(a: SoundChoice, b: SoundChoice): SoundChoice {
  return LOUDNESS[a] >= LOUDNESS[b] ? a : b;
}

export interface NotificationPolicyDeps {
  clock: Clock;
  quietHours(): QuietHours;
  /** The profile rules, content rules and digests; without it, the defaults with `quietHours()` and sound on. */
  profiles?(): NotifySettings;
  /** A source's kind (rules read ntfy topics and Nchan channels from event ids). */
  sourceKind?(sourceId: string): SourceKindName | undefined;
  /** What a digest is called in "12 new in …": a source's label or a rule's name. Default: its id. */
  digestName?(owner: DigestOwner): string;
  /** Where pending digests survive a restart (the state store); without it, memory only. */
  store?: KeyValueStore;
  /** A rule said "mark read" for this item (caught-up items too): the shell marks it read as a click would. */
  markRead?(sourceId: string, itemId: string): void;
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
  /** Why the item did or did not notify (the newest MAX_DECISIONS items; undefined for older ones). */
  decisionFor(itemKey: string): NotifyDecision | undefined;
  dispose(): void;
}

/** Decisions kept for "why did this notify?": as many items as the window's list could ever show, and some. */
export const MAX_DECISIONS = 2000;

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

  const profiles = (): NotifySettings =>
    deps.profiles?.() ?? { ...DEFAULT_SETTINGS, quietHours: deps.quietHours() };
  // Insertion-ordered, so the oldest decision is the first to go past MAX_DECISIONS.
  const decisions = new Map<string, NotifyDecision>();
  const remember = (key: string, decision: NotifyDecision): void => {
    decisions.delete(key);
    decisions.set(key, decision);
    if (decisions.size > MAX_DECISIONS) decisions.delete(decisions.keys().next().value!);
  };
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

  // A sealed notification's toast says only that: nothing from inside (there is nothing), nothing from the publisher.
  const sealedWords = (e: ItemEvent): string | undefined => (e.type === 'notification' && e.data.sealed ? STRINGS[deps.language()].sealed[e.data.sealed] : undefined);

  const toastFor = (e: ItemEvent, sourceId: string, sound: SoundChoice): Toast => ({
    kind: 'item',
    title: sealedWords(e) ?? (toastText(e.data.title, TITLE_MAX) || 'Herald'),
    body: sealedWords(e) === undefined ? toastText(e.data.body, BODY_MAX, true) : '',
    itemKey: itemKey(sourceId, e.data.itemId),
    urgent: e.data.priority === 5,
    sound,
    sourceId,
    itemId: e.data.itemId,
  });

  // A digest is one summary toast; held back like a catch-up summary (the items are in the list either way).
  const showDigest = (d: PendingDigest): void => {
    const sourceId = d.owner.kind === 'source' ? d.owner.id : d.sourceId;
    if (isHeldBack(profiles(), sourceId, context())) return;
    const t = STRINGS[deps.language()];
    const name = toastText(deps.digestName?.(d.owner) ?? d.owner.id, TITLE_MAX);
    const newest = d.itemKeys.at(-1);
    show({
      kind: 'digest',
      title: t.digest(d.count, name),
      body: d.newestSealed !== undefined ? t.sealed[d.newestSealed] : toastText(d.newestTitle, BODY_MAX),
      urgent: false,
      sound: 'none',
      ...(newest !== undefined ? { itemKey: newest } : {}),
      digestKeys: [...d.itemKeys],
    });
  };
  const digests = new DigestCollector({ clock, ...(deps.store ? { store: deps.store } : {}), onDue: showDigest });

  return {
    onEvents({ sourceId, events, catchUp }) {
      if (disposed) return;
      const settings = profiles();
      for (const e of events) {
        if (!isItemEvent(e)) continue;
        const source = e.source ?? sourceId;
        const key = itemKey(source, e.data.itemId);
        const verdict = decideNotification(settings, { ...context(), sourceId: source, priority: e.data.priority }, ruleItemOf(e, source, deps.sourceKind?.(source)));
        if (verdict.actions.markRead) deps.markRead?.(source, e.data.itemId);
        if (catchUp) {
          // Catch-up items never toast one by one (onCatchUp shows one summary), nor wait in a digest.
          remember(key, { ...verdict.decision, toast: false, sound: 'none', decidedBy: 'catch_up' });
          continue;
        }
        if (verdict.digest) {
          const dueAt = digests.add(verdict.digest.owner, verdict.digest.minutes, { key, title: e.data.title, sourceId: source, sealed: e.type === 'notification' ? e.data.sealed : undefined });
          remember(key, { ...verdict.decision, digest: { owner: verdict.digest.owner, dueAt } });
          continue;
        }
        remember(key, verdict.decision);
        const delivery = verdict.delivery;
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

    decisionFor(key) {
      return decisions.get(key);
    },

    dispose() {
      disposed = true;
      flushTimer.dispose();
      digests.dispose();
      held = [];
    },
  };
}
