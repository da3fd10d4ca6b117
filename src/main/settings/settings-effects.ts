/**
 * What a settings change does outside the settings file: sources → the client (through the demo server when
 * none are left), transport → the client, start-at-login → the OS. Electron-free; the login-item call is injected.
 */
import type { HeraldClient } from '../../core/herald-client';
import { DisposableStore, type Disposable } from '../../core/base/emitter';
import { silentLogger, type Logger } from '../../core/base/log';
import type { Settings } from '../../shared/settings';
import type { DemoServer } from '../demo-server';
import type { SettingsService } from './settings-service';

export interface SettingsEffectsDeps {
  settings: Pick<SettingsService, 'get' | 'sourceConfigs' | 'onDidChange' | 'onDidChangeSources'>;
  client: Pick<HeraldClient, 'setSources' | 'setTransport'>;
  demo: DemoServer;
  applyLoginItem(settings: Pick<Settings, 'startAtLogin' | 'startHidden'>): void;
  logger?: Logger;
}

export function registerSettingsEffects(deps: SettingsEffectsDeps): Disposable {
  const { settings, client, demo } = deps;
  const log = deps.logger ?? silentLogger;
  const disposables = new DisposableStore();
  let last = settings.get();
  // Source changes are applied one after another, so a quick add-then-remove cannot finish out of order.
  let chain: Promise<void> = Promise.resolve();

  disposables.add(
    settings.onDidChangeSources(() => {
      chain = chain
        .then(async () => client.setSources(await demo.sourcesFor(settings.sourceConfigs())))
        .catch((err: unknown) => log.error('could not apply the new sources', { error: String(err) }));
    }),
  );
  disposables.add(
    settings.onDidChange((next) => {
      if (next.transport !== last.transport) client.setTransport(next.transport);
      if (next.startAtLogin !== last.startAtLogin || next.startHidden !== last.startHidden) deps.applyLoginItem(next);
      last = next;
    }),
  );
  return disposables;
}
