/**
 * The renderer's only door to the main process. Nothing else reads `window.herald`: stores and components receive
 * the bridge as a value (so tests hand them a fake one).
 */
import type { ErrorInfo } from '../../../shared/connection-state';
import type { HeraldBridge, IpcResult } from '../../../shared/ipc-contract';
import { BRIDGE_NAME } from '../../../shared/ipc-contract';

/** An `IpcResult` error, thrown on the renderer side so `await` reads naturally; the code maps to words in i18n. */
export class BridgeError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'BridgeError';
    this.info = info;
  }
}

export function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new BridgeError(result.error);
}

/** Any thrown thing as ErrorInfo, for showing it. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof BridgeError) return err.info;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export function getBridge(): HeraldBridge {
  const bridge = (window as unknown as Record<string, HeraldBridge | undefined>)[BRIDGE_NAME];
  if (!bridge) throw new Error(`Herald: window.${BRIDGE_NAME} is missing (the preload did not run)`);
  return bridge;
}
