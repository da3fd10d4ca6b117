/**
 * The window's state, wired to the bridge: sub-stores for the inbox, connection, outbox and the open item, plus
 * settings, language and the user's actions. Every action goes to main (and so through the outbox); the window
 * shows the optimistic result main sends back, never its own guess.
 */
import { lossNoticeText } from '../../../shared/notices';
import type { Action } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/connection-state';
import { markAllReadActions, type ConnectionSummary, type InboxChange, type InboxItem } from '../../../shared/inbox';
import { ITEMS_PAGE, type HeraldBridge, type Notice, type Snapshot, type SourceTestResult, type UpdateReady } from '../../../shared/ipc-contract';
import type { Settings, SettingsPatch, SourceInput } from '../../../shared/settings';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { toErrorInfo, unwrap } from '../lib/bridge';
import { CatchUpQueue } from '../lib/catch-up';
import type { Lang, Translate } from '../lib/i18n';
import { resolveLanguage, translator } from '../lib/i18n';
import { Announcer } from './announcer.svelte';
import { ConnectionStore } from './connection-store.svelte';
import { DetailStore } from './detail-store.svelte';
import { InboxStore } from './inbox-store.svelte';
import { OutboxStore } from './outbox-store.svelte';

export type View = 'inbox' | 'settings';

export class AppState {
  /** The bridge, reached only through this store and its sub-stores (components call methods here). */
  readonly #bridge: HeraldBridge;
  readonly inbox = new InboxStore();
  readonly connection = new ConnectionStore();
  readonly outbox: OutboxStore;
  readonly detail: DetailStore;
  readonly announcer = new Announcer();

  #ready = $state(false);
  #view = $state<View>('inbox');
  #settings = $state.raw<Settings>(DEFAULT_SETTINGS);
  #systemLanguage = $state('en');
  #paused = $state(false);
  #notices = $state.raw<readonly Notice[]>([]);
  /** A downloaded update waiting for the user's "restart to install". */
  #updateReady = $state.raw<UpdateReady | null>(null);
  /** The last action that could not even be queued (main refused it): shown once, dismissible. */
  #actionError = $state.raw<ErrorInfo | null>(null);
  /** The item just closed (a new object each time): the list gives its row the focus back. */
  #closed = $state.raw<{ key: string } | null>(null);
  #lang = $derived(resolveLanguage(this.#settings.language, this.#systemLanguage));
  #t = $derived(translator(this.#lang));

  #unsubscribe: Array<() => void> = [];
  /** Inbox batches that arrive before the first snapshot are applied after it. */
  #early: InboxChange[][] | null = [];
  /** A catch-up of many changes is applied in slices, one per task (../lib/catch-up.ts). */
  readonly #feed = new CatchUpQueue({ apply: (changes) => this.#applyInbox(changes) });
  /** Bumped by every snapshot: a page loop of an older one stops. */
  #generation = 0;

  constructor(bridge: HeraldBridge) {
    this.#bridge = bridge;
    this.outbox = new OutboxStore(bridge);
    this.detail = new DetailStore(bridge);
  }

  get ready(): boolean {
    return this.#ready;
  }
  get view(): View {
    return this.#view;
  }
  get settings(): Settings {
    return this.#settings;
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
    return this.#lang;
  }
  get t(): Translate {
    return this.#t;
  }
  /** Several sources: rows carry their source's label. */
  get multiSource(): boolean {
    return this.connection.sources.length > 1 || this.inbox.sourceIds.size > 1;
  }

  get closed(): { key: string } | null {
    return this.#closed;
  }

  /** An item's title, never blank: an empty one reads as its source's name, or "(no title)". */
  titleOf(item: Pick<InboxItem, 'title' | 'sourceId' | 'notice'>): string {
    if (item.notice) return lossNoticeText(item.notice, this.#lang).title;
    if (item.title.trim() !== '') return item.title;
    const named = this.connection.sources.find((x) => x.id === item.sourceId)?.label || this.#settings.sources.find((x) => x.id === item.sourceId)?.label;
    return named || this.#t('item.noTitle');
  }

  /** The user allowed remote images from this source (Settings → Images); they still come through main. */
  imagesAllowed(sourceId: string): boolean {
    return this.#settings.imageSources.includes(sourceId);
  }

  /** Likes and comments are offered only where the server takes them (not on Herald's notices, Nchan, ntfy). */
  takesActions(item: Pick<InboxItem, 'local' | 'sourceId'>): boolean {
    return !item.local && !this.connection.sources.find((s) => s.id === item.sourceId)?.actionless;
  }

  /** An item's body; Herald's own notices speak the reader's language. */
  bodyOf(item: Pick<InboxItem, 'body' | 'notice'>): string {
    return item.notice ? lossNoticeText(item.notice, this.#lang).body : item.body;
  }

  sourceLabel(sourceId: string): string {
    const s = this.connection.sources.find((x) => x.id === sourceId);
    return s?.label || this.#settings.sources.find((x) => x.id === sourceId)?.label || sourceId;
  }

  /** Subscribe first, then load: nothing that happens in between is lost. */
  async start(): Promise<void> {
    const b = this.#bridge;
    this.#unsubscribe.push(
      b.onInboxChanged((e) => this.#onInbox(e.changes)),
      b.onConnectionChanged((s) => this.#onConnection(s)),
      b.onOutboxChanged((p) => void this.outbox.setProgress(p).catch(() => undefined)),
      b.onPausedChanged((p) => (this.#paused = p)),
      b.onSettingsChanged((s) => (this.#settings = s)),
      b.onFocusItem((key) => void this.openItem(key)),
      b.onNotice((n) => (this.#notices = [...this.#notices, n])),
      b.onUpdateReady((u) => (this.#updateReady = u)),
    );
    await this.#loadSnapshot();
    const early = this.#early ?? [];
    this.#early = null;
    for (const batch of early) this.#onInbox(batch);
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
    this.inbox.load(snap.items);
    this.#loadOlder(snap);
    this.connection.set(snap.connection);
    this.#settings = snap.settings;
    this.#systemLanguage = snap.systemLanguage;
    this.#paused = snap.paused;
    this.#notices = snap.notices;
    this.#updateReady = snap.updateReady ?? null;
    await this.outbox.setProgress(snap.outbox);
  }

  #onInbox(changes: InboxChange[]): void {
    if (this.#early) {
      this.#early.push(changes);
      return;
    }
    this.#feed.push(changes);
  }

  #applyInbox(changes: InboxChange[]): void {
    const before = this.inbox.items.length;
    if (this.inbox.apply(changes)) {
      void this.#reloadItems();
      return;
    }
    // Arrivals are announced, except the first load of history (its own status line counts it).
    if (this.connection.loading === null) this.announcer.arrived(this.inbox.items.length - before);
    for (const c of changes) {
      if (c.kind === 'comment') this.detail.addComment(c.itemKey, c.comment);
      if (c.kind === 'updated' && this.detail.key !== null) this.detail.reconcile(c.items.find((i) => i.key === this.detail.key));
    }
  }

  async #reloadItems(): Promise<void> {
    try {
      const snap = unwrap(await this.#bridge.getSnapshot());
      this.inbox.load(snap.items);
      this.#loadOlder(snap);
      if (this.detail.key !== null) void this.detail.reload();
    } catch (err) {
      this.#actionError = toErrorInfo(err);
    }
  }

  /**
   * A snapshot of a big inbox carries only its newest items: fetch the rest a page at a time, each page merged
   * through the catch-up queue like any batch, so the list shows at once and the window stays responsive.
   */
  #loadOlder(snap: Snapshot): void {
    const generation = ++this.#generation;
    const total = snap.itemsTotal ?? 0;
    let last: InboxItem | undefined = snap.items.at(-1);
    if (total <= snap.items.length || !last) return;
    const run = async (): Promise<void> => {
      // Bounded: never more pages than the total asks for (plus a few for items arriving meanwhile).
      for (let page = 0; page < Math.ceil(total / ITEMS_PAGE) + 5 && last && generation === this.#generation; page++) {
        const items = unwrap(await this.#bridge.getItems({ key: last.key, time: last.time }, ITEMS_PAGE));
        if (generation !== this.#generation) return;
        if (items.length > 0) this.#feed.push([{ kind: 'added', items: [...items].reverse() }], { background: true });
        // One page in hand at a time: the next is asked for once this one is in the list.
        await this.#feed.drained();
        if (items.length < ITEMS_PAGE) return;
        last = items.at(-1);
      }
    };
    run().catch((err: unknown) => {
      this.#actionError = toErrorInfo(err);
    });
  }

  // —— navigation ——
  showView(view: View): void {
    this.#view = view;
    // A focus hand-back is for the close that asked for it, not for the list shown again later.
    this.#closed = null;
  }

  /** Open an item: show it with its comments, and mark it read if it was unread. */
  async openItem(key: string): Promise<void> {
    this.#view = 'inbox';
    const item = this.inbox.get(key);
    const loading = this.detail.open(key);
    if (item && !item.read) await this.act(item.sourceId, { type: 'mark_read', itemId: item.itemId });
    await loading;
  }

  closeItem(): void {
    const key = this.detail.key;
    this.detail.close();
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

  async setPaused(paused: boolean): Promise<void> {
    try {
      unwrap(await this.#bridge.setPaused(paused));
      this.#paused = paused;
    } catch (err) {
      this.#actionError = toErrorInfo(err);
    }
  }

  // —— settings ——
  async updateSettings(patch: SettingsPatch): Promise<void> {
    this.#settings = unwrap(await this.#bridge.updateSettings(patch));
  }

  /** Save/remove take the new settings; errors are thrown for the form to show next to its fields. */
  async saveSource(source: SourceInput): Promise<void> {
    this.#settings = unwrap(await this.#bridge.saveSource(source));
  }

  async removeSource(sourceId: string): Promise<void> {
    this.#settings = unwrap(await this.#bridge.removeSource(sourceId));
  }

  /** Try a source without saving it; a failure of the request itself is thrown for the form. */
  async testSource(source: SourceInput): Promise<SourceTestResult> {
    return unwrap(await this.#bridge.testSource(source));
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
