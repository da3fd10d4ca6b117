/**
 * The composition root: it only wires feature modules, in order — settings → sources (the embedded demo server
 * when none are configured) → the connection core → window, IPC, updates, tray, notifications, power. Every feature lives
 * in its own module; nothing here decides behaviour.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, globalShortcut, shell } from 'electron';
import { createHeraldClient } from '../core/client';
import { trackConnectionHistory } from '../core/connection/connection-history';
import { systemClock } from '../core/base/clock';
import { DisposableStore } from '../core/base/emitter';
import { createLogger, defaultLevel, stderrSink, teeSinks } from '../core/base/log';
import { startServer } from '../server/index';
import type { Notice } from '../shared/ipc-contract';
import { APP_ENTRY_URL } from './app-origin';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createRemoteImageLoader } from './remote-image';
import { Egress } from '../core/egress/egress';
import { appIconImage } from './app-icon';
import { createAppLog } from './app-log';
import { acquireSingleInstance, applyLoginItem, registerLifecycle, startsHidden } from './app-lifecycle';
import { createDemoServer } from './demo-server';
import { createElectronDiagnostics } from './diagnostics/electron-diagnostics';
import { createElectronSettingsTransfer } from './settings/electron-settings-transfer';
import { createExternalOpener } from './external-url';
import { createEventForwarder } from './ipc/event-forwarder';
import { createInvokeHandlers } from './ipc/handlers';
import { createBatchSender, registerIpcHandlers } from './ipc/ipc-main';
import { registerDeepLinks } from './deep-links';
import { registerGlobalShortcut } from './global-shortcut';
import { registerNotifications, type NotificationsFeature } from './notifications/native';
import { createToastActor } from './notifications/toast-actions';
import { createPausedState } from './paused-state';
import { registerPower } from './power';
import { registerSettingsEffects } from './settings/settings-effects';
import { openOutboxHandover, openStore, type StoreName } from './settings/electron-stores';
import { createSafeStorageCipher } from './settings/safe-storage-cipher';
import { SettingsService } from './settings/settings-service';
import { resolveLanguage } from './strings';
import { registerTray } from './tray';
import { loadUpdater } from './updates/load-updater';
import { createUpdatePolicy } from './updates/update-policy';
import { createMainWindow, type MainWindow } from './window';

// The log file takes info and up (HERALD_LOG=debug: everything); stderr keeps its own level (warn).
const stderrLevel = defaultLevel();
const fileLevel = stderrLevel === 'debug' ? 'debug' : 'info';
const appLog = createAppLog({ app, level: fileLevel });
const log = createLogger('herald', fileLevel, teeSinks({ sink: appLog.sink, level: fileLevel }, { sink: stderrSink, level: stderrLevel }));
const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '../renderer');
// The dev server is a development convenience: a packaged build never reads it (it would load and trust any page).
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined;

// Before anything else: every renderer sandboxed, and our scheme registered (both must precede `ready`).
app.enableSandbox();
registerAppScheme();

async function main(): Promise<void> {
  const notices: Notice[] = [];
  const features = new DisposableStore();
  const openNamed = (name: StoreName) => {
    const opened = openStore({ name, logger: log.child('store') });
    notices.push(...opened.notices);
    return opened;
  };
  const store = (name: StoreName) => openNamed(name).store;

  // `herald act` on this folder hands its actions to the app; `herald subscribe` here is refused while the app runs.
  const handover = openOutboxHandover({ logger: log.child('store') });
  notices.push(...handover.notices);
  const settingsFile = openNamed('settings');
  const settings = new SettingsService({ store: settingsFile.store, path: settingsFile.path, cipher: createSafeStorageCipher(log), logger: log.child('settings') });
  const demo = createDemoServer({ start: startServer, dataDir: join(app.getPath('userData'), 'demo-server'), logger: log });
  // One door for everything a publisher makes Herald fetch (images, http actions): one policy, one concurrency cap.
  const egress = new Egress();
  // A damaged state.json (set aside, or left untouched and run from memory) loses the cursors: each source starts
  // over with a "may be missing" notice instead of silently from now, as in the CLI.
  const stateFile = openNamed('state');
  const client = createHeraldClient({
    egress,
    sources: await demo.sourcesFor(settings.sourceConfigs()),
    store: stateFile.store,
    cursorsLost: stateFile.notices.length > 0,
    outboxStore: store('outbox'),
    outboxMailbox: handover.mailbox,
    inboxStore: store('inbox-cache'),
    transport: settings.get().transport,
    logger: log.child('core'),
  });
  const paused = createPausedState(log.child('paused'));
  const openExternal = createExternalOpener({ open: (url) => shell.openExternal(url) });
  const remoteImage = createRemoteImageLoader({
    allowed: (sourceId) => settings.get().imageSources.includes(sourceId),
    item: (sourceId, itemId) => client.items().find((i) => i.sourceId === sourceId && i.itemId === itemId),
    sourceAddress: (sourceId) => settings.get().sources.find((s) => s.id === sourceId)?.url,
    egress,
    logger: log.child('images'),
  });
  features.add(serveAppProtocol(rendererRoot, log.child('protocol'), remoteImage));
  const language = () => resolveLanguage(settings.get().language, app.getLocale());

  let window: MainWindow | null = null;
  const showWindow = () => window?.show();
  const lifecycle = registerLifecycle({
    showWindow,
    logger: log,
    cleanup: async () => {
      features.dispose();
      await client.stop();
      handover.release();
      await demo.close();
    },
  });

  window = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    rendererUrl: devServerUrl ?? APP_ENTRY_URL,
    devTools: !app.isPackaged,
    openExternal,
    ...(process.platform === 'darwin' ? {} : { icon: appIconImage() }),
    showOnReady: !startsHidden(settings.get()),
    isQuitting: lifecycle.isQuitting,
    onVisibilityChange: (visible) => client.setVisible(visible),
    logger: log.child('window'),
  });

  // Diagnostics remember how each source's connection went from the start, for "Herald stopped notifying me".
  const connectionHistory = features.add(trackConnectionHistory(client, systemClock));
  const diagnostics = createElectronDiagnostics({ client, settings, history: connectionHistory.history, clock: systemClock, window: () => window?.window ?? null });
  const updates = features.add(createUpdatePolicy({ updater: await loadUpdater(log.child('updates')), clock: systemClock, logger: log.child('updates') }));
  const forwarder = features.add(
    createEventForwarder({ client, settings, paused, clock: systemClock, emit: createBatchSender(() => [window?.webContents()], log) }),
  );
  let notifications: NotificationsFeature | null = null;
  features.add(
    registerIpcHandlers(
      createInvokeHandlers({
        client,
        settings,
        paused,
        openExternal,
        notices: () => [...notices, ...settings.notices(), ...client.notices()],
        systemLanguage: () => app.getLocale(),
        updates,
        diagnostics,
        writeClipboard: (text) => clipboard.writeText(text),
        settingsTransfer: createElectronSettingsTransfer({ settings, window: () => window?.window ?? null, language }),
        // Notifications are registered below (they need the tray's focus path); a request before that finds no decision.
        decisionFor: (key) => notifications?.decisionFor(key),
        logger: log.child('ipc'),
      }),
      { page: devServerUrl ? { devServerUrl } : {}, logger: log.child('ipc') },
    ),
  );
  const showTroubleshooting = () => {
    showWindow();
    forwarder.push({ channel: 'herald:show-settings', payload: { section: 'troubleshooting' } });
  };
  features.add(registerTray({ client, settings, paused, language, showWindow, showTroubleshooting, window: () => window?.window ?? null, quit: lifecycle.quit, updates, logger: log.child('tray') }));
  const focusItem = (itemKey: string) => forwarder.push({ channel: 'herald:focus-item', payload: itemKey });
  const actor = createToastActor(client);
  notifications = features.add(
    registerNotifications({
      client,
      settings,
      paused,
      language,
      showWindow,
      focusItem,
      showItems: (keys) => forwarder.push({ channel: 'herald:show-items', payload: { keys } }),
      actor,
      // Pending digests survive a restart beside the cursors; a rule's "mark read" goes the way a click's does.
      store: stateFile.store,
      markRead: (sourceId, itemId) => void client.act(sourceId, { type: 'mark_read', itemId }),
      logger: log.child('notifications'),
    }),
  );
  features.add(
    registerDeepLinks({
      app,
      argv: process.argv,
      actor,
      knownSource: (id) => client.connection().sources.some((s) => s.id === id),
      knownItem: (key) => client.items().some((i) => i.key === key),
      showWindow,
      focusItem,
      logger: log.child('deep-links'),
    }),
  );
  features.add(registerGlobalShortcut({ registry: globalShortcut, settings, toggleWindow: () => window?.toggle(), logger: log.child('shortcut') }));
  features.add(updates.onDidChange((u) => u.kind === 'ready' && forwarder.push({ channel: 'herald:update-ready', payload: { version: u.version } })));
  features.add(registerPower({ client, logger: log.child('power') }));
  features.add(registerSettingsEffects({ settings, client, demo, applyLoginItem: (s) => applyLoginItem(s, log), logger: log }));
  applyLoginItem(settings.get(), log);

  client.start();
  log.info('Herald is running', { sources: client.connection().sources.map((s) => s.id) });
}

if (acquireSingleInstance()) {
  app
    .whenReady()
    .then(main)
    .catch((err: unknown) => {
      log.error('Herald could not start', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      app.exit(1);
    });
}
