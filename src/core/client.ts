/**
 * The composition of the connection core: one Supervisor per source, one Inbox, one Outbox.
 * The Electron shell, the CLI and the browser test harness all run exactly this.
 *
 * River: source → transport → supervisor (de-dup, cursor) → inbox → listeners; actions: act() → outbox → source.
 */
import type { Action } from '../shared/actions';
import { worstState, type ConnectionState, type TransportPreference } from '../shared/connection-state';
import type { CommentsView, ConnectionSummary, InboxChange } from '../shared/inbox';
import type { Notice, SourceTestResult } from '../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../shared/outbox';
import type { CatchUpSummary, ClientOptions, DeliveredEvents, HeraldClient, LossReport } from './herald-client';
import { lossNoticeText, type LossNotice } from '../shared/notices';
import type { LossInfo } from './source';
import { systemClock, type Clock } from './base/clock';
import { Emitter, type Disposable } from './base/emitter';
import { CommentsCache, commentsView } from './inbox/comments-cache';
import { Inbox } from './inbox/inbox';
import { InboxCache } from './inbox/inbox-cache';
import { createLogger, type Logger } from './base/log';
import { ClientActions } from './client-actions';
import { Egress } from './egress/egress';
import type { Outbox } from './outbox/outbox';
import type { Source, SourceConfig } from './source';
import { createSource } from './sources/index';
import { RunningSource } from './connection/running-source';
import { testSourceConnection } from './test-connection';
import { InOrder } from './e2e/in-order';
import { KeyRing, openEvents } from './e2e/open';

export function createHeraldClient(options: ClientOptions): HeraldClient {
  return new Client(options);
}

class Client implements HeraldClient {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #fetch: typeof fetch;
  readonly #inbox: Inbox;
  readonly #cache: InboxCache;
  readonly #comments = new CommentsCache();
  readonly #actions: ClientActions;
  readonly #outbox: Outbox;
  readonly #running = new Map<string, RunningSource>();
  readonly #inOrder = new Map<string, InOrder>();
  #configs: SourceConfig[];
  #preference: TransportPreference;
  readonly #firstLoadSize: number;
  readonly #tuning: NonNullable<ClientOptions['tuning']>;
  #started = false;
  #visible = true;
  #online = true;
  readonly #keepProcessAlive: boolean;
  /** A ref'd handle held from start() to stop(): the process lives as long as the client runs. */
  #lifeline: ReturnType<typeof setInterval> | undefined;
  #lastConnection = '';

  readonly #onConnection: Emitter<ConnectionSummary>;
  readonly #onEvents: Emitter<DeliveredEvents>;
  readonly #onCatchUp: Emitter<CatchUpSummary>;
  readonly #onLoss: Emitter<LossReport>;

  constructor(options: ClientOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? createLogger('core');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#configs = options.sources.slice();
    this.#preference = options.transport ?? 'auto';
    this.#firstLoadSize = options.firstLoad ?? 500;
    this.#tuning = options.tuning ?? {};
    this.#keepProcessAlive = options.keepProcessAlive ?? true;
    this.#onConnection = new Emitter(this.#log);
    this.#onEvents = new Emitter(this.#log);
    this.#onCatchUp = new Emitter(this.#log);
    this.#onLoss = new Emitter(this.#log);

    this.#inbox = new Inbox({ limit: options.inboxLimit ?? 100_000, logger: this.#log });
    const inboxStore = options.inboxStore === undefined ? options.store : options.inboxStore;
    this.#cache = new InboxCache({
      store: options.store,
      inboxStore,
      inbox: this.#inbox,
      clock: this.#clock,
      logger: this.#log,
      cursorsLost: options.cursorsLost ?? false,
    });

    this.#actions = new ClientActions({
      store: options.outboxStore ?? options.store,
      ...(options.outboxMailbox ? { mailbox: options.outboxMailbox } : {}),
      inbox: this.#inbox,
      clock: this.#clock,
      random: this.#random,
      egress: options.egress ?? new Egress({ clock: this.#clock }),
      logger: this.#log.child('outbox'),
      sourceOf: (id) => this.#running.get(id)?.source,
      sourceAddress: (id) => this.#configs.find((c) => c.id === id)?.url,
      isConfigured: (id) => this.#configs.some((c) => c.id === id),
    });
    this.#outbox = this.#actions.outbox;
  }

  // —— lifecycle ——

  start(): void {
    if (this.#started) return;
    this.#started = true;
    // An interval that does nothing: the cheapest ref'd handle Node offers (2^31-1 ms is its longest period).
    if (this.#keepProcessAlive) this.#lifeline = setInterval(() => {}, 2_147_483_647);
    for (const config of this.#configs) this.#startSource(config);
    this.#fireConnection();
  }

  async stop(): Promise<void> {
    this.#started = false;
    clearInterval(this.#lifeline);
    this.#lifeline = undefined;
    // Sealed events still being opened are handed on first, and the cursor past them saved after.
    await Promise.all([...this.#inOrder.values()].map((o) => o.idle()));
    for (const id of [...this.#running.keys()]) this.#stopSource(id);
    this.#actions.dispose();
    // After the cursor writes the stopped sources still had queued (EventHandoff coalesces them per microtask).
    await Promise.resolve();
    this.#cache.dispose();
    this.#fireConnection();
  }

  // —— connection ——

  connection(): ConnectionSummary {
    const sources = [...this.#running.values()].map((r) => r.status());
    const overall: ConnectionState = sources.length === 0 ? { kind: 'stopped' } : worstState(sources.map((s) => s.state));
    return { overall, sources };
  }

  readonly onDidChangeConnection = (l: (s: ConnectionSummary) => void): Disposable => this.#onConnection.event(l);
  readonly onDidDetectLoss = (l: (r: LossReport) => void): Disposable => this.#onLoss.event(l);

  setSources(sources: SourceConfig[]): void {
    const next = new Map(sources.map((s) => [s.id, s]));
    for (const [id, r] of this.#running) {
      const wanted = next.get(id);
      // New keys open what the inbox holds sealed (the restarted source opens what comes after).
      if (wanted?.e2eKeys !== undefined && JSON.stringify(wanted.e2eKeys) !== JSON.stringify(r.config.e2eKeys ?? [])) {
        void this.#inbox.reopenSealed(id, wanted.e2eKeys);
      }
      if (!wanted || JSON.stringify(wanted) !== JSON.stringify(r.config)) {
        this.#stopSource(id);
        if (!wanted) {
          this.#inbox.removeSource(id);
          this.#comments.forget(`${id}/`);
        }
      }
    }
    this.#configs = sources.slice();
    if (this.#started) for (const s of sources) if (!this.#running.has(s.id)) this.#startSource(s);
    this.#fireConnection();
  }

  setTransport(preference: TransportPreference): void {
    this.#preference = preference;
    for (const r of this.#running.values()) r.supervisor.setPreference(preference);
  }

  suspend(): void {
    for (const r of this.#running.values()) r.supervisor.suspend();
    for (const id of this.#running.keys()) this.#outbox.setOnline(id, false);
  }

  resume(): void {
    for (const r of this.#running.values()) r.supervisor.resume();
  }

  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    for (const r of this.#running.values()) r.supervisor.setOnline(online);
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    for (const r of this.#running.values()) r.supervisor.setVisible(visible);
  }

  reconnectNow(): void {
    for (const r of this.#running.values()) r.supervisor.reconnectNow();
  }

  testSource(config: SourceConfig): Promise<SourceTestResult> {
    return testSourceConnection(this.#createSource(config, this.#log), this.#clock);
  }

  // —— events and inbox ——

  readonly onDidReceiveEvents = (l: (e: DeliveredEvents) => void): Disposable => this.#onEvents.event(l);
  readonly onDidCatchUp = (l: (s: CatchUpSummary) => void): Disposable => this.#onCatchUp.event(l);
  readonly onDidChangeInbox = (l: (changes: InboxChange[]) => void): Disposable => this.#inbox.onDidChange(l);

  items() {
    return this.#inbox.items();
  }

  unreadCount(): number {
    return this.#inbox.unreadCount();
  }

  reopenSealed(sourceId: string, keys: readonly string[]): Promise<number> {
    return this.#inbox.reopenSealed(sourceId, keys);
  }

  async comments(key: string): Promise<CommentsView> {
    const slash = key.indexOf('/');
    const sourceId = key.slice(0, slash);
    const itemId = key.slice(slash + 1);
    const source = this.#running.get(sourceId)?.source;
    const live = () => this.#inbox.liveComments(key);
    if (!source?.fetchItem || this.#inbox.get(key)?.local) {
      return commentsView({ comments: [], omittedComments: this.#inbox.liveCommentsOmitted(key) }, live());
    }
    const fetchItem = source.fetchItem.bind(source);
    return this.#comments.view(key, () => fetchItem(itemId, AbortSignal.timeout(10_000)), live);
  }

  // —— actions ——

  act(sourceId: string, action: Action): OutboxEntry {
    return this.#actions.act(sourceId, action);
  }

  outboxEntries(): OutboxEntry[] {
    return this.#outbox.entries();
  }

  outboxProgress(): OutboxProgress {
    return this.#outbox.progress();
  }

  readonly onDidChangeOutbox = (l: (p: OutboxProgress) => void): Disposable => this.#outbox.onDidChange(l);

  retryOutbox(key: string): void {
    this.#outbox.retry(key);
  }

  discardOutbox(key: string): void {
    this.#outbox.discard(key);
  }

  notices(): Notice[] {
    return this.#outbox.notices();
  }

  outboxKeptAside(): string[] {
    return this.#outbox.keptAside();
  }

  /** For the CLI and tests: resolves when the outbox has sent all it can right now. */
  flushOutbox(): Promise<void> {
    return this.#outbox.flush();
  }

  // —— internals ——

  #startSource(config: SourceConfig): void {
    const source = this.#createSource(config, this.#log.child(config.id));
    // Sealed events are opened with the source's keys before anyone sees them (src/core/e2e/open.ts); the reports
    // after them wait their turn. A report for a source stopped meanwhile is dropped.
    const order = new InOrder((error) => this.#log.warn('a sealed event could not be handed on', { error }));
    const cursors = this.#cache.cursorStore(config.id);
    const current = () => this.#running.get(config.id) === r;
    /** Events of this run were dropped (they were still being opened when the run stopped). */
    let dropped = false;
    const options = {
      preference: this.#preference,
      // The cursor waits its turn too: saved past a sealed event only once that event was handed on, so a process
      // killed while it is being opened reads it again on its next start instead of losing it. Once this run has
      // dropped events (the source was restarted or removed while they were being opened) it saves no cursor past
      // them, or the next run would skip them; the cursor of what was handed on is still saved after a stop.
      cursor: { load: () => cursors.load(), save: (cursor: string | null) => order.push(cursor, (c) => dropped || cursors.save(c)) },
      clock: this.#clock,
      random: this.#random,
      logger: this.#log.child(`${config.id}.supervisor`),
      ...this.#tuning.supervisor,
      firstLoad: this.#firstLoadSize,
    };
    this.#inOrder.set(config.id, order);
    const opening = { url: config.url, keys: new KeyRing(config.e2eKeys ?? []), topics: config.kind === 'ntfy' ? (config.channels ?? []).map((t) => t.trim()) : [] };
    const r: RunningSource = new RunningSource(config, source, options, {
      events: (events, catchUp) =>
        order.push(openEvents(events, opening), (opened) => {
          if (!current()) {
            dropped = true;
            return;
          }
          this.#inbox.apply(config.id, opened);
          this.#onEvents.fire({ sourceId: config.id, events: opened, catchUp });
        }),
      caughtUp: (count) => order.push(count, (n) => current() && this.#onCatchUp.fire({ sourceId: config.id, count: n })),
      lost: (info) => order.push(info, (i) => current() && this.#reportLoss(config.id, source.label, i)),
      changed: (state) => {
        this.#outbox.setOnline(config.id, state.kind === 'open');
        this.#fireConnection();
      },
    });
    this.#running.set(config.id, r);
    if (!this.#online) r.supervisor.setOnline(false);
    if (!this.#visible) r.supervisor.setVisible(false);
    r.supervisor.start();
  }

  /** One notice in the list per report (English words kept for any reader that does not localise). */
  #reportLoss(sourceId: string, sourceLabel: string, info: LossInfo): void {
    const notice: LossNotice = { code: 'possible_loss', reason: info.reason, sourceLabel };
    if (info.channel !== undefined) notice.channel = info.channel;
    if (info.from !== undefined) notice.from = info.from;
    if (info.to !== undefined) notice.to = info.to;
    const time = new Date(this.#clock.now()).toISOString();
    const itemId = `herald-notice-${this.#clock.now().toString(36)}-${(++this.#noticeSeq).toString(36)}`;
    const { title, body } = lossNoticeText(notice, 'en', (iso) => iso);
    const item = this.#inbox.addNotice(sourceId, itemId, { title, body, time, notice });
    this.#onLoss.fire({ sourceId, notice, key: item.key });
  }

  #noticeSeq = 0;

  #createSource(config: SourceConfig, logger: Logger): Source {
    return createSource(config, { ...this.#tuning.source, fetch: this.#fetch, clock: this.#clock, logger });
  }

  #stopSource(id: string): void {
    const r = this.#running.get(id);
    if (!r) return;
    r.dispose();
    this.#outbox.setOnline(id, false);
    this.#running.delete(id);
    this.#inOrder.delete(id);
  }

  #fireConnection(): void {
    const summary = this.connection();
    const text = JSON.stringify(summary);
    if (text === this.#lastConnection) return;
    this.#lastConnection = text;
    this.#onConnection.fire(summary);
  }
}
