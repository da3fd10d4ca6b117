import { silentLogger } from '../../src/core/log';
import type { Notice } from '../../src/shared/ipc-contract';
/** A HeraldClient stand-in for shell tests: records calls, lets a test fire the client's events. */
import type { CatchUpSummary, LossReport, DeliveredEvents, HeraldClient } from '../../src/core/api';
import { Emitter } from '../../src/core/emitter';
import type { SourceConfig } from '../../src/core/source';
import type { Action } from '../../src/shared/actions';
import type { ConnectionState } from '../../src/shared/connection-state';
import type { HeraldEvent } from '../../src/shared/events';
import type { ConnectionSummary, InboxChange, InboxItem } from '../../src/shared/inbox';
import type { SourceTestResult } from '../../src/shared/ipc-contract';
import type { OutboxEntry, OutboxProgress } from '../../src/shared/outbox';

export class FakeClient implements HeraldClient {
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  readonly inbox = new Emitter<InboxChange[]>(silentLogger);
  readonly conn = new Emitter<ConnectionSummary>(silentLogger);
  readonly outbox = new Emitter<OutboxProgress>(silentLogger);
  readonly events = new Emitter<DeliveredEvents>(silentLogger);
  readonly catchUps = new Emitter<CatchUpSummary>(silentLogger);
  readonly losses = new Emitter<LossReport>(silentLogger);
  itemList: InboxItem[] = [];
  unread = 0;
  summary: ConnectionSummary = { overall: { kind: 'open', transport: 'sse', since: 0 }, sources: [{ id: 'demo', label: 'Demo', kind: 'herald', state: { kind: 'open', transport: 'sse', since: 0 }, malformed: 0 }] };
  progress: OutboxProgress = { pending: 0, sending: 0, failed: 0, done: 0, total: 0 };
  entries: OutboxEntry[] = [];

  #rec(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  called(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  setState(state: ConnectionState): void {
    this.summary = { overall: state, sources: this.summary.sources.map((s) => ({ ...s, state })) };
    this.conn.fire(this.summary);
  }

  deliver(events: HeraldEvent[], catchUp = false, sourceId = 'demo'): void {
    this.events.fire({ sourceId, events, catchUp });
  }

  start(): void {
    this.#rec('start');
  }
  async stop(): Promise<void> {
    this.#rec('stop');
  }
  connection(): ConnectionSummary {
    return this.summary;
  }
  onDidChangeConnection = this.conn.event;
  setSources(sources: SourceConfig[]): void {
    this.#rec('setSources', sources);
  }
  setTransport(p: string): void {
    this.#rec('setTransport', p);
  }
  suspend(): void {
    this.#rec('suspend');
  }
  resume(): void {
    this.#rec('resume');
  }
  setOnline(online: boolean): void {
    this.#rec('setOnline', online);
  }
  setVisible(v: boolean): void {
    this.#rec('setVisible', v);
  }
  reconnectNow(): void {
    this.#rec('reconnectNow');
  }
  async testSource(config: SourceConfig): Promise<SourceTestResult> {
    this.#rec('testSource', config);
    return { ok: true, steps: [{ step: 'connect', ok: true, detail: 'fake' }] };
  }
  onDidReceiveEvents = this.events.event;
  onDidCatchUp = this.catchUps.event;
  onDidDetectLoss = this.losses.event;
  items(): InboxItem[] {
    return this.itemList;
  }
  unreadCount(): number {
    return this.unread;
  }
  onDidChangeInbox = this.inbox.event;
  async comments(key: string) {
    this.#rec('comments', key);
    return { comments: [] };
  }
  act(sourceId: string, action: Action): OutboxEntry {
    this.#rec('act', sourceId, action);
    const entry: OutboxEntry = { key: `k${this.calls.length}`, sourceId, action, createdAt: 0, state: { kind: 'pending', attempts: 0 } };
    this.entries.push(entry);
    return entry;
  }
  outboxEntries(): OutboxEntry[] {
    return this.entries;
  }
  outboxProgress(): OutboxProgress {
    return this.progress;
  }
  onDidChangeOutbox = this.outbox.event;
  retryOutbox(key: string): void {
    this.#rec('retryOutbox', key);
  }
  discardOutbox(key: string): void {
    this.#rec('discardOutbox', key);
  }
  notices(): Notice[] {
    return [];
  }

  async flushOutbox(): Promise<void> {
    this.#rec('flushOutbox');
  }
}

/** A reversible "cipher" that makes encrypted data recognisable and never equal to the secret. */
export const fakeCipher = {
  available: true,
  isAvailable() {
    return this.available;
  },
  encrypt: (plain: string) => `enc:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`,
  decrypt: (data: string) => {
    if (!data.startsWith('enc:')) throw new Error('not ours');
    return Buffer.from(data.slice(4).split('').reverse().join(''), 'base64').toString();
  },
};

export function notificationEvent(n: number, extra: Partial<{ priority: 1 | 2 | 3 | 4 | 5; title: string; body: string }> = {}): HeraldEvent {
  return {
    id: `e${n}`,
    type: 'notification',
    time: new Date(1_700_000_000_000 + n).toISOString(),
    data: { itemId: `i${n}`, title: extra.title ?? `Title ${n}`, body: extra.body ?? `Body ${n}`, priority: extra.priority ?? 3 },
  };
}
