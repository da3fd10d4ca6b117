/**
 * A HeraldBridge for renderer tests: every method is a vi.fn answering from in-memory state, and `emit` pushes an
 * event to the window as main would.
 */
import type { Action } from '../../src/shared/actions';
import type { ConnectionState } from '../../src/shared/connection-state';
import type { CommentsView, InboxComment, InboxItem } from '../../src/shared/inbox';
import type { EventChannel, EventChannels, HeraldBridge, IpcResult, Snapshot, SourceTestResult } from '../../src/shared/ipc-contract';
import { BRIDGE_EVENTS } from '../../src/shared/ipc-contract';
import type { OutboxEntry } from '../../src/shared/outbox';
import type { Settings, SettingsPatch, SourceInput } from '../../src/shared/settings';
import type { ImportPreview } from '../../src/shared/settings-transfer';
import type { NotifyDecision, Rule } from '../../src/shared/rules';
import type { RulesPreview } from '../../src/shared/rules-preview';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

let seq = 0;
/** An item; `n` orders them in time (larger = newer). */
export function makeItem(n: number, patch: Partial<InboxItem> = {}): InboxItem {
  const sourceId = patch.sourceId ?? 'main';
  const itemId = patch.itemId ?? String(n);
  return {
    key: `${sourceId}/${itemId}`,
    sourceId,
    itemId,
    eventId: String(n),
    kind: 'notification',
    title: `Item ${n}`,
    body: `Body of item ${n}`,
    priority: 3,
    time: new Date(Date.UTC(2026, 10, 24, 8, 0, 0) + n * 1000).toISOString(),
    read: false,
    likes: 0,
    liked: false,
    commentCount: 0,
    ...patch,
  };
}

/** Newest first, as main sends them. */
export function makeItems(count: number, patch: (n: number) => Partial<InboxItem> = () => ({})): InboxItem[] {
  const out: InboxItem[] = [];
  for (let n = count; n >= 1; n--) out.push(makeItem(n, patch(n)));
  return out;
}

export const OPEN: ConnectionState = { kind: 'open', transport: 'sse', since: 0 };

export function makeSnapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    items: [],
    // As the core counts it: every unread item it holds (the test names it when the snapshot carries only some).
    unread: (patch.items ?? []).filter((i) => !i.read).length,
    connection: { overall: OPEN, sources: [{ id: 'main', label: 'Main', kind: 'herald', state: OPEN, malformed: 0 }] },
    outbox: { pending: 0, sending: 0, failed: 0, done: 0, total: 0 },
    settings: DEFAULT_SETTINGS,
    paused: false,
    notices: [],
    systemLanguage: 'en-US',
    ...patch,
  };
}

type Listener = (payload: never) => void;

export class FakeBridge implements HeraldBridge {
  snapshot: Snapshot;
  comments = new Map<string, InboxComment[]>();
  /** Items beyond the snapshot's first page, newest first, served by getItems. */
  older: InboxItem[] = [];
  outbox: OutboxEntry[] = [];
  settings: Settings;
  testResult: SourceTestResult = { ok: true, steps: [{ step: 'connect', ok: true, detail: 'Connected over SSE in 12 ms' }] };
  readonly #listeners = new Map<EventChannel, Set<Listener>>();
  #keys = 0;

  constructor(snapshot: Partial<Snapshot> = {}) {
    this.snapshot = makeSnapshot(snapshot);
    this.settings = this.snapshot.settings;
  }

  getSnapshot = vi.fn(async () => ok({ ...this.snapshot, settings: this.settings }));
  getItems = vi.fn(async (after: { key: string; time: string }, limit: number) => {
    const at = this.older.findIndex((i) => i.key === after.key) + 1;
    return ok(this.older.slice(at, at + limit));
  });
  getComments = vi.fn(async (key: string): Promise<IpcResult<CommentsView>> => ok({ comments: [...(this.comments.get(key) ?? [])] }));
  act = vi.fn(async (_sourceId: string, _action: Action) => ok({ key: `key-${++this.#keys}` }));
  setPaused = vi.fn(async (_paused: boolean) => ok(undefined));
  updateSettings = vi.fn(async (patch: SettingsPatch) => {
    this.settings = { ...this.settings, ...patch };
    return ok(this.settings);
  });
  saveSource = vi.fn(async (input: SourceInput) => {
    const id = input.id ?? `src-${++seq}`;
    const before = this.settings.sources.find((s) => s.id === id);
    // Write-only secrets: undefined keeps the stored one, '' removes it.
    const has = (value: string | undefined, had: boolean | undefined) => (value === undefined ? (had ?? false) : value !== '');
    const saved = {
      id,
      kind: input.kind,
      url: input.url,
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.channels !== undefined ? { channels: input.channels } : {}),
      hasToken: has(input.token, before?.hasToken),
      hasPassword: has(input.password, before?.hasPassword),
      // ntfy's encryption password counts as one key; Herald/Nchan keys change through their own calls.
      ...(has(input.e2ePassword, (before?.e2eKeyCount ?? 0) > 0) ? { e2eKeyCount: input.e2ePassword ? 1 : (before?.e2eKeyCount ?? 1) } : {}),
    };
    this.settings = { ...this.settings, sources: [...this.settings.sources.filter((s) => s.id !== id), saved] };
    return ok(this.settings);
  });
  removeSource = vi.fn(async (id: string) => {
    this.settings = { ...this.settings, sources: this.settings.sources.filter((s) => s.id !== id) };
    return ok(this.settings);
  });
  /** End-to-end keys as the window knows them: a count per source (main holds the keys). */
  #changeKeys(id: string, by: number): IpcResult<Settings> {
    const sources = this.settings.sources.map((s) => {
      if (s.id !== id) return s;
      const { e2eKeyCount, ...rest } = s;
      const n = (e2eKeyCount ?? 0) + by;
      return n > 0 ? { ...rest, e2eKeyCount: n } : rest;
    });
    this.settings = { ...this.settings, sources };
    return ok(this.settings);
  }
  addSourceKey = vi.fn(async (id: string, _key: string) => this.#changeKeys(id, 1));
  generateSourceKey = vi.fn(async (id: string) => this.#changeKeys(id, 1));
  removeSourceKey = vi.fn(async (id: string, _index: number) => this.#changeKeys(id, -1));
  copySourceKey = vi.fn(async (_id: string, _index: number) => ok(undefined));
  testSource = vi.fn(async (_input: SourceInput) => ok(this.testResult));
  openExternal = vi.fn(async (_url: string) => ok(undefined));
  listOutbox = vi.fn(async () => ok([...this.outbox]));
  retryOutbox = vi.fn(async (_key: string) => ok(undefined));
  discardOutbox = vi.fn(async (_key: string) => ok(undefined));
  installUpdate = vi.fn(async () => ok(undefined));
  /** The report main would build: the host shows only without placeholders. */
  diagnosticsText = (placeholders: boolean) => `Herald diagnostics\n[main] herald ${placeholders ? 'http://host-1' : 'http://ntfy.example.com'}\n`;
  savePicked = true;
  previewDiagnostics = vi.fn(async (placeholders: boolean) => ok(this.diagnosticsText(placeholders)));
  copyDiagnostics = vi.fn(async () => ok(undefined));
  saveDiagnostics = vi.fn(async () => ok({ saved: this.savePicked }));
  openLogsFolder = vi.fn(async () => ok(undefined));
  log = vi.fn(async () => ok(undefined));
  exportPicked = true;
  /** What main's import preview answers (a test sets it before clicking Import). */
  importPreview: ImportPreview = { kind: 'cancelled' };
  exportSettings = vi.fn(async () => ok({ saved: this.exportPicked }));
  previewSettingsImport = vi.fn(async () => ok(this.importPreview));
  applySettingsImport = vi.fn(async () => ok(this.settings));
  /** What main's rules preview answers (a test sets it; by default no item matches). */
  rulesPreview: RulesPreview = { items: [] };
  previewRules = vi.fn(async (_rules: Rule[]) => ok(this.rulesPreview));
  /** What main knows of why each item notified, by item key. */
  decisions = new Map<string, NotifyDecision>();
  whyNotified = vi.fn(async (key: string) => ok(this.decisions.get(key) ?? null));

  onInboxChanged = (cb: (e: EventChannels['herald:inbox-changed']) => void) => this.#on(BRIDGE_EVENTS.onInboxChanged, cb);
  onConnectionChanged = (cb: (e: EventChannels['herald:connection-changed']) => void) => this.#on(BRIDGE_EVENTS.onConnectionChanged, cb);
  onOutboxChanged = (cb: (e: EventChannels['herald:outbox-changed']) => void) => this.#on(BRIDGE_EVENTS.onOutboxChanged, cb);
  onPausedChanged = (cb: (e: boolean) => void) => this.#on(BRIDGE_EVENTS.onPausedChanged, cb);
  onSettingsChanged = (cb: (e: Settings) => void) => this.#on(BRIDGE_EVENTS.onSettingsChanged, cb);
  onFocusItem = (cb: (e: string) => void) => this.#on(BRIDGE_EVENTS.onFocusItem, cb);
  onNotice = (cb: (e: EventChannels['herald:notice']) => void) => this.#on(BRIDGE_EVENTS.onNotice, cb);
  onUpdateReady = (cb: (e: EventChannels['herald:update-ready']) => void) => this.#on(BRIDGE_EVENTS.onUpdateReady, cb);
  onShowSettings = (cb: (e: EventChannels['herald:show-settings']) => void) => this.#on(BRIDGE_EVENTS.onShowSettings, cb);
  onShowItems = (cb: (e: EventChannels['herald:show-items']) => void) => this.#on(BRIDGE_EVENTS.onShowItems, cb);

  /** Push an event to the window, as main's batcher would. */
  emit<C extends EventChannel>(channel: C, payload: EventChannels[C]): void {
    for (const l of [...(this.#listeners.get(channel) ?? [])]) (l as (p: EventChannels[C]) => void)(payload);
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  #on<T>(channel: EventChannel, cb: (p: T) => void): () => void {
    const set = this.#listeners.get(channel) ?? new Set<Listener>();
    set.add(cb as Listener);
    this.#listeners.set(channel, set);
    return () => void set.delete(cb as Listener);
  }
}
