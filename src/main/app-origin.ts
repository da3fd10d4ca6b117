/** Where the renderer lives (app-protocol.ts serves it) and the policy it runs under. No Electron here. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'herald';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The renderer's Content-Security-Policy, the same string as the meta tag in src/renderer/index.html (a test keeps
 * them equal). Nothing is allowed unless listed: scripts, styles, images, fonts and connections from the app itself.
 * 'unsafe-inline' styles: Svelte sets style attributes (transitions, virtual list offsets); scripts get no such leave.
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
/** As an HTTP header the policy can also forbid framing. */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;

/** Content types of the files in the renderer bundle (app-protocol.ts; the e2e harness serves the same bundle). */
export const BUNDLE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
