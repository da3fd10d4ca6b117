/**
 * An error a caller in the renderer should see as data: `{ ok: false, error: { code, message } }`.
 * Thrown inside main-process services; the IPC layer turns it (and anything else) into an IpcResult.
 */
import { ERROR_CODES, type ErrorCode, type ErrorInfo } from '../shared/connection-state';
import { CodedError } from '../core/base/coded-error';

export class AppError extends CodedError {}

/** Anything thrown, as ErrorInfo. Unknown errors become `internal` with their message only (no stack to the UI). */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CodedError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  // Errors from the core (OutboxError `outbox_full`, the client's `not_found`, …) carry a catalogue code: keep it,
  // so the UI can say "too many actions are waiting" instead of "something went wrong".
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return { code: code as ErrorCode, message };
  return { code: 'internal', message };
}

export function invalidInput(message: string): AppError {
  return new AppError('invalid_input', message);
}
