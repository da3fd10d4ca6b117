/**
 * The one IPC contract shared by main, preload and renderer (GitHub Desktop's pattern): every channel is a name
 * mapped to its argument and result types. Nothing else in the code names a channel.
 *
 * - `InvokeChannels`: renderer → main, request/response (`ipcRenderer.invoke` / `ipcMain.handle`).
 *   Results always cross as `IpcResult<T>`: errors are data, never thrown across the boundary.
 * - `EventChannels`: main → renderer, pushed. Main batches them per ~16 ms window into one `herald:batch` message.
 */
import type { Action } from './actions';
import type { ErrorInfo } from './connection-state';
import type { CommentsView, ConnectionSummary, InboxChange, InboxItem } from './inbox';
import type { OutboxEntry, OutboxProgress } from './outbox';
import type { Settings, SettingsPatch, SourceInput } from './settings';
import type { ExportResult, ImportPreview } from './settings-transfer';
import type { NotifyDecision, Rule } from './rules';
import type { RulesPreview } from './rules-preview';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/**
 * Items a snapshot carries at most (the newest). A window over a big inbox draws these at once and asks for the rest
 * with `herald:get-items`, a page at a time: one 100 000-item message would hold the window for a second.
 */
export const SNAPSHOT_ITEMS = 1000;
/** Items per `herald:get-items` page. */
export const ITEMS_PAGE = 2000;

/** Where the window's list ends: the next page starts after this item (or, if it is gone, after this time). */
export interface ItemsCursor {
  key: string;
  time: string;
}

export interface Snapshot {
  /** The newest items, newest first: all of them, or the first SNAPSHOT_ITEMS when `itemsTotal` says there are more. */
  items: InboxItem[];
  /** How many items main holds, when more than `items` (absent: `items` is all of them). */
  itemsTotal?: number;
  unread: number;
  connection: ConnectionSummary;
  outbox: OutboxProgress;
  settings: Settings;
  /** Notifications paused by the user. */
  paused: boolean;
  /** Problems found at start-up the user should know about (e.g. a corrupt store moved aside). */
  notices: Notice[];
  /** Damaged outbox files kept aside (absent: none): the outbox view names them for as long as they exist. */
  outboxKeptAside?: string[];
  /** The OS language, for `language: 'system'`. */
  systemLanguage: string;
  /** A downloaded update waiting for "restart to install" (absent: none, or updates are off). */
  updateReady?: UpdateReady;
}

export interface UpdateReady {
  version: string;
}

export interface Notice {
  code: ErrorInfo['code'];
  message: string;
  /** Where the unreadable file was kept. */
  path?: string;
}

export interface SourceTestResult {
  ok: boolean;
  /** What happened, step by step, for the settings page ("Connected over SSE in 42 ms"). */
  steps: Array<{ step: 'resolve' | 'connect' | 'auth' | 'stream'; ok: boolean; detail: string }>;
  error?: ErrorInfo;
}

/** The levels a window's log line may have. */
export const RENDERER_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type RendererLogLevel = (typeof RENDERER_LOG_LEVELS)[number];
/** A window's log line is cut to this many characters (a stack trace fits; a runaway string does not). */
export const RENDERER_LOG_MAX_LENGTH = 4000;

export interface InvokeChannels {
  'herald:get-snapshot': { args: []; result: Snapshot };
  'herald:get-comments': { args: [itemKey: string]; result: CommentsView };
  /** Older items after the snapshot's first page, newest first. */
  'herald:get-items': { args: [after: ItemsCursor, limit: number]; result: InboxItem[] };
  /** Queue a user action in the outbox (online or not). Returns the outbox entry's key. */
  'herald:act': { args: [sourceId: string, action: Action]; result: { key: string } };
  'herald:set-paused': { args: [paused: boolean]; result: void };
  'herald:update-settings': { args: [patch: SettingsPatch]; result: Settings };
  'herald:save-source': { args: [source: SourceInput]; result: Settings };
  'herald:remove-source': { args: [sourceId: string]; result: Settings };
  /** Herald/Nchan end-to-end keys: main keeps them (like tokens); the window only sees `e2eKeyCount`. */
  'herald:add-source-key': { args: [sourceId: string, key: string]; result: Settings };
  'herald:generate-source-key': { args: [sourceId: string]; result: Settings };
  'herald:remove-source-key': { args: [sourceId: string, index: number]; result: Settings };
  /** Main writes the key to the clipboard itself: the key never crosses to the window. */
  'herald:copy-source-key': { args: [sourceId: string, index: number]; result: void };
  'herald:test-source': { args: [source: SourceInput]; result: SourceTestResult };
  'herald:open-external': { args: [url: string]; result: void };
  'herald:outbox-list': { args: []; result: OutboxEntry[] };
  'herald:outbox-retry': { args: [key: string]; result: void };
  'herald:outbox-discard': { args: [key: string]; result: void };
  /** Restart into a downloaded update (a no-op when none is ready). */
  'herald:install-update': { args: []; result: void };
  /** Build the diagnostics report and return it for the preview; copy and save share exactly this text. */
  'herald:diagnostics-preview': { args: [placeholders: boolean]; result: string };
  /** Put the last previewed report on the clipboard. */
  'herald:diagnostics-copy': { args: []; result: void };
  /** Save the last previewed report where the user picks (`saved: false`: the dialog was cancelled). */
  'herald:diagnostics-save': { args: []; result: DiagnosticsSaveResult };
  'herald:open-logs-folder': { args: []; result: void };
  /** A line for the app's log file from the window (checked, cut, rate-limited and redacted in main). */
  'herald:log': { args: [level: RendererLogLevel, message: string]; result: void };
  /** Save every setting and source, without secrets, where the user picks (`saved: false`: cancelled). */
  'herald:settings-export': { args: []; result: ExportResult };
  /** Let the user pick an export file, check it whole, and say what importing it would change. */
  'herald:settings-import-preview': { args: []; result: ImportPreview };
  /** Apply the file the last preview accepted (nothing else: the window cannot hand main a file). */
  'herald:settings-import-apply': { args: []; result: Settings };
  /** Run rules as edited (not saved) over the newest items: which rules each item matches. */
  'herald:rules-preview': { args: [rules: Rule[]]; result: RulesPreview };
  /** "Why did this notify?": what decided a recent item (null: none kept, e.g. it came before this start). */
  'herald:why': { args: [itemKey: string]; result: NotifyDecision | null };
}

export interface DiagnosticsSaveResult {
  saved: boolean;
}

/** A part of the Settings page main may ask the window to show (the tray's "Troubleshooting…"). */
export type SettingsSection = 'troubleshooting';
export interface ShowSettings {
  section: SettingsSection;
}

export interface EventChannels {
  'herald:inbox-changed': { changes: InboxChange[]; unread: number };
  'herald:connection-changed': ConnectionSummary;
  'herald:outbox-changed': OutboxProgress;
  'herald:paused-changed': boolean;
  'herald:settings-changed': Settings;
  /** A native notification was clicked: show this item. */
  'herald:focus-item': string;
  'herald:notice': Notice;
  /** An update finished downloading. */
  'herald:update-ready': UpdateReady;
  /** Show the Settings page at this section. */
  'herald:show-settings': ShowSettings;
  /** Show the list narrowed to these items (a digest notification was clicked). */
  'herald:show-items': ShowItems;
}

export interface ShowItems {
  keys: string[];
}

export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof EventChannels;
export type InvokeArgs<C extends InvokeChannel> = InvokeChannels[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeChannels[C]['result'];

export type BatchedEvent = { [C in EventChannel]: { channel: C; payload: EventChannels[C] } }[EventChannel];
/** The single main → renderer message carrying a window's worth of events, in order. */
export const BATCH_CHANNEL = 'herald:batch' as const;

/**
 * How many arguments each request takes: the one list of invoke channels as a value. The compiler checks it
 * against the contract (a missing or extra channel, or a wrong count, is a type error); main refuses a request
 * with more arguments before any handler runs.
 */
export const INVOKE_ARITY: { readonly [C in InvokeChannel]: InvokeArgs<C>['length'] } = {
  'herald:get-snapshot': 0,
  'herald:get-comments': 1,
  'herald:get-items': 2,
  'herald:act': 2,
  'herald:set-paused': 1,
  'herald:update-settings': 1,
  'herald:save-source': 1,
  'herald:remove-source': 1,
  'herald:add-source-key': 2,
  'herald:generate-source-key': 1,
  'herald:remove-source-key': 2,
  'herald:copy-source-key': 2,
  'herald:test-source': 1,
  'herald:open-external': 1,
  'herald:outbox-list': 0,
  'herald:outbox-retry': 1,
  'herald:outbox-discard': 1,
  'herald:install-update': 0,
  'herald:diagnostics-preview': 1,
  'herald:diagnostics-copy': 0,
  'herald:diagnostics-save': 0,
  'herald:open-logs-folder': 0,
  'herald:log': 2,
  'herald:settings-export': 0,
  'herald:settings-import-preview': 0,
  'herald:settings-import-apply': 0,
  'herald:rules-preview': 1,
  'herald:why': 1,
};

export const INVOKE_CHANNELS: readonly InvokeChannel[] = Object.keys(INVOKE_ARITY) as InvokeChannel[];

type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.herald` (and what the browser test harness implements over Playwright
 * bindings). One method per operation; `onX(cb) => unsubscribe` per event. All methods resolve to `IpcResult`.
 */
export interface HeraldBridge {
  getSnapshot(): Promise<IpcResult<Snapshot>>;
  getComments(itemKey: string): Promise<IpcResult<CommentsView>>;
  getItems(after: ItemsCursor, limit: number): Promise<IpcResult<InboxItem[]>>;
  act(sourceId: string, action: Action): Promise<IpcResult<{ key: string }>>;
  setPaused(paused: boolean): Promise<IpcResult<void>>;
  updateSettings(patch: SettingsPatch): Promise<IpcResult<Settings>>;
  saveSource(source: SourceInput): Promise<IpcResult<Settings>>;
  removeSource(sourceId: string): Promise<IpcResult<Settings>>;
  addSourceKey(sourceId: string, key: string): Promise<IpcResult<Settings>>;
  generateSourceKey(sourceId: string): Promise<IpcResult<Settings>>;
  removeSourceKey(sourceId: string, index: number): Promise<IpcResult<Settings>>;
  copySourceKey(sourceId: string, index: number): Promise<IpcResult<void>>;
  testSource(source: SourceInput): Promise<IpcResult<SourceTestResult>>;
  openExternal(url: string): Promise<IpcResult<void>>;
  listOutbox(): Promise<IpcResult<OutboxEntry[]>>;
  retryOutbox(key: string): Promise<IpcResult<void>>;
  discardOutbox(key: string): Promise<IpcResult<void>>;
  installUpdate(): Promise<IpcResult<void>>;
  previewDiagnostics(placeholders: boolean): Promise<IpcResult<string>>;
  copyDiagnostics(): Promise<IpcResult<void>>;
  saveDiagnostics(): Promise<IpcResult<DiagnosticsSaveResult>>;
  openLogsFolder(): Promise<IpcResult<void>>;
  log(level: RendererLogLevel, message: string): Promise<IpcResult<void>>;
  exportSettings(): Promise<IpcResult<ExportResult>>;
  previewSettingsImport(): Promise<IpcResult<ImportPreview>>;
  applySettingsImport(): Promise<IpcResult<Settings>>;
  previewRules(rules: Rule[]): Promise<IpcResult<RulesPreview>>;
  whyNotified(itemKey: string): Promise<IpcResult<NotifyDecision | null>>;

  onInboxChanged(cb: (e: EventChannels['herald:inbox-changed']) => void): Unsubscribe;
  onConnectionChanged(cb: (e: ConnectionSummary) => void): Unsubscribe;
  onOutboxChanged(cb: (e: OutboxProgress) => void): Unsubscribe;
  onPausedChanged(cb: (paused: boolean) => void): Unsubscribe;
  onSettingsChanged(cb: (s: Settings) => void): Unsubscribe;
  onFocusItem(cb: (itemKey: string) => void): Unsubscribe;
  onNotice(cb: (n: Notice) => void): Unsubscribe;
  onUpdateReady(cb: (u: UpdateReady) => void): Unsubscribe;
  onShowSettings(cb: (s: ShowSettings) => void): Unsubscribe;
  onShowItems(cb: (s: ShowItems) => void): Unsubscribe;
}

type InvokeMethod = { [M in keyof HeraldBridge]: M extends `on${string}` ? never : M }[keyof HeraldBridge];
/** The bridge's signature for a channel: its arguments in, its result as an IpcResult out. */
type BridgeCall<C extends InvokeChannel> = (...args: InvokeArgs<C>) => Promise<IpcResult<InvokeResult<C>>>;
/** The channels whose signature is exactly the method's (each way assignable). */
type ChannelFor<F> = { [C in InvokeChannel]: [F] extends [BridgeCall<C>] ? ([BridgeCall<C>] extends [F] ? C : never) : never }[InvokeChannel];
/** Bridge method → invoke channel, typed per method: mapping getComments to `herald:act` does not compile. */
export type BridgeInvokeMap = { readonly [M in InvokeMethod]: ChannelFor<HeraldBridge[M]> };

/** Bridge method → invoke channel, so preload and the browser harness map them the same way. */
export const BRIDGE_INVOKE: BridgeInvokeMap = {
  getSnapshot: 'herald:get-snapshot',
  getComments: 'herald:get-comments',
  getItems: 'herald:get-items',
  act: 'herald:act',
  setPaused: 'herald:set-paused',
  updateSettings: 'herald:update-settings',
  saveSource: 'herald:save-source',
  removeSource: 'herald:remove-source',
  addSourceKey: 'herald:add-source-key',
  generateSourceKey: 'herald:generate-source-key',
  removeSourceKey: 'herald:remove-source-key',
  copySourceKey: 'herald:copy-source-key',
  testSource: 'herald:test-source',
  openExternal: 'herald:open-external',
  listOutbox: 'herald:outbox-list',
  retryOutbox: 'herald:outbox-retry',
  discardOutbox: 'herald:outbox-discard',
  installUpdate: 'herald:install-update',
  previewDiagnostics: 'herald:diagnostics-preview',
  copyDiagnostics: 'herald:diagnostics-copy',
  saveDiagnostics: 'herald:diagnostics-save',
  openLogsFolder: 'herald:open-logs-folder',
  log: 'herald:log',
  exportSettings: 'herald:settings-export',
  previewSettingsImport: 'herald:settings-import-preview',
  applySettingsImport: 'herald:settings-import-apply',
  previewRules: 'herald:rules-preview',
  whyNotified: 'herald:why',
};

type EventMethod = { [M in keyof HeraldBridge]: M extends `on${string}` ? M : never }[keyof HeraldBridge];
/** The channels whose payload is exactly what the listener takes. */
type EventChannelFor<F> = F extends (cb: (payload: infer P) => void) => Unsubscribe
  ? { [C in EventChannel]: [P] extends [EventChannels[C]] ? ([EventChannels[C]] extends [P] ? C : never) : never }[EventChannel]
  : never;
export type BridgeEventMap = { readonly [M in EventMethod]: EventChannelFor<HeraldBridge[M]> };

/** Bridge listener → event channel, typed per listener like BRIDGE_INVOKE. */
export const BRIDGE_EVENTS: BridgeEventMap = {
  onInboxChanged: 'herald:inbox-changed',
  onConnectionChanged: 'herald:connection-changed',
  onOutboxChanged: 'herald:outbox-changed',
  onPausedChanged: 'herald:paused-changed',
  onSettingsChanged: 'herald:settings-changed',
  onFocusItem: 'herald:focus-item',
  onNotice: 'herald:notice',
  onUpdateReady: 'herald:update-ready',
  onShowSettings: 'herald:show-settings',
  onShowItems: 'herald:show-items',
};

/** The name the bridge is exposed under on `window`. */
export const BRIDGE_NAME = 'herald' as const;
