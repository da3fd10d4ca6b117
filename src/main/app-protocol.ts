/**
 * The renderer is served from its own privileged scheme, `app://herald/`, never from file://: under file:// the CSP's
 * 'self' means every file on the disk, and file pages get extra privileges in Electron. The handler serves only
 * regular files inside the built renderer folder (out/renderer): no `..` (plain or percent-encoded), no backslashes,
 * no symlink leading out, GET only. Every answer carries the CSP as a header as well (it can say frame-ancestors,
 * which a meta tag cannot).
 *
 *   registerAppScheme();                       // at start-up, before app is ready
 *   serveAppProtocol(join(here, '../renderer')); // once ready, before the window loads APP_ENTRY_URL
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { protocol } from 'electron';
import type { Disposable } from '../core/base/emitter';
import { silentLogger, type Logger } from '../core/base/log';
import { APP_HOST, APP_SCHEME, BUNDLE_TYPES, RENDERER_CSP_HEADER } from './app-origin';
import { REMOTE_IMAGE_PATH } from '../shared/remote-image';


/** Call once, before `app` is ready: the scheme is standard (an origin, 'self', relative URLs) and secure. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * The file an `app://herald/…` URL names inside `root`, or null when it names anything else: another host, a
 * traversal, an encoded separator or dot, a NUL, a folder, a missing file, or a symlink that leads out of `root`.
 */
export async function resolveBundleFile(root: string, requestUrl: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') return null;
  // Encoded dots, slashes and backslashes have no business in our bundle's paths: refuse rather than decode.
  if (/%2e|%2f|%5c|%00/i.test(url.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (segments.length === 0) segments.push('index.html');
  const file = join(root, ...segments);
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    if (!(await stat(realFile)).isFile()) return null;
    return realFile;
  } catch {
    return null;
  }
}

/** The protocol handler as a plain function of a Request, so tests can call it with hostile URLs. */
export function createAppProtocolHandler(
  root: string,
  log: Logger = silentLogger,
  /** `remote-image?…` (src/main/remote-image.ts); without it such requests are 404. */
  remoteImage?: (url: URL) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'content-security-policy': RENDERER_CSP_HEADER,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: headers('text/plain') });
    if (remoteImage) {
      const url = new URL(request.url);
      if (url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.pathname === REMOTE_IMAGE_PATH) return remoteImage(url);
    }
    const file = await resolveBundleFile(root, request.url);
    if (!file) {
      log.warn('refused an app:// request outside the bundle', { url: request.url.slice(0, 200) });
      return new Response('not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    }
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: headers(BUNDLE_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream') });
  };
}

/** Serve `root` (out/renderer) on app://herald/. Call after `app` is ready. */
export function serveAppProtocol(root: string, log: Logger = silentLogger, remoteImage?: (url: URL) => Promise<Response>): Disposable {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root, log, remoteImage));
  return { dispose: () => protocol.unhandle(APP_SCHEME) };
}
