/**
 * The built-in demo server: with no source configured, Herald starts the reference server in-process on
 * 127.0.0.1 (a free port) so a first launch is live. It stops when a real source is added and starts again if the
 * last one is removed. Electron-free; the server's start function is injected.
 */
import type { Logger } from '../core/log';
import { silentLogger } from '../core/log';
import type { SourceConfig } from '../core/source';

export const DEMO_SOURCE_ID = 'demo';

export interface StartDemo {
  (options: { host: string; port: number; demo: boolean; dataDir?: string; logger?: Logger }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface DemoServer {
  /** Sources to connect: the configured ones, or the demo server's when there are none. */
  sourcesFor(configured: SourceConfig[]): Promise<SourceConfig[]>;
  /** The demo server's URL while it runs. */
  url(): string | null;
  close(): Promise<void>;
}

export function createDemoServer(deps: { start: StartDemo; dataDir?: string; logger?: Logger }): DemoServer {
  const log = deps.logger ?? silentLogger;
  let running: Promise<{ url: string; close(): Promise<void> }> | null = null;
  let url: string | null = null;

  const ensure = async (): Promise<string> => {
    running ??= deps
      .start({ host: '127.0.0.1', port: 0, demo: true, ...(deps.dataDir ? { dataDir: deps.dataDir } : {}), logger: log.child('server') })
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
      return [{ id: DEMO_SOURCE_ID, kind: 'herald', url: await ensure(), label: 'Demo' }];
    },
    url: () => url,
    close,
  };
}
