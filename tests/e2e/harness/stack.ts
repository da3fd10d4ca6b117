/**
 * The whole stack for one browser test: the REAL reference server (with a data dir, so it can be restarted on the
 * same port with its history), the REAL core behind the app's own IPC handlers, the BUILT renderer served over
 * http, and headless Chromium showing it. `stop()` closes everything, in reverse order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../../src/server/index';
import type { SourceInput } from '../../../src/shared/settings';
import { launchChromium } from './browser';
import { HeraldApp } from './herald-app';
import { requireBuiltRenderer, serveStatic, type StaticServer } from './static-server';

export interface StackOptions {
  systemLanguage?: string;
  viewport?: { width: number; height: number };
  /** More sources beside the reference server (e.g. an ntfy stand-in, whose messages the reference server refuses). */
  extraSources?: SourceInput[];
}

export class Stack {
  server: RunningServer | null = null;
  readonly port: number;
  readonly dataDir: string;
  readonly app: HeraldApp;
  readonly page: Page;
  /** Uncaught errors in the page: a test ends by checking there were none. */
  readonly pageErrors: string[] = [];
  /** alert()/confirm() the page tried to open (an XSS would). */
  readonly dialogs: string[] = [];
  readonly #web: StaticServer;
  readonly #browser: Browser;
  readonly #context: BrowserContext;

  private constructor(server: RunningServer, dataDir: string, app: HeraldApp, web: StaticServer, browser: Browser, context: BrowserContext, page: Page) {
    this.server = server;
    this.port = server.port;
    this.dataDir = dataDir;
    this.app = app;
    this.#web = web;
    this.#browser = browser;
    this.#context = context;
    this.page = page;
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const rendererDir = requireBuiltRenderer();
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
    const cleanup: Array<() => Promise<unknown> | unknown> = [() => rmSync(dataDir, { recursive: true, force: true })];
    try {
      const server = await startServer({ port: 0, testHooks: true, dataDir });
      cleanup.push(() => server.close());
      const app = new HeraldApp({ sources: [{ kind: 'herald', url: server.url, label: 'Team' }, ...(options.extraSources ?? [])], systemLanguage: options.systemLanguage ?? 'en-US' });
      cleanup.push(() => app.stop());
      const web = await serveStatic(rendererDir);
      cleanup.push(() => web.close());
      const browser = await launchChromium();
      cleanup.push(() => browser.close());
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 720 }, locale: options.systemLanguage ?? 'en-US' });
      const page = await context.newPage();
      const stack = new Stack(server, dataDir, app, web, browser, context, page);
      page.on('pageerror', (err) => stack.pageErrors.push(err.message));
      page.on('dialog', (d) => {
        stack.dialogs.push(d.message());
        void d.dismiss();
      });
      await app.attach(page, (text) => web.broadcast(text));
      app.start();
      await page.goto(web.url);
      await page.locator('[data-ready="true"]').waitFor({ timeout: 15_000 });
      return stack;
    } catch (err) {
      for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => undefined);
      throw err;
    }
  }

  /** Take the server down (as a crash or a network cut would look to the client). */
  async stopServer(): Promise<void> {
    const s = this.server;
    this.server = null;
    await s?.close();
  }

  /** Bring it back on the same port with the same data: history and ids continue. */
  async restartServer(): Promise<RunningServer> {
    this.server = await startServer({ port: this.port, testHooks: true, dataDir: this.dataDir });
    return this.server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.#context.close().catch(() => undefined);
    await this.#browser.close().catch(() => undefined);
    await this.#web.close();
    await this.app.stop();
    await this.server?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
