/**
 * The window's state, wired to the bridge: sub-stores for the inbox (fed by InboxFeed), connection, outbox, the open
 * item and settings (with the language), plus navigation, notices and the user's actions. Every action goes to main
 * (and so through the outbox); the window shows the optimistic result main sends back, never its own guess.
 */
import { lossNoticeText } from '../../../shared/notices';
import type { Action } from '../../../shared/actions';
import type { NotifyDecision } from '../../../shared/rules';
import type { ErrorInfo } from '../../../shared/connection-state';
import { markAllReadActions, type ConnectionSummary, type InboxChange, type InboxItem } from '../../../shared/inbox';
import type { HeraldBridge, Notice, SettingsSection, SourceTestResult, UpdateReady } from '../../../shared/ipc-contract';
import { heldBack, withoutSnoozeAll, type Settings, type SettingsPatch, type SourceInput } from '../../../shared/settings';
import { toErrorInfo, unwrap } from '../lib/bridge';
import type { Lang, Translate } from '../lib/i18n';
import { Announcer } from './announcer.svelte';
import { ConnectionStore } from './connection-store.svelte';
import { DetailStore } from './detail-store.svelte';
import { DiagnosticsStore } from './diagnostics-store.svelte';
import { InboxFeed } from './inbox-feed.svelte';
import { InboxStore } from './inbox-store.svelte';
import { OpenItemLikes } from './open-item-likes';
import { OutboxStore } from './outbox-store.svelte';
import { SettingsStore } from './settings-store.svelte';
import { TransferStore } from './transfer-store.svelte';

export type View = 'inbox' | 'settings';

export class AppState {
  /** The bridge, reached only through this store and its sub-stores (components call methods here). */
  readonly #bridge: HeraldBridge;
  readonly inbox: InboxStore;
  readonly connection = new ConnectionStore();
  readonly outbox: OutboxStore;
  readonly detail: DetailStore;
  readonly announcer = new Announcer();
  readonly prefs: SettingsStore;
  readonly diagnostics: DiagnosticsStore;
  readonly transfer: TransferStore;

  #ready = $state(false);
  #view = $state<View>('inbox');
  /** A section main asked to show (the tray's "Troubleshooting…"), a new object each time; the page scrolls to it. */
  #section = $state.raw<{ id: SettingsSection } | null>(null);
  #paused = $state(false);
  #notices = $state.raw<readonly Notice[]>([]);
  /** A downloaded update waiting for the user's "restart to install". */
  #updateReady = $state.raw<UpdateReady | null>(null);
  /** The last action that could not even be queued (main refused it): shown once, dismissible. */
  #actionError = $state.raw<ErrorInfo | null>(null);
  readonly #openLikes = new OpenItemLikes();
  /** The item just closed (a new object each time): the list gives its row the focus back. */
  #closed = $state.raw<{ key: string } | null>(null);

  #unsubscribe: Array<() => void> = [];
  readonly #feed: InboxFeed;

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
    this.outbox = new OutboxStore(bridge);
    this.detail = new DetailStore(bridge);
    this.prefs = new SettingsStore(bridge);
    this.inbox = new InboxStore(() => this.prefs.settings);
    this.diagnostics = new DiagnosticsStore(bridge);
    this.transfer = new TransferStore(bridge);
    this.#feed = new InboxFeed({
      bridge,
      inbox: this.inbox,
      applied: (changes, arrived) => this.#applied(changes, arrived),
      reloaded: () => {
        if (this.detail.key !== null) void this.detail.reload();
      },
      failed: (err) => (this.#actionError = toErrorInfo(err)),
    });
  }

  get ready(): boolean {
    return this.#ready;
  }
  get view(): View {
    return this.#view;
  }
  get section(): { id: SettingsSection } | null {
    return this.#section;
  }
  get settings(): Settings {
    return this.prefs.settings;
  }
  get paused(): boolean {
    return this.#paused;
  }
  get notices(): readonly Notice[] {
    return this.#notices;
  }
  get updateReady(): UpdateReady | null {
    return this.#updateReady;
  }
  get actionError(): ErrorInfo | null {
    return this.#actionError;
  }
  get lang(): Lang {
    return this.prefs.lang;
  }
  get t(): Translate {
    return this.prefs.t;
  }
  /** Several sources: rows carry their source's label. */
  get multiSource(): boolean {
    return this.connection.sources.length > 1 || this.inbox.sourceIds.size > 1;
  }

  get closed(): { key: string } | null {
    return this.#closed;
  }

  /** An item's title, never blank: an empty one reads as its source's name, or "(no title)"; a sealed one says so. */
  titleOf(item: Pick<InboxItem, 'title' | 'sourceId' | 'notice' | 'sealed'>): string {
    if (item.notice) return lossNoticeText(item.notice, this.lang).title;
    if (item.sealed) return this.t(`item.sealed.${item.sealed}`);
    if (item.title.trim() !== '') return item.title;
    const named = this.connection.sources.find((x) => x.id === item.sourceId)?.label || this.prefs.labelOf(item.sourceId);
    return named || this.t('item.noTitle');
  }

  /** The user allowed remote images from this source (Settings → Images); they still come through main. */
  imagesAllowed(sourceId: string): boolean {
    return this.prefs.imagesAllowed(sourceId);
  }

  /** Likes and comments are offered only where the server takes them (not on Herald's notices, Nchan, ntfy). */
  takesActions(item: Pick<InboxItem, 'local' | 'sourceId'>): boolean {
    return !item.local && !this.connection.sources.find((s) => s.id === item.sourceId)?.actionless;
  }

  /** An item's body; Herald's own notices speak the reader's language. */
  bodyOf(item: Pick<InboxItem, 'body' | 'notice' | 'sealed'>): string {
    if (item.sealed) return '';
    return item.notice ? lossNoticeText(item.notice, this.lang).body : item.body;
  }

  sourceLabel(sourceId: string): string {
    const s = this.connection.sources.find((x) => x.id === sourceId);
    return s?.label || this.prefs.labelOf(sourceId) || sourceId;
  }

  /** Subscribe first, then load: nothing that happens in between is lost. */
  async start(): Promise<void> {
    const b = this.#bridge;
    this.#unsubscribe.push(
      b.onInboxChanged((e) => this.#feed.receive(e.changes, e.unread)),
      b.onConnectionChanged((s) => this.#onConnection(s)),
      b.onOutboxChanged((p) => void this.outbox.setProgress(p).catch(() => undefined)),
      b.onPausedChanged((p) => (this.#paused = p)),
      b.onSettingsChanged((s) => this.prefs.set(s)),
      b.onFocusItem((key) => void this.openItem(key)),
      b.onNotice((n) => (this.#notices = [...this.#notices, n])),
      b.onUpdateReady((u) => (this.#updateReady = u)),
      b.onShowSettings((s) => this.showSettingsSection(s.section)),
      b.onShowItems((s) => this.showItems(s.keys)),
    );
    await this.#loadSnapshot();
    this.#feed.start();
    this.#ready = true;
  }

  dispose(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.#feed.dispose();
    this.announcer.dispose();
  }

  /** "Connection lost" is the banner's own live region; coming back is said here, since the banner just goes. */
  #onConnection(summary: ConnectionSummary): void {
    const wasOut = this.connection.banner !== 'none';
    this.connection.set(summary);
    if (wasOut && summary.overall.kind === 'open') this.announcer.say('announce.backOnline');
    // The open item's source is connected again: comments shown as possibly stale are asked for again.
    const open = this.detail.key === null ? undefined : this.inbox.get(this.detail.key);
    if (open && summary.sources.find((s) => s.id === open.sourceId)?.state.kind === 'open') this.detail.refresh();
  }

  async #loadSnapshot(): Promise<void> {
    const snap = unwrap(await this.#bridge.getSnapshot());
    this.#feed.load(snap);
    this.connection.set(snap.connection);
    this.prefs.set(snap.settings);
    this.prefs.setSystemLanguage(snap.systemLanguage);
    this.#paused = snap.paused;
    this.#notices = snap.notices;
    this.#updateReady = snap.updateReady ?? null;
    this.outbox.setKeptAside(snap.outboxKeptAside ?? []);
    await this.outbox.setProgress(snap.outbox);
  }

  #applied(changes: readonly InboxChange[], arrived: number): void {
    // Arrivals are announced, except the first load of history (its own status line counts it).
    if (this.connection.loading === null) this.announcer.arrived(arrived);
    let liked = false;
    let commented = false;
    for (const c of changes) {
      if (c.kind === 'comment' && this.detail.addComment(c.itemKey, c.comment)) commented = true;
      if (c.kind === 'updated' && this.detail.key !== null) {
        const open = c.items.find((i) => i.key === this.detail.key);
        this.detail.reconcile(open);
        if (open && this.#openLikes.likedByOthers(open)) liked = true;
      }
    }
    // Live news about the item being read is said politely, once per batch (a sighted reader sees it change).
    if (commented) this.announcer.say('announce.newComment');
    else if (liked) this.announcer.say('announce.newLike');
  }


  // —— navigation ——
  showView(view: View): void {
    this.#view = view;
    // A focus hand-back is for the close that asked for it, not for the list shown again later.
    this.#closed = null;
  }

  showSettingsSection(id: SettingsSection): void {
    this.showView('settings');
    this.#section = { id };
  }

  /** The list narrowed to these items (a digest's click), every other filter cleared; "Show all" lets go. */
  showItems(keys: readonly string[]): void {
    if (this.detail.key !== null) this.closeItem();
    this.showView('inbox');
    this.inbox.clearFilter();
    this.inbox.setFilter({ only: new Set(keys) });
  }

  /** Open an item: show it with its comments, and mark it read if it was unread. */
  async openItem(key: string): Promise<void> {
    this.#view = 'inbox';
    const item = this.inbox.get(key);
    this.#openLikes.open(item);
    const loading = this.detail.open(key);
    if (item && !item.read) await this.act(item.sourceId, { type: 'mark_read', itemId: item.itemId });
    await loading;
  }

  closeItem(): void {
    const key = this.detail.key;
    this.detail.close();
    this.#openLikes.close();
    if (key !== null) this.#closed = { key };
  }

  // —— actions: all through main's outbox ——
  async act(sourceId: string, action: Action): Promise<boolean> {
    try {
      unwrap(await this.#bridge.act(sourceId, action));
      return true;
    } catch (err) {
      this.#actionError = toErrorInfo(err);
      return false;
    }
  }

  async markAllRead(): Promise<void> {
    for (const { sourceId, upTo } of markAllReadActions(this.inbox.items)) await this.act(sourceId, { type: 'mark_all_read', upTo });
  }

  async toggleLike(key: string): Promise<void> {
    const item = this.inbox.get(key);
    if (!item) return;
    await this.act(item.sourceId, { type: item.liked ? 'unlike' : 'like', itemId: item.itemId });
  }

  async comment(key: string, body: string): Promise<boolean> {
    const item = this.inbox.get(key);
    if (!item || body.trim() === '') return false;
    return this.act(item.sourceId, { type: 'comment', itemId: item.itemId, body });
  }

  /** Notifications are held back for everything at `nowMs` (paused, or all snoozed): the header offers Resume. */
  heldBack(nowMs: number): boolean {
    return heldBack(this.#paused, this.settings.snooze, nowMs);
  }

  /** The header's one pause control, the same rule as the tray's: Pause, or Resume (ends the pause and the snooze). */
  async togglePause(nowMs: number): Promise<void> {
    if (!this.heldBack(nowMs)) return this.setPaused(true);
    if (this.#paused) await this.setPaused(false);
    if (this.settings.snooze.all) {
      try {
        await this.updateSettings({ snooze: withoutSnoozeAll(this.settings.snooze) });
      } catch (err) {
        this.#actionError = toErrorInfo(err);
      }
    }
  }

  async setPaused(paused: boolean): Promise<void> {
    try {
      unwrap(await this.#bridge.setPaused(paused));
      this.#paused = paused;
    } catch (err) {
      this.#actionError = toErrorInfo(err);
    }
  }

  /** "Why did this notify?": main's record of what decided the item (null: none kept). Errors are thrown. */
  async whyNotified(itemKey: string): Promise<NotifyDecision | null> {
    return unwrap(await this.#bridge.whyNotified(itemKey));
  }

  // —— settings (SettingsStore) ——
  updateSettings(patch: SettingsPatch): Promise<void> {
    return this.prefs.update(patch);
  }

  saveSource(source: SourceInput): Promise<void> {
    return this.prefs.saveSource(source);
  }

  removeSource(sourceId: string): Promise<void> {
    return this.prefs.removeSource(sourceId);
  }

  testSource(source: SourceInput): Promise<SourceTestResult> {
    return this.prefs.testSource(source);
  }

  /** Open a web link in the browser; if main refuses (rate limit, a URL it will not open), the window says so. */
  async openExternal(href: string): Promise<void> {
    const r = await this.#bridge.openExternal(href);
    if (!r.ok) this.#actionError = r.error;
  }

  dismissNotice(index: number): void {
    this.#notices = this.#notices.filter((_, i) => i !== index);
  }

  /** Restart into the downloaded update: only ever on the user's click. */
  async installUpdate(): Promise<void> {
    const r = await this.#bridge.installUpdate();
    if (!r.ok) this.#actionError = r.error;
  }

  dismissActionError(): void {
    this.#actionError = null;
  }
}
