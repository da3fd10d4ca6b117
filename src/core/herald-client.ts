/**
 * The connection core's public face: what the Electron shell, the CLI and the browser test harness use.
 * Implemented by `createHeraldClient` (src/core/client.ts). No Electron here.
 */
import type { Action } from '../shared/actions';
import type { ConnectionState, TransportPreference } from '../shared/connection-state';
import type { HeraldEvent } from '../shared/events';
import type { CommentsView, ConnectionSummary, InboxChange, InboxItem } from '../shared/inbox';
import type { Notice, SourceTestResult } from '../shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../shared/outbox';
import type { LossNotice } from '../shared/notices';
import type { Clock } from './base/clock';
import type { Disposable } from './base/emitter';
import type { Egress } from './egress/egress';
import type { Logger } from './base/log';
import type { SourceConfig } from './source';
import type { CreateSourceDeps } from './sources/index';
import type { SupervisorOptions } from './connection/supervisor';
import type { KeyValueStore } from './store';
import type { OutboxMailbox } from './outbox/outbox-mailbox';

export interface ClientOptions {
  sources: SourceConfig[];
  /** Cursors and the inbox cache. */
  store: KeyValueStore;
  /**
   * `store`'s file was damaged and set aside when it opened: a source without a cursor there may have had one. Each
   * such source starts over with a "may be missing" notice instead of silently starting from now.
   */
  cursorsLost?: boolean;
  /** Where the inbox cache is kept (a separate file, so cursor writes stay small). Defaults to `store`; null: no cache. */
  inboxStore?: KeyValueStore | null;
  /** The outbox's own store (a dedicated file in the app). Defaults to `store`. */
  outboxStore?: KeyValueStore;
  /** Where other processes hand over actions they queue (`herald act` beside a running subscriber or app). */
  outboxMailbox?: OutboxMailbox;
  transport?: TransportPreference;
  fetch?: typeof fetch;
  /** The door for requests a publisher asks for (a sender's http actions); main shares one with remote images. */
  egress?: Egress;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  /**
   * On the first run of a source with history (no cursor yet), load this many recent items before going live.
   * Default 500 (the app); 0 starts live from "now" (the CLI's subscribe, like `tail -f`).
   */
  firstLoad?: number;
  /** Timing knobs for tests and the CLI (small backoffs, short keepalives). */
  tuning?: {
    supervisor?: Partial<Omit<SupervisorOptions, 'source' | 'preference' | 'cursor' | 'clock' | 'random' | 'logger'>>;
    source?: Partial<Omit<CreateSourceDeps, 'fetch' | 'clock' | 'logger'>>;
  };
  /**
   * While started, the client keeps the Node process alive (a running subscriber must not exit because its only
   * pending work is a backoff or poll timer: the core's own timers are unref'd so that they never hold a process
   * by themselves). Embedders that manage their own lifetime may turn this off. Default true.
   */
  keepProcessAlive?: boolean;
  /** Keep at most this many items in the inbox (oldest read ones go first). Default 100 000. */
  inboxLimit?: number;
}

/** Delivered events, after de-duplication, per source. */
export interface DeliveredEvents {
  sourceId: string;
  events: HeraldEvent[];
  /**
   * True for events fetched while catching up (after a gap, a long disconnect, or sleep): the shell shows one
   * summary for these instead of a toast each.
   */
  catchUp: boolean;
}

/** Events from a source may have been missed for good; the inbox holds a notice saying so (item `key`). */
export interface LossReport {
  sourceId: string;
  notice: LossNotice;
  /** The inbox item that tells the user. */
  key: string;
}

export interface CatchUpSummary {
  sourceId: string;
  /** Notifications and system messages recovered. */
  count: number;
}

export interface HeraldClient {
  start(): void;
  /** Close every transport and timer; flush stores. */
  stop(): Promise<void>;

  // —— connection ——
  connection(): ConnectionSummary;
  onDidChangeConnection(listener: (s: ConnectionSummary) => void): Disposable;
  /** Events may have been missed for good (a notice was added to the inbox): the CLI prints it. */
  onDidDetectLoss(listener: (report: LossReport) => void): Disposable;
  /** Replace the configured sources (settings changed). Kept sources keep their connection. */
  setSources(sources: SourceConfig[]): void;
  setTransport(preference: TransportPreference): void;
  /** Machine about to sleep: close links, stop timers. */
  suspend(): void;
  /** Machine woke (or timer drift seen): reconnect at once and catch up. */
  resume(): void;
  /** The OS says the network is up/down. */
  setOnline(online: boolean): void;
  /** App window visible or not (interval polling pauses while hidden). */
  setVisible(visible: boolean): void;
  /** Try every source now (a "reconnect" button, an online signal). */
  reconnectNow(): void;
  testSource(config: SourceConfig): Promise<SourceTestResult>;

  // —— events and inbox ——
  onDidReceiveEvents(listener: (e: DeliveredEvents) => void): Disposable;
  onDidCatchUp(listener: (s: CatchUpSummary) => void): Disposable;
  items(): InboxItem[];
  unreadCount(): number;
  onDidChangeInbox(listener: (changes: InboxChange[]) => void): Disposable;
  /**
   * Tries the source's sealed items again with `keys` (setSources does it by itself when a source's e2eKeys change):
   * those that open are updated in place. Resolves to how many opened.
   */
  reopenSealed(sourceId: string, keys: readonly string[]): Promise<number>;
  /** Comments of an item: the server's list merged with live and pending ones; offline, what is known (stale). */
  comments(itemKey: string): Promise<CommentsView>;

  // —— actions (through the outbox) ——
  act(sourceId: string, action: Action): OutboxEntry;
  outboxEntries(): OutboxEntry[];
  outboxProgress(): OutboxProgress;
  onDidChangeOutbox(listener: (p: OutboxProgress) => void): Disposable;
  retryOutbox(key: string): void;
  discardOutbox(key: string): void;
  /** Problems found while loading (unreadable outbox entries set aside, a file from a newer version). */
  notices(): Notice[];
  /** Damaged outbox files kept aside, for as long as they exist (the outbox view names them). */
  outboxKeptAside(): string[];
  /** Resolves when the outbox has sent everything it can right now (the CLI waits on it before exiting). */
  flushOutbox(): Promise<void>;
}

export type { ConnectionState };
