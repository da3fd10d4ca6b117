/**
 * The built-in demo server: with no source configured, Herald starts the reference server in-process on
 * 127.0.0.1 (a free port) so a first launch is live. It stops when a real source is added and starts again if the
 * last one is removed. Electron-free; the server's start function is injected.
 *
 * It requires a random bearer token, made fresh for each start and known only to this process (never logged or
 * saved): another local program cannot publish into it or read it, and the app's own client is the only one that
 * holds the token.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/base/log';
import { silentLogger } from '../core/base/log';
import type { SourceConfig } from '../core/source';

export const DEMO_SOURCE_ID = 'demo';

export interface StartDemo {
  (options: { host: string; port: number; demo: boolean; token: string; dataDir?: string; logger?: Logger }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface DemoServer {
  /** Sources to connect: the configured ones, or the demo server's when there are none. */
  sourcesFor(configured: SourceConfig[]): Promise<SourceConfig[]>;
  /** The demo server's URL while it runs. */
  url(): string | null;
  close(): Promise<void>;
}

export function createDemoServer(deps: { start: StartDemo; dataDir?: string; logger?: Logger; newToken?: () => string }): DemoServer {
  const log = deps.logger ?? silentLogger;
  const newToken = deps.newToken ?? (() => randomBytes(32).toString('base64url'));
  let running: Promise<{ url: string; close(): Promise<void> }> | null = null;
  let url: string | null = null;
  let token = '';

  const ensure = async (): Promise<string> => {
    if (!running) token = newToken();
    running ??= deps
      .start({ host: '127.0.0.1', port: 0, demo: true, token, ...(deps.dataDir ? { dataDir: deps.dataDir } : {}), logger: log.child('server') })
      .then((server) => {
        url = server.url;
        log.info('embedded demo server listening', { url: server.url });
        return server;
      })
      .catch((err: unknown) => {
        running = null;
        throw err;
      });
    return (await running).url;
  };

  const close = async (): Promise<void> => {
    const current = running;
    running = null;
    url = null;
    if (current) await (await current).close();
  };

  return {
    async sourcesFor(configured) {
      if (configured.length > 0) {
        await close();
        return configured;
      }
      const demoUrl = await ensure();
      return [{ id: DEMO_SOURCE_ID, kind: 'herald', url: demoUrl, label: 'Demo', token }];
    },
    url: () => url,
    close,
  };
}
