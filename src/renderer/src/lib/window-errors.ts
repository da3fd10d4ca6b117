/**
 * The window's own failures into the app's log file: uncaught errors and unhandled promise rejections go to main as
 * `herald:log` lines (main checks, cuts, rate-limits and redacts them). Without this, a broken view leaves nothing
 * in the log a user could attach. Returns the function that stops listening.
 */
import type { HeraldBridge } from '../../../shared/ipc-contract';

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}${reason.stack ? `\n${reason.stack}` : ''}`;
  return String(reason);
}

export function logWindowErrors(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, bridge: Pick<HeraldBridge, 'log'>): () => void {
  const onError = (e: Event): void => {
    const ev = e as ErrorEvent;
    void bridge.log('error', `window error: ${describe(ev.error ?? ev.message)}`);
  };
  const onRejection = (e: Event): void => void bridge.log('error', `unhandled rejection: ${describe((e as PromiseRejectionEvent).reason)}`);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
