/**
 * The app without Electron: the REAL core client, settings service and the SAME invoke handlers and event batcher
 * the Electron main uses, served to a Playwright page through a binding and an init script that define
 * `window.herald` exactly like the preload. It also records what the tray would show.
 */
import type { NotifyDecision } from '../../../src/shared/rules';
import { silentLogger } from '../../../src/core/base/log';
import type { Page } from 'playwright-core';
import type { HeraldClient } from '../../../src/core/herald-client';
import { createHeraldClient } from '../../../src/core/client';
import { systemClock } from '../../../src/core/base/clock';
import { MemoryStore } from '../../../src/core/store';
import { createEventForwarder, type EventForwarder } from '../../../src/main/ipc/event-forwarder';
import { createInvokeHandlers, invokeHandler, type InvokeHandlers } from '../../../src/main/ipc/handlers';
import { createPausedState, type PausedState } from '../../../src/main/paused-state';
import type { SecretCipher } from '../../../src/main/settings/secret-cipher';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { localMinutesOf } from '../../../src/shared/settings';
import { trayIconState, trayTooltip, trayViewOf } from '../../../src/main/tray-model';
import { resolveLanguage } from '../../../src/shared/language';
import type { BatchedEvent, InvokeChannel } from '../../../src/shared/ipc-contract';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc-contract';
import type { SourceInput } from '../../../src/shared/settings';
import { INVOKE_BINDING, bridgeInitScript } from './bridge-script';
import { registerSettingsEffects } from '../../../src/main/settings/settings-effects';
import { trackConnectionHistory } from '../../../src/core/connection/connection-history';
import { createDiagnosticsService } from '../../../src/main/diagnostics/diagnostics-service';
import { createDiagnosticsRedactor } from '../../../src/main/diagnostics/redactor';

/** Reversible stand-in for the OS keychain: the harness has none, and secrets must still be "sealed". */
const testCipher: SecretCipher = {
  isAvailable: () => true,
  encrypt: (plain) => Buffer.from(`sealed:${plain}`).toString('base64'),
  decrypt: (data) => Buffer.from(data, 'base64').toString().replace(/^sealed:/, ''),
};

export interface HeraldAppOptions {
  /** Saved through the settings service, as the settings page would. */
  sources: SourceInput[];
  systemLanguage?: string;
}

export interface TrayRecord {
  unread: number;
  connection: string;
  paused: boolean;
  tooltip: string;
}

export class HeraldApp {
  readonly settings: SettingsService;
  readonly client: HeraldClient;
  readonly paused: PausedState;
  readonly handlers: InvokeHandlers;
  /** Links the window asked main to open. */
  readonly opened: string[] = [];
  /** What "Copy diagnostics" and "Copy key" put on the (stand-in) clipboard. */
  readonly copied: string[] = [];
  systemLanguage: string;
  #forwarder: EventForwarder | null = null;
  /** "Why did this notify?" records by item key, as main's notifications feature would keep them. */
  readonly decisions = new Map<string, NotifyDecision>();
  /** Where event batches go: the static server's event stream (./bridge-script.ts says why). */
  #broadcast: ((text: string) => void) | null = null;
  #disposers: Array<() => void> = [];

  constructor(options: HeraldAppOptions) {
    this.systemLanguage = options.systemLanguage ?? 'en-US';
    this.settings = new SettingsService({ store: new MemoryStore(), cipher: testCipher });
    for (const s of options.sources) this.settings.saveSource(s);
    this.paused = createPausedState(silentLogger);
    this.client = createHeraldClient({
      sources: this.settings.sourceConfigs(),
      store: new MemoryStore(),
      transport: this.settings.get().transport,
      // Quick reconnects so an outage test recovers in a second, not a minute.
      tuning: { supervisor: { baseDelayMs: 150, maxDelayMs: 800 } },
    });
    // The composition main does: settings drive the client (the same module; no demo server, no OS login item).
    const effects = registerSettingsEffects({
      settings: this.settings,
      client: this.client,
      demo: { sourcesFor: async (configured) => configured, url: () => null, close: async () => {} },
      applyLoginItem: () => {},
    });
    this.#disposers.push(() => effects.dispose());
    // Diagnostics as main builds them (no clipboard, dialog or log file here: those are Electron's and d1's).
    const history = trackConnectionHistory(this.client, systemClock);
    this.#disposers.push(() => history.dispose());
    const diagnostics = createDiagnosticsService({
      gather: () => ({
        app: { name: 'Herald', version: '0.0.0-test' },
        versions: { electron: '45.0.0', chrome: '142.0.0.0', node: process.versions.node },
        os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
        connection: this.client.connection(),
        history: (id) => history.history.of(id),
        outbox: this.client.outboxProgress(),
        settings: this.settings.get(),
        now: systemClock.now(),
      }),
      logFile: '/tmp/herald-e2e/logs/main.log',
      logsFolder: '/tmp/herald-e2e/logs',
      readLogTail: async () => ['[info] core: Herald is running', '[warn] core.supervisor: reconnecting after network error'],
      redactor: createDiagnosticsRedactor(() => ({
        hosts: this.settings.get().sources.map((s) => new URL(s.url).hostname),
        topics: this.settings.get().sources.flatMap((s) => s.channels ?? []),
      })),
      writeClipboard: (text) => void this.copied.push(text),
      chooseSavePath: async () => undefined,
      writeFile: async () => {},
      openFolder: async () => {},
    });
    this.handlers = createInvokeHandlers({
      diagnostics,
      client: this.client,
      settings: this.settings,
      paused: this.paused,
      openExternal: async (url) => void this.opened.push(url),
      notices: () => [],
      systemLanguage: () => this.systemLanguage,
      writeClipboard: (text) => void this.copied.push(text),
      // No native notifications here (they are Electron's): a test puts the record it wants shown.
      decisionFor: (key) => this.decisions.get(key),
    });
  }

  start(): void {
    this.client.start();
  }

  /** What the tray shows right now: the shell's own view of the same client (tray-model.ts), not a copy of it. */
  tray(): TrayRecord {
    const settings = this.settings.get();
    const view = trayViewOf({
      client: this.client,
      settings,
      paused: this.paused.get(),
      now: Date.now(),
      localMinutes: localMinutesOf,
      language: resolveLanguage(settings.language, this.systemLanguage),
      updateReady: false,
    });
    const icon = trayIconState(view);
    return { unread: icon.unread, connection: icon.connection, paused: icon.paused, tooltip: trayTooltip(view) };
  }

  /** Wire a page: the invoke binding, `window.herald` before any page script, and the event batcher. */
  async attach(page: Page, broadcast: (text: string) => void): Promise<void> {
    this.#broadcast = broadcast;
    await page.exposeBinding(INVOKE_BINDING, async (_source, channel: unknown, args: unknown) => {
      // JSON text, parsed by the page's bridge (./bridge-script.ts says why).
      if (typeof channel !== 'string' || !(INVOKE_CHANNELS as readonly string[]).includes(channel)) {
        return JSON.stringify({ ok: false, error: { code: 'invalid_input', message: `unknown request ${String(channel)}` } });
      }
      return JSON.stringify(await invokeHandler(this.handlers, channel as InvokeChannel, Array.isArray(args) ? args : []));
    });
    await page.addInitScript({ content: bridgeInitScript() });
    this.#forwarder = createEventForwarder({
      client: this.client,
      settings: this.settings,
      paused: this.paused,
      clock: systemClock,
      emit: (batch) => this.#send(batch),
    });
  }

  /** One batch, one server-sent event, in order; none while no page listens (as with a reloading Electron window). */
  #send(batch: BatchedEvent[]): void {
    this.#broadcast?.(JSON.stringify(batch));
  }

  async stop(): Promise<void> {
    this.#forwarder?.dispose();
    this.#forwarder = null;
    for (const d of this.#disposers.splice(0)) d();
    await this.client.stop();
    this.#broadcast = null;
  }
}
