/**
 * Which frames may call main: only our own page — the built renderer's index.html over file:, or the dev server's
 * origin during `electron-vite dev`. Anything else (a page navigated away, an injected frame) is refused before a
 * handler sees its arguments.
 */
export interface TrustedPage {
  /** file:// URL of out/renderer/index.html. */
  rendererFileUrl: string;
  /** ELECTRON_RENDERER_URL in dev, if set. */
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
  if (sender.protocol === 'file:') {
    const ours = new URL(page.rendererFileUrl);
    // Same file; query and hash are the page's own business (routes).
    return ours.protocol === 'file:' && sender.host === ours.host && decodeURIComponent(sender.pathname) === decodeURIComponent(ours.pathname);
  }
  if (page.devServerUrl) {
    try {
      const dev = new URL(page.devServerUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && sender.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}
