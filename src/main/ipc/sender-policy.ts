/**
 * Which frames may call main: only our own page — the built renderer on app://herald/ (app-protocol.ts), or, in
 * development only (`!app.isPackaged`), the dev server's origin. file:// pages are never trusted: any file on the
 * disk would share that "origin". Anything else (a page navigated away, an injected frame) is refused before a
 * handler sees its arguments.
 */
import { APP_HOST, APP_SCHEME } from '../app-origin';
import { parseHttpUrl } from '../../shared/url';

export interface TrustedPage {
  /** ELECTRON_RENDERER_URL during `electron-vite dev`; never set in a packaged build. */
  devServerUrl?: string;
}

export function isTrustedSenderUrl(url: string | undefined | null, page: TrustedPage): boolean {
  if (!url) return false;
  let sender: URL;
  try {
    sender = new URL(url);
  } catch {
    return false;
  }
  // A non-special scheme has an opaque origin in WHATWG URL ('null'): compare scheme and host instead.
  if (sender.protocol === `${APP_SCHEME}:`) return sender.host === APP_HOST && sender.username === '' && sender.password === '';
  if (page.devServerUrl) {
    const dev = parseHttpUrl(page.devServerUrl);
    return dev !== null && sender.origin === dev.origin;
  }
  return false;
}
