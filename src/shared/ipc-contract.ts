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

/**
 * The first check of one argument as it arrives from the window (untrusted): null when its shape is right, else
 * what is wrong (an `invalid_input` answer, before any handler runs). Deeper rules — a setting's range, an action's
 * fields, a URL's scheme — are main's, in the handler.
 */
export type ArgCheck = (value: unknown) => string | null;

/** The argument checks an entry is made of. */
export const arg = {
  /** A non-empty string of at most `max` characters (an id, a key). */
  text: (name: string, max = 500): ArgCheck => (v) =>
    typeof v === 'string' && v.length > 0 && v.length <= max ? null : `${name} must be a non-empty string of at most ${max} characters`,
  /** Any string (main cuts it where it must). */
  string: (name: string): ArgCheck => (v) => (typeof v === 'string' ? null : `${name} must be a string`),
  flag: (name: string): ArgCheck => (v) => (typeof v === 'boolean' ? null : `${name} must be true or false`),
  /** A list; its entries are checked by main. */
  list: (name: string): ArgCheck => (v) => (Array.isArray(v) ? null : `${name} must be a list`),
  /** An object (not null, not an array); its fields are checked by main. */
  object: (name: string): ArgCheck => (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `${name} must be an object`),
  /** A whole number from `min` to `max`. */
  count: (name: string, min: number, max: number): ArgCheck => (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `${name} must be an integer from ${min} to ${max}`,
};

/**
 * A request the window may make: one check per argument (so the argument count is the checks' count; main refuses
 * any other count) and — as types only — its arguments and its result. Made with `op<Args, Result>(...checks)`: the
 * compiler holds the checks to the argument list, one each.
 */
export interface Operation<A extends unknown[], R> {
  readonly arity: A['length'];
  readonly checks: readonly ArgCheck[];
  /** Never set: carries the types for ArgsOf / ResultOf. */
  readonly types?: { args: A; result: R };
}
function op<A extends unknown[], R>(...checks: { [K in keyof A]: ArgCheck }): Operation<A, R> {
  return { arity: checks.length as A['length'], checks };
}

/**
 * Every request of the window, ONE map keyed by the method `window.herald` offers for it. The channel is derived
 * from the key (`getComments` → `herald:get-comments`), the preload builds the bridge by iterating this map, and
 * main registers a handler for each entry. To add an operation: one entry here (its types, a check per argument, a
 * comment for the reader), then its handler in src/main/ipc/handlers.ts (main's deeper rules).
 */
export const IPC_OPERATIONS = {
  /** Everything the window needs to draw itself at start or after a reload. */
  getSnapshot: op<[], Snapshot>(),
  /** An item's comments: the server's, live ones, and pending ones of ours. */
  getComments: op<[itemKey: string], CommentsView>(arg.text('item key')),
  /** Older items after the snapshot's first page, newest first. */
  getItems: op<[after: ItemsCursor, limit: number], InboxItem[]>(arg.object('the cursor'), arg.count('limit', 1, 10_000)),
  /** Queue a user action in the outbox (online or not). Returns the outbox entry's key. */
  act: op<[sourceId: string, action: Action], { key: string }>(arg.text('source id', 64), arg.object('the action')),
  /** Pause or resume native notifications. */
  setPaused: op<[paused: boolean], void>(arg.flag('paused')),
  /** Change settings other than sources. */
  updateSettings: op<[patch: SettingsPatch], Settings>(arg.object('the settings')),
  /** Add or edit a source; token/password are write-only (undefined keeps, '' removes). */
  saveSource: op<[source: SourceInput], Settings>(arg.object('the source')),
  /** Remove a source and its items. */
  removeSource: op<[sourceId: string], Settings>(arg.text('source id', 64)),
  /** Save a pasted end-to-end key for a Herald/Nchan source; main keeps it like a token (the window sees `e2eKeyCount`). */
  addSourceKey: op<[sourceId: string, key: string], Settings>(arg.text('source id', 64), arg.string('the key')),
  /** Main makes a new key and saves it; the window never receives it. */
  generateSourceKey: op<[sourceId: string], Settings>(arg.text('source id', 64)),
  /** Remove a saved key (by its place in the list, newest first). */
  removeSourceKey: op<[sourceId: string, index: number], Settings>(arg.text('source id', 64), arg.count('index', 0, 1000)),
  /** Main writes a saved key to the clipboard itself: the key never crosses to the window. */
  copySourceKey: op<[sourceId: string, index: number], void>(arg.text('source id', 64), arg.count('index', 0, 1000)),
  /** Try a source without saving it, step by step. */
  testSource: op<[source: SourceInput], SourceTestResult>(arg.object('the source')),
  /** Open an http(s) link in the system browser (main checks the URL). */
  openExternal: op<[url: string], void>(arg.text('the link', 4096)),
  /** Outbox entries, for the "waiting to sync" list. */
  listOutbox: op<[], OutboxEntry[]>(),
  /** Send a failed outbox entry again. */
  retryOutbox: op<[key: string], void>(arg.text('outbox key', 200)),
  /** Drop an outbox entry (its optimistic change is undone). */
  discardOutbox: op<[key: string], void>(arg.text('outbox key', 200)),
  /** Restart into a downloaded update (a no-op when none is ready). */
  installUpdate: op<[], void>(),
  /** Build the diagnostics report and return it for the preview; copy and save share exactly this text. */
  previewDiagnostics: op<[placeholders: boolean], string>(arg.flag('placeholders')),
  /** Put the last previewed report on the clipboard. */
  copyDiagnostics: op<[], void>(),
  /** Save the last previewed report where the user picks (`saved: false`: the dialog was cancelled). */
  saveDiagnostics: op<[], DiagnosticsSaveResult>(),
  /** Show the folder with Herald's log files. */
  openLogsFolder: op<[], void>(),
  /** A line for the app's log file from the window (checked, cut, rate-limited and redacted in main). */
  log: op<[level: RendererLogLevel, message: string], void>(arg.text('level', 10), arg.string('message')),
  /** Save every setting and source, without secrets, where the user picks (`saved: false`: cancelled). */
  exportSettings: op<[], ExportResult>(),
  /** Let the user pick an export file, check it whole, and say what importing it would change. */
  previewSettingsImport: op<[], ImportPreview>(),
  /** Apply the file the last preview accepted (nothing else: the window cannot hand main a file). */
  applySettingsImport: op<[], Settings>(),
  /** Run rules as edited (not saved) over the newest items: which rules each item matches. */
  previewRules: op<[rules: Rule[]], RulesPreview>(arg.list('the rules')),
  /** "Why did this notify?": what decided a recent item (null: none kept, e.g. it came before this start). */
  whyNotified: op<[itemKey: string], NotifyDecision | null>(arg.text('item key')),
};

export type IpcMethod = keyof typeof IPC_OPERATIONS;
type OperationOf<M extends IpcMethod> = (typeof IPC_OPERATIONS)[M];
export type ArgsOf<M extends IpcMethod> = OperationOf<M> extends Operation<infer A, unknown> ? A : never;
export type ResultOf<M extends IpcMethod> = NonNullable<OperationOf<M>['types']>['result'];

/** `getComments` → `get-comments`. */
type Kebab<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<T>}` : S;
/** The channel of a method: `herald:` and the method in kebab case. */
export type ChannelOf<M extends IpcMethod> = `herald:${Kebab<M>}`;

export function channelOf<M extends IpcMethod>(method: M): ChannelOf<M> {
  return `herald:${method.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` as ChannelOf<M>;
}

export const IPC_METHODS = Object.keys(IPC_OPERATIONS) as IpcMethod[];

const METHOD_OF_CHANNEL = new Map<string, IpcMethod>(IPC_METHODS.map((m) => [channelOf(m), m]));

/**
 * What is wrong with a request's arguments, by the map's checks (count, then each argument's shape); null when
 * nothing is. An unknown channel is wrong too.
 */
export function argumentProblem(channel: string, args: readonly unknown[]): string | null {
  const method = METHOD_OF_CHANNEL.get(channel);
  if (method === undefined) return `unknown request "${channel}"`;
  const { arity, checks } = IPC_OPERATIONS[method];
  if (args.length !== arity) return `${channel} takes ${arity} argument(s), got ${args.length}`;
  for (let i = 0; i < checks.length; i++) {
    const problem = checks[i]!(args[i]);
    if (problem !== null) return problem;
  }
  return null;
}

/** The contract seen from main, by channel: what each handler takes and gives. */
export type InvokeChannels = { [M in IpcMethod as ChannelOf<M>]: { args: ArgsOf<M>; result: ResultOf<M> } };

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

/** Each channel's argument count, derived from the map (main refuses any other count). */
export const INVOKE_ARITY = Object.fromEntries(IPC_METHODS.map((m) => [channelOf(m), IPC_OPERATIONS[m].arity])) as { readonly [C in InvokeChannel]: InvokeArgs<C>['length'] };

export const INVOKE_CHANNELS: readonly InvokeChannel[] = IPC_METHODS.map((m) => channelOf(m));

type Unsubscribe = () => void;

/** The request methods of the bridge, one per entry of IPC_OPERATIONS; each resolves to an IpcResult. */
export type BridgeRequests = { [M in IpcMethod]: (...args: ArgsOf<M>) => Promise<IpcResult<ResultOf<M>>> };

export interface HeraldBridge extends BridgeRequests {
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

/** Bridge method → invoke channel (derived from the map), so preload and the browser harness map them the same way. */
export type BridgeInvokeMap = { readonly [M in IpcMethod]: ChannelOf<M> };
export const BRIDGE_INVOKE = Object.fromEntries(IPC_METHODS.map((m) => [m, channelOf(m)])) as BridgeInvokeMap;

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
