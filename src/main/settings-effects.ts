/**
 * What a settings change does outside the settings file: sources → the client (through the demo server when
 * none are left), new end-to-end keys → the client re-opens that source's sealed items (no restart needed),
 * transport → the client, start-at-login → the OS. Electron-free; the login-item call is injected.
 */
import type { HeraldClient } from '../core/api';
import { DisposableStore, type Disposable } from '../core/emitter';
import { silentLogger, type Logger } from '../core/log';
import type { SourceConfig } from '../core/source';
import type { Settings } from '../shared/settings';
import type { DemoServer } from './demo-server';
import type { SettingsService } from './settings/settings-service';

export interface SettingsEffectsDeps {
  settings: Pick<SettingsService, 'get' | 'sourceConfigs' | 'onDidChange' | 'onDidChangeSources'>;
  client: Pick<HeraldClient, 'setSources' | 'setTransport' | 'reopenSealed'>;
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
  // Each source's keys as last applied (main's memory only), to see which sources got new ones.
  let keysApplied = keysBySource(settings.sourceConfigs());

  disposables.add(
    settings.onDidChangeSources(() => {
      chain = chain
        .then(async () => {
          const configs = settings.sourceConfigs();
          client.setSources(await demo.sourcesFor(configs));
          const before = keysApplied;
          keysApplied = keysBySource(configs);
          for (const [id, keys] of keysApplied) {
            if (keys.length === 0 || before.get(id)?.join('\n') === keys.join('\n')) continue;
            const opened = await client.reopenSealed(id, keys);
            if (opened > 0) log.info('sealed items opened with the new keys', { sourceId: id, opened });
          }
        })
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

function keysBySource(configs: readonly SourceConfig[]): Map<string, string[]> {
  return new Map(configs.map((c) => [c.id, c.e2eKeys ?? []]));
}
