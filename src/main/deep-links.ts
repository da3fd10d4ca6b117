/**
 * herald:// links reach Herald three ways: macOS sends 'open-url'; Windows and Linux start Herald with the link as an
 * argument — the first instance at start, or a second instance that forwards its argv and quits
 * ('second-instance'). Each is parsed strictly (shared/deep-link.ts): `open` shows the item of a known source,
 * `act` (a Windows toast button) needs this run's token.
 */
import type { Disposable } from '../core/base/emitter';
import { silentLogger, type Logger } from '../core/base/log';
import { DEEP_LINK_SCHEME, deepLinkInArgv, parseDeepLink, type DeepLink } from '../shared/deep-link';
import { itemKey } from '../shared/inbox';
import type { ToastActor } from './notifications/toast-actions';

type Listener = (...args: never[]) => void;
export interface DeepLinkApp {
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  removeListener(event: string, listener: Listener): unknown;
  setAsDefaultProtocolClient(protocol: string): boolean;
  isPackaged: boolean;
}

export interface DeepLinkDeps {
  app: DeepLinkApp;
  /** This process's own arguments (a link that started Herald). */
  argv: readonly string[];
  actor: ToastActor;
  knownSource(sourceId: string): boolean;
  /** Is the item in the inbox? A link to anything else only shows the window (no lookup sent for a stranger's id). */
  knownItem(itemKey: string): boolean;
  showWindow(): void;
  focusItem(itemKey: string): void;
  logger?: Logger;
}

export function registerDeepLinks(deps: DeepLinkDeps): Disposable & { handle(link: DeepLink | null): boolean } {
  const log = deps.logger ?? silentLogger;
  const handle = (link: DeepLink | null): boolean => {
    if (!link) return false;
    if (!deps.knownSource(link.sourceId)) {
      log.info('a herald:// link for an unknown source was ignored');
      return false;
    }
    if (link.kind === 'open') {
      deps.showWindow();
      const key = itemKey(link.sourceId, link.itemId);
      if (!deps.knownItem(key)) return false;
      deps.focusItem(key);
      return true;
    }
    if (!deps.actor.owns(link.token)) {
      log.warn('a herald://act link without this run’s token was refused');
      return false;
    }
    return deps.actor.act(link.sourceId, link.itemId, link.act);
  };

  // Only an installed Herald claims the scheme: a development build must not take it over from the real one.
  if (deps.app.isPackaged && !deps.app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)) log.info('herald:// could not be registered');
  const onOpenUrl = (event: { preventDefault(): void }, url: string): void => {
    event.preventDefault();
    handle(parseDeepLink(url));
  };
  const onSecondInstance = (_event: unknown, argv: string[]): void => void handle(deepLinkInArgv(argv));
  deps.app.on('open-url', onOpenUrl);
  deps.app.on('second-instance', onSecondInstance);
  handle(deepLinkInArgv(deps.argv));
  return {
    handle,
    dispose() {
      deps.app.removeListener('open-url', onOpenUrl as Listener);
      deps.app.removeListener('second-instance', onSecondInstance as Listener);
    },
  };
}
