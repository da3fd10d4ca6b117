/**
 * The optional global shortcut (Settings → General; off by default): shows the window, or hides it when it is
 * already in front. Re-registered whenever the setting changes; a shortcut another app holds is logged and left off.
 */
import type { Disposable } from '../core/base/emitter';
import { DisposableStore } from '../core/base/emitter';
import { silentLogger, type Logger } from '../core/base/log';
import type { Settings } from '../shared/settings';

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface GlobalShortcutDeps {
  registry: ShortcutRegistry;
  settings: { get(): Pick<Settings, 'globalShortcut'>; onDidChange(listener: (s: Settings) => void): Disposable };
  toggleWindow(): void;
  logger?: Logger;
}

export function registerGlobalShortcut(deps: GlobalShortcutDeps): Disposable & { active(): string } {
  const log = deps.logger ?? silentLogger;
  const disposables = new DisposableStore();
  let current = '';
  const apply = (wanted: string): void => {
    if (wanted === current) return;
    if (current) deps.registry.unregister(current);
    current = '';
    if (!wanted) return;
    let ok = false;
    try {
      ok = deps.registry.register(wanted, deps.toggleWindow);
    } catch (error) {
      log.warn('the global shortcut is not a valid accelerator', { error: String(error) });
    }
    if (ok) current = wanted;
    else log.warn('the global shortcut is taken by another application', { accelerator: wanted });
  };
  apply(deps.settings.get().globalShortcut);
  disposables.add(deps.settings.onDidChange((s) => apply(s.globalShortcut)));
  disposables.add({ dispose: () => apply('') });
  return { dispose: () => disposables.dispose(), active: () => current };
}
