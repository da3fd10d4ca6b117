/**
 * Native notifications: policy.ts decides, this shows them with Electron's Notification. A click shows the window
 * and asks the renderer to open the item. Shown notifications are referenced until closed or clicked (Electron
 * drops the click handler of a notification that has been garbage-collected), at most MAX_LIVE of them.
 */
import { Notification } from 'electron';
import type { HeraldClient } from '../../core/herald-client';
import { systemClock, type Clock } from '../../core/base/clock';
import { DisposableStore, type Disposable } from '../../core/base/emitter';
import { silentLogger, type Logger } from '../../core/base/log';
import type { PausedState } from '../paused-state';
import { STRINGS, type UiLanguage } from '../strings';
import type { ToastActor } from './toast-actions';
import { canLink } from '../../shared/deep-link';
import { toastXml } from './toast-xml';
import type { KeyValueStore } from '../../core/store';
import type { NotifyDecision } from '../../shared/rules';
import type { Settings } from '../../shared/settings';
import { createNotificationPolicy, type NotifySettings, type Toast } from './policy';

/** macOS plays a named system sound; 'Sosumi' stands out from the default one for urgent notifications. */
const URGENT_SOUND_MAC = 'Sosumi';

const MAX_LIVE = 50;

/**
 * Linux notification servers read the body as markup (freedesktop notification spec, "Markup": <b>, <i>, <a href>,
 * <img>), and Electron passes it on as it is: escaped, a publisher's `<a href=…>` stays text instead of becoming a
 * link or an image inside a system notification. The summary (title) is never markup there, so it is left alone.
 */
function linuxBody(body: string): string {
  return body.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export interface NotificationDeps {
  client: Pick<HeraldClient, 'onDidReceiveEvents' | 'onDidCatchUp'>;
  settings: { get(): NotifySettings & Partial<Pick<Settings, 'sources'>> };
  /** Where pending digests survive a restart (the state store). */
  store?: KeyValueStore;
  /** Mark an item read as the window would (a rule's "mark read"): `client.act(sourceId, { type: 'mark_read', … })`. */
  markRead?(sourceId: string, itemId: string): void;
  paused: PausedState;
  language(): UiLanguage;
  showWindow(): void;
  /** Tell the renderer which item to show (the event forwarder's 'herald:focus-item'). */
  focusItem(itemKey: string): void;
  /** Show the list narrowed to these items (a digest's click: "12 new in ci-builds" opens those twelve). */
  showItems?(itemKeys: string[]): void;
  /** "Mark as read" and "Like" on the toast itself (macOS buttons, Windows toast XML); none on Linux. */
  actor?: ToastActor;
  platform?: NodeJS.Platform;
  clock?: Clock;
  logger?: Logger;
}

/** Native notifications, and the "why" of each recent item (for the window's "Why did this notify?"). */
export interface NotificationsFeature extends Disposable {
  decisionFor(itemKey: string): NotifyDecision | undefined;
}

export function registerNotifications(deps: NotificationDeps): NotificationsFeature {
  const log = deps.logger ?? silentLogger;
  const disposables = new DisposableStore();
  const live = new Set<Notification>();

  const show = (toast: Toast): void => {
    if (!Notification.isSupported()) {
      log.debug('native notifications are not supported here');
      return;
    }
    const platform = deps.platform ?? process.platform;
    const actor = deps.actor;
    // Buttons and links only for an item a link names exactly (ingest refuses other ids; this holds whatever the source).
    const target = actor && toast.sourceId && toast.itemId && canLink(toast.sourceId, toast.itemId) ? { sourceId: toast.sourceId, itemId: toast.itemId } : null;
    const all = STRINGS[deps.language()].toastActions;
    const takesActions = !(target && actor?.canLike(target.sourceId) === false);
    const labels = takesActions ? all : { markRead: all.markRead };
    const n = new Notification({
      title: toast.title,
      body: platform === 'linux' ? linuxBody(toast.body) : toast.body,
      silent: toast.sound === 'none',
      urgency: toast.urgent || toast.sound === 'urgent' ? 'critical' : 'normal',
      ...(toast.sound === 'urgent' && platform === 'darwin' ? { sound: URGENT_SOUND_MAC } : {}),
      ...(target && platform === 'darwin'
        ? {
            actions: [labels.markRead, ...('like' in labels ? [labels.like] : [])].map((text) => ({ type: 'button' as const, text })),
            // A reply box where the server takes comments: the reply is a comment through the outbox.
            ...(takesActions ? { hasReply: true, replyPlaceholder: all.reply } : {}),
          }
        : {}),
      ...(target && actor && platform === 'win32' ? { toastXml: toastXml({ ...toast, ...target, token: actor.token, labels }) } : {}),
    });
    if (target && actor && platform === 'darwin') {
      n.on('action', (_e, index) => {
        live.delete(n);
        actor.act(target.sourceId, target.itemId, index === 0 ? 'read' : 'like');
      });
      n.on('reply', (_e, text) => {
        live.delete(n);
        actor.reply(target.sourceId, target.itemId, String(text));
      });
    }
    const forget = (): void => void live.delete(n);
    n.on('click', () => {
      forget();
      deps.showWindow();
      if (toast.kind === 'digest' && toast.digestKeys && toast.digestKeys.length > 0 && deps.showItems) deps.showItems(toast.digestKeys);
      else if (toast.itemKey) deps.focusItem(toast.itemKey);
    });
    n.on('close', forget);
    n.on('failed', (_e, error) => {
      forget();
      log.warn('a notification could not be shown', { error });
    });
    live.add(n);
    if (live.size > MAX_LIVE) {
      const oldest = live.values().next().value;
      if (oldest) live.delete(oldest);
    }
    n.show();
  };

  const policy = createNotificationPolicy({
    clock: deps.clock ?? systemClock,
    quietHours: () => deps.settings.get().quietHours,
    profiles: () => deps.settings.get(),
    sourceKind: (id) => deps.settings.get().sources?.find((src) => src.id === id)?.kind,
    // A digest is called by its source's label (or id) or by its rule's name.
    digestName: (owner) => {
      const s = deps.settings.get();
      if (owner.kind === 'rule') return s.rules?.find((r) => r.id === owner.id)?.name ?? owner.id;
      return s.sources?.find((src) => src.id === owner.id)?.label || owner.id;
    },
    ...(deps.store ? { store: deps.store } : {}),
    markRead: (sourceId, itemId) => {
      try {
        deps.markRead?.(sourceId, itemId);
      } catch (error) {
        // A rule's "mark read" is a convenience: refusing it (an item gone, a bad id) must not stop the toasts.
        log.warn('a rule could not mark an item read', { error });
      }
    },
    paused: () => deps.paused.get(),
    language: deps.language,
    show,
  });
  disposables.add(policy);
  disposables.add(deps.client.onDidReceiveEvents((d) => policy.onEvents(d)));
  disposables.add(deps.client.onDidCatchUp((s) => policy.onCatchUp(s)));
  disposables.add({ dispose: () => live.clear() });
  return { dispose: () => disposables.dispose(), decisionFor: (key) => policy.decisionFor(key) };
}
