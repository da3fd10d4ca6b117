/**
 * The composition of the connection core: one Supervisor per source, one Inbox, one Outbox.
 * The Electron shell, the CLI and the browser test harness all run exactly this.
 *
 * River: source → transport → supervisor (de-dup, cursor) → inbox → listeners; actions: act() → outbox → source.
 */
import type { Action } from '../shared/actions';
import { worstState, type ConnectionState, type ErrorInfo, type TransportPreference } from '../shared/connection-state';
import type { CommentsView, ConnectionSummary, InboxChange } from '../shared/inbox';
import type { Notice, SourceTestResult } from '../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../shared/outbox';
import type { CatchUpSummary, ClientOptions, DeliveredEvents, HeraldClient, LossReport } from './api';
import { lossNoticeText, type LossNotice } from '../shared/notices';
import type { LossInfo } from './source';
import { systemClock, type Clock } from './clock';
import { DisposableStore, Emitter, type Disposable } from './emitter';
import { CommentsCache } from './comments';
import { Inbox } from './inbox';
import { InboxCache } from './inbox-cache';
import { createLogger, type Logger } from './log';
import { Outbox } from './outbox/outbox';
import type { Source, SourceConfig } from './source';
import { createSource } from './sources/index';
import { Supervisor } from './supervisor';
import { testSourceConnection } from './test-connection';
import { runSenderHttp, senderHttpRequest } from './sender-actions';

interface Running {
  config: SourceConfig;
  source: Source;
  supervisor: Supervisor;
  disposables: DisposableStore;
}

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
  readonly #outbox: Outbox;
  readonly #running = new Map<string, Running>();
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
  readonly #disposables = new DisposableStore();

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
    this.#cache = new InboxCache({ store: options.store, inboxStore, inbox: this.#inbox, clock: this.#clock, logger: this.#log });

    this.#outbox = new Outbox({
      store: options.outboxStore ?? options.store,
      clock: this.#clock,
      random: this.#random,
      logger: this.#log.child('outbox'),
      send: async (entry, signal) => {
        const running = this.#running.get(entry.sourceId);
        if (!running) {
          return { ok: false, status: 0, body: { error: { code: 'not_found', message: `no source "${entry.sourceId}" is configured` } } };
        }
        if (entry.action.type === 'run_action') {
          // Resolved again from what the server sent: the outbox holds only the index.
          const resolved = senderHttpRequest(this.#inbox.get(`${entry.sourceId}/${entry.action.itemId}`), entry.action.index);
          if (!resolved.ok) return { ok: false, status: 410, body: { error: { code: 'gone', message: resolved.reason } } };
          return runSenderHttp(resolved.request, { fetch: this.#fetch, clock: this.#clock }, signal);
        }
        return running.source.sendAction(entry.action, entry.key, signal);
      },
    });
    this.#disposables.add(this.#outbox.onDidAcknowledge(({ entry, result }) => this.#inbox.acknowledge(entry, result)));
    this.#disposables.add(this.#outbox.onDidChange(() => this.#inbox.setPending(this.#outbox.entries())));
    this.#inbox.setPending(this.#outbox.entries());
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
    for (const id of [...this.#running.keys()]) this.#stopSource(id);
    this.#outbox.dispose();
    // After the cursor writes the stopped sources still had queued (Delivery coalesces them per microtask).
    await Promise.resolve();
    this.#cache.dispose();
    this.#disposables.dispose();
    this.#fireConnection();
  }

  // —— connection ——

  connection(): ConnectionSummary {
    const sources = [...this.#running.values()].map((r) => {
      const status: ConnectionSummary['sources'][number] = {
        id: r.config.id,
        label: r.source.label,
        kind: r.config.kind,
        state: r.supervisor.state,
        malformed: r.supervisor.malformedCount,
      };
      if (r.source.actionless) status.actionless = true;
      const loading = r.supervisor.loading;
      if (loading) status.loading = { ...loading };
      return status;
    });
    const overall: ConnectionState = sources.length === 0 ? { kind: 'stopped' } : worstState(sources.map((s) => s.state));
    return { overall, sources };
  }

  readonly onDidChangeConnection = (l: (s: ConnectionSummary) => void): Disposable => this.#onConnection.event(l);
  readonly onDidDetectLoss = (l: (r: LossReport) => void): Disposable => this.#onLoss.event(l);

  setSources(sources: SourceConfig[]): void {
    const next = new Map(sources.map((s) => [s.id, s]));
    for (const [id, r] of this.#running) {
      const wanted = next.get(id);
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

  async comments(key: string): Promise<CommentsView> {
    const slash = key.indexOf('/');
    const sourceId = key.slice(0, slash);
    const itemId = key.slice(slash + 1);
    const source = this.#running.get(sourceId)?.source;
    const live = () => this.#inbox.liveComments(key);
    if (!source?.fetchItem || this.#inbox.get(key)?.local) return { comments: live() };
    const fetchItem = source.fetchItem.bind(source);
    return this.#comments.view(key, async () => (await fetchItem(itemId, AbortSignal.timeout(10_000))).comments, live);
  }

  // —— actions ——

  act(sourceId: string, action: Action): OutboxEntry {
    if (!this.#configs.some((c) => c.id === sourceId)) {
      throw Object.assign(new Error(`no source "${sourceId}" is configured`), { code: 'not_found' satisfies ErrorInfo['code'] });
    }
    // Herald's own notices, and every item of a server that takes no actions (Nchan, ntfy): reading is kept here
    // (nothing is queued that the server would refuse, again and again), and there is nothing else to do to them.
    if (action.type === 'run_action') {
      const resolved = senderHttpRequest(this.#inbox.get(`${sourceId}/${action.itemId}`), action.index);
      if (!resolved.ok) throw Object.assign(new Error(resolved.reason), { code: 'invalid_input' satisfies ErrorInfo['code'] });
      return this.#outbox.enqueue(sourceId, action);
    }
    const actionless = this.#running.get(sourceId)?.source.actionless === true;
    const local = action.type !== 'mark_all_read' && this.#inbox.get(`${sourceId}/${action.itemId}`)?.local === true;
    if (actionless || local) {
      if (action.type === 'mark_read') this.#inbox.markReadHere(`${sourceId}/${action.itemId}`);
      // Applied at once, to what is shown now (ntfy and Nchan ids have no order to compare `upTo` with).
      else if (action.type === 'mark_all_read') this.#inbox.markAllReadHere(sourceId);
      else {
        const what = local ? 'this notice comes from Herald, not from the server' : 'this server takes no likes or comments';
        throw Object.assign(new Error(what), { code: 'invalid_input' satisfies ErrorInfo['code'] });
      }
      return { key: `local:${sourceId}/${action.type}`, sourceId, action, createdAt: this.#clock.now(), state: { kind: 'pending', attempts: 0 } };
    }
    return this.#outbox.enqueue(sourceId, action);
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

  /** For the CLI and tests: resolves when the outbox has sent all it can right now. */
  flushOutbox(): Promise<void> {
    return this.#outbox.flush();
  }

  // —— internals ——

  #startSource(config: SourceConfig): void {
    const source = this.#createSource(config, this.#log.child(config.id));
    const supervisor = new Supervisor({
      source,
      preference: this.#preference,
      cursor: this.#cache.cursorStore(config.id),
      clock: this.#clock,
      random: this.#random,
      logger: this.#log.child(`${config.id}.supervisor`),
      ...this.#tuning.supervisor,
      firstLoad: this.#firstLoadSize,
    });
    const disposables = new DisposableStore();
    this.#running.set(config.id, { config, source, supervisor, disposables });

    disposables.add(
      supervisor.onDidReceiveEvents(({ events, catchUp }) => {
        const tagged = events.map((e) => ({ ...e, source: config.id }));
        this.#inbox.apply(config.id, tagged);
        this.#onEvents.fire({ sourceId: config.id, events: tagged, catchUp });
      }),
    );
    disposables.add(supervisor.onDidCatchUp(({ count }) => this.#onCatchUp.fire({ sourceId: config.id, count })));
    disposables.add(supervisor.onDidDetectLoss((info) => this.#reportLoss(config.id, source.label, info)));
    disposables.add(supervisor.onDidChangeLoading(() => this.#fireConnection()));
    disposables.add(
      supervisor.onDidChangeState((state) => {
        this.#outbox.setOnline(config.id, state.kind === 'open');
        this.#fireConnection();
      }),
    );
    if (!this.#online) supervisor.setOnline(false);
    if (!this.#visible) supervisor.setVisible(false);
    supervisor.start();
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
    r.supervisor.stop();
    r.disposables.dispose();
    this.#outbox.setOnline(id, false);
    this.#running.delete(id);
  }

  #fireConnection(): void {
    const summary = this.connection();
    const text = JSON.stringify(summary);
    if (text === this.#lastConnection) return;
    this.#lastConnection = text;
    this.#onConnection.fire(summary);
  }
}
