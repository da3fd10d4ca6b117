import type { ErrorCode, ErrorInfo } from '../../shared/connection-state';

/**
 * An error with a code from the shared catalogue: what crosses a process boundary as data
 * (`{ ok: false, error: { code, message } }`) and what the UI turns into words.
 */
export class CodedError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}
