/**
 * The logic of every renderer → main request, with no Electron in sight: ipc-main.ts serves these over ipcMain,
 * and the browser test harness (tests/e2e) serves exactly the same functions over Playwright bindings.
 *
 * How to construct it (the harness does this; the app does the same with electron-store and safeStorage):
 *
 *   const settings = new SettingsService({ store: new MemoryStore(), cipher: fakeCipher });
 *   const client = createHeraldClient({ sources: settings.sourceConfigs(), store: new MemoryStore() });
 *   const handlers = createInvokeHandlers({
 *     client, settings, paused: createPausedState(silentLogger),
 *     openExternal: async (url) => opened.push(url),   // url is already checked: http(s) only
 *     notices: () => settings.notices(), systemLanguage: () => 'en-US',
 *   });
 *   const result = await invokeHandler(handlers, 'herald:get-snapshot', []);   // IpcResult<Snapshot>
 *
 * Arguments arrive from an untrusted page: every handler checks their shape at run time and throws AppError
 * (`invalid_input`, …); `invokeHandler` turns any throw into `{ ok: false, error }` data.
 */
import type { HeraldClient } from '../../core/herald-client';
import { silentLogger, type Logger } from '../../core/base/log';
import { validateAction } from '../../shared/actions';
import type { InboxItem } from '../../shared/inbox';
import { argumentProblem, INVOKE_ARITY, SNAPSHOT_ITEMS, type InvokeArgs, type InvokeChannel, type InvokeResult, type IpcResult, type Notice, type UpdateReady } from '../../shared/ipc-contract';
import { AppError, invalidInput, toErrorInfo } from '../errors';
import { checkExternalUrl } from '../external-url';
import type { PausedState } from '../paused-state';
import type { SettingsService } from '../settings/settings-service';
import type { UpdatePolicy } from '../updates/update-policy';
import type { DiagnosticsService } from '../diagnostics/diagnostics-service';
import type { NotifyDecision } from '../../shared/rules';
import type { SettingsTransfer } from '../settings/settings-transfer-service';
import { previewRules } from '../rules-preview';
import { createRendererLog } from './renderer-log';

export interface AppServices {
  client: HeraldClient;
  settings: SettingsService;
  paused: PausedState;
  /**
   * Open an http(s) URL in the OS browser. Called only with URLs `checkExternalUrl` accepted. The app passes the
   * rate-limited opener (`createExternalOpener`), shared with window.open.
   */
  openExternal(url: string): Promise<unknown>;
  /** Start-up problems to show (corrupt stores set aside, unencrypted secrets). */
  notices(): Notice[];
  /** The OS language (`app.getLocale()` in the app), for `language: 'system'`. */
  systemLanguage(): string;
  /** The update policy; absent in the test harness (updates off). */
  updates?: Pick<UpdatePolicy, 'state' | 'installNow'>;
  /** Settings → Troubleshooting; absent where there is no log or clipboard (refused as `not_found`). */
  diagnostics?: DiagnosticsService;
  /** Write text to the OS clipboard (Electron's `clipboard.writeText`); absent: "Copy key" is refused as `not_found`. */
  writeClipboard?(text: string): void;
  /** The "why" of a recent item (the notifications feature keeps the newest decisions); absent: none known. */
  decisionFor?(itemKey: string): NotifyDecision | undefined;
  /** Settings export and import; absent where there are no file dialogs (refused as `not_found`). */
  settingsTransfer?: SettingsTransfer;
  logger?: Logger;
  /** The clock of the window-log rate limit (Date.now in the app). */
  now?: () => number;
}

/** How many arguments each request takes (the contract's list). */
export { INVOKE_ARITY };

export type InvokeHandler<C extends InvokeChannel> = (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

function requireString(v: unknown, name: string, max = 500): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalidInput(`${name} must be a non-empty string of at most ${max} characters`);
  return v;
}

export function createInvokeHandlers(services: AppServices): InvokeHandlers {
  const { client, settings, paused } = services;
  const log = services.logger ?? silentLogger;
  const rendererLog = createRendererLog({ logger: log, now: services.now ?? Date.now });
  // One connection test at a time: a page asking for hundreds gets `busy`, not hundreds of sockets.
  let testing = false;
  const diagnostics = (): DiagnosticsService => {
    if (!services.diagnostics) throw new AppError('not_found', 'diagnostics are not available here');
    return services.diagnostics;
  };
  const transfer = (): SettingsTransfer => {
    if (!services.settingsTransfer) throw new AppError('not_found', 'settings export and import are not available here');
    return services.settingsTransfer;
  };
  const updateReady = (): { updateReady?: UpdateReady } => {
    const state = services.updates?.state();
    return state?.kind === 'ready' ? { updateReady: { version: state.version } } : {};
  };

  return {
    'herald:get-snapshot': async () => {
      const all = client.items();
      // Named by the outbox view for as long as they exist; not also a dismissible notice.
      const kept = client.outboxKeptAside();
      return {
        items: all.slice(0, SNAPSHOT_ITEMS),
        ...(all.length > SNAPSHOT_ITEMS ? { itemsTotal: all.length } : {}),
        unread: client.unreadCount(),
      connection: client.connection(),
      outbox: client.outboxProgress(),
      settings: settings.get(),
      paused: paused.get(),
        notices: services.notices().filter((n) => n.path === undefined || !kept.includes(n.path)),
        ...(kept.length > 0 ? { outboxKeptAside: kept } : {}),
        systemLanguage: services.systemLanguage(),
        ...updateReady(),
      };
    },

    'herald:get-items': async (after, limit) => {
      const key = requireString(after.key, 'cursor key');
      const time = requireString(after.time, 'cursor time', 64);
      return itemsAfter(client.items(), key, time, limit);
    },

    'herald:get-comments': async (itemKey) => {
      const key = itemKey;
      if (!key.includes('/')) throw invalidInput('item key must look like "<source>/<item>"');
      return client.comments(key);
    },

    'herald:act': async (sourceId, action) => {
      const id = sourceId;
      if (!client.connection().sources.some((s) => s.id === id)) throw new AppError('not_found', `no source "${id}" is connected`);
      const checked = validateAction(action);
      if (!checked.ok) throw invalidInput(checked.message);
      const entry = client.act(id, checked.action);
      return { key: entry.key };
    },

    'herald:set-paused': async (value) => {
      paused.set(value);
    },

    'herald:update-settings': async (patch) => settings.update(patch),

    'herald:save-source': async (source) => settings.saveSource(source),

    'herald:remove-source': async (sourceId) => settings.removeSource(sourceId),

    'herald:add-source-key': async (sourceId, key) => settings.addSourceKey(sourceId, key),

    'herald:generate-source-key': async (sourceId) => settings.generateSourceKey(sourceId),

    'herald:remove-source-key': async (sourceId, index) => settings.removeSourceKey(sourceId, index),

    'herald:copy-source-key': async (sourceId, index) => {
      if (!services.writeClipboard) throw new AppError('not_found', 'the clipboard is not available here');
      // The key goes from the settings file to the clipboard without passing the window, and never into the log.
      services.writeClipboard(settings.sourceKey(sourceId, index));
      log.info('an encryption key was copied to the clipboard', { sourceId: String(sourceId) });
    },

    'herald:test-source': async (source) => {
      if (testing) throw new AppError('busy', 'a connection test is already running');
      const config = settings.resolveSource(source);
      testing = true;
      try {
        return await client.testSource(config);
      } finally {
        testing = false;
      }
    },

    'herald:open-external': async (url) => {
      const href = checkExternalUrl(url);
      log.info('opening a link in the browser', { host: new URL(href).host });
      await services.openExternal(href);
    },

    'herald:list-outbox': async () => client.outboxEntries(),

    'herald:retry-outbox': async (key) => {
      client.retryOutbox(key);
    },

    'herald:discard-outbox': async (key) => {
      client.discardOutbox(key);
    },

    'herald:install-update': async () => {
      services.updates?.installNow();
    },

    'herald:preview-diagnostics': async (placeholders) => {
      return diagnostics().preview(placeholders);
    },

    'herald:copy-diagnostics': async () => diagnostics().copy(),

    'herald:save-diagnostics': async () => diagnostics().save(),

    'herald:open-logs-folder': async () => diagnostics().openLogsFolder(),

    'herald:log': async (level, message) => rendererLog(level, message),

    'herald:export-settings': async () => transfer().exportSettings(),

    'herald:preview-settings-import': async () => transfer().previewImport(),

    'herald:apply-settings-import': async () => transfer().applyImport(),

    'herald:why-notified': async (itemKey) => {
      const key = requireString(itemKey, 'item key');
      if (!key.includes('/')) throw invalidInput('item key must look like "<source>/<item>"');
      return services.decisionFor?.(key) ?? null;
    },

    'herald:preview-rules': async (rules) => {
      const kinds = new Map(settings.get().sources.map((s) => [s.id, s.kind]));
      return previewRules(rules, client.items(), (id) => kinds.get(id));
    },
  };
}

/**
 * Run one handler with untrusted arguments and wrap the outcome: errors cross as data, never as a throw.
 * Unknown channels and a wrong number of arguments are refused here, before any handler runs.
 */
export async function invokeHandler<C extends InvokeChannel>(
  handlers: InvokeHandlers,
  channel: C,
  args: readonly unknown[],
  logger: Logger = silentLogger,
): Promise<IpcResult<InvokeResult<C>>> {
  const handler = Object.hasOwn(handlers, channel) ? (handlers[channel] as (...a: unknown[]) => Promise<InvokeResult<C>>) : undefined;
  if (!handler) return { ok: false, error: { code: 'invalid_input', message: `unknown request "${String(channel)}"` } };
  // The contract's own checks first (the count, each argument's shape), then the handler's deeper rules.
  const problem = argumentProblem(channel, args);
  if (problem !== null) return { ok: false, error: { code: 'invalid_input', message: problem } };
  try {
    const value = await handler(...args);
    return { ok: true, value };
  } catch (err) {
    const error = toErrorInfo(err);
    if (error.code === 'internal') logger.error('request failed', { channel, error: error.message });
    else logger.debug('request refused', { channel, error: error.message });
    return { ok: false, error };
  }
}

/**
 * The page after the cursor in a newest-first list. The cursor's item may have left meanwhile (the cap, a removed
 * source): then the page starts at the first item not newer than its time — it may repeat an item the window has
 * (the window ignores repeats), but it never skips one.
 */
export function itemsAfter(items: readonly InboxItem[], key: string, time: string, limit: number): InboxItem[] {
  let start = items.findIndex((i) => i.key === key) + 1;
  if (start === 0) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.time > time) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  return items.slice(start, start + limit);
}
