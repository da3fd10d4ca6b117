/**
 * A tiny static file server for the built renderer (out/renderer) on 127.0.0.1. Chromium refuses Vite's module
 * script over file:// (origin null), so the browser tests load the app over http like any page.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { BUNDLE_TYPES as TYPES } from '../../../src/main/app-origin';
import { EVENTS_PATH } from './bridge-script';

export interface StaticServer {
  url: string;
  /** Send one event batch (JSON text: never a raw newline) to the pages reading EVENTS_PATH. */
  broadcast(text: string): void;
  close(): Promise<void>;
}

export const RENDERER_DIR = resolve(import.meta.dirname, '../../../out/renderer');

/** Fails with a clear message when the renderer was not built (the suite runner builds it: `npm test`). */
export function requireBuiltRenderer(dir = RENDERER_DIR): string {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`The browser tests need the built renderer at ${dir}. Build it first: npx electron-vite build (npm test does this).`);
  }
  return dir;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const listeners = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      res.write('\n');
      listeners.add(res);
      res.on('close', () => listeners.delete(res));
      return;
    }
    const file = resolve(join(base, path === '/' ? 'index.html' : path));
    // Never serve anything outside the build folder.
    if ((file !== base && !file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    broadcast: (text) => {
      for (const res of listeners) res.write(`${text}\n`);
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
