/**
 * The only place that talks to ipcMain (GitHub Desktop's pattern): typed `handle` that checks the sender frame
 * before anything else and answers IpcResult data, and `send` that skips windows already destroyed.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Disposable } from '../../core/base/emitter';
import { silentLogger, type Logger } from '../../core/base/log';
import { BATCH_CHANNEL, INVOKE_CHANNELS, type BatchedEvent, type InvokeChannel, type InvokeResult, type IpcResult } from '../../shared/ipc-contract';
import { invokeHandler, type InvokeHandlers } from './handlers';
import { isTrustedSenderUrl, type TrustedPage } from './sender-policy';

export interface IpcMainDeps {
  page: TrustedPage;
  logger?: Logger;
}

export interface TypedIpcMain extends Disposable {
  handle<C extends InvokeChannel>(channel: C, run: (args: readonly unknown[]) => Promise<IpcResult<InvokeResult<C>>>): void;
}

export function createTypedIpcMain(deps: IpcMainDeps): TypedIpcMain {
  const log = deps.logger ?? silentLogger;
  const registered = new Set<InvokeChannel>();

  return {
    handle(channel, run) {
      ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
        const url = event.senderFrame?.url;
        if (!isTrustedSenderUrl(url, deps.page)) {
          log.warn('refused an IPC request from a foreign frame', { channel, url: String(url ?? '(no frame)').slice(0, 200) });
          return { ok: false, error: { code: 'forbidden', message: 'this page may not talk to Herald' } };
        }
        return run(args);
      });
      registered.add(channel);
    },
    dispose() {
      for (const c of registered) ipcMain.removeHandler(c);
      registered.clear();
    },
  };
}

/** Serve every InvokeChannel with the electron-free handlers. */
export function registerIpcHandlers(handlers: InvokeHandlers, deps: IpcMainDeps): Disposable {
  const ipc = createTypedIpcMain(deps);
  for (const channel of INVOKE_CHANNELS) ipc.handle(channel, (args) => invokeHandler(handlers, channel, args, deps.logger));
  return ipc;
}

/** Send a batch to every live window; a destroyed one is skipped, never written to. */
export function createBatchSender(targets: () => readonly (WebContents | null | undefined)[], logger: Logger = silentLogger): (batch: BatchedEvent[]) => void {
  return (batch) => {
    for (const wc of targets()) {
      if (!wc || wc.isDestroyed()) continue;
      try {
        wc.send(BATCH_CHANNEL, batch);
      } catch (err) {
        // A window closing mid-send: drop this batch for it; the renderer re-reads a snapshot when it loads.
        logger.warn('could not send events to a window', { error: String(err) });
      }
    }
  };
}
