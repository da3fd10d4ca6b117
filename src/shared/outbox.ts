/** The outbox as the UI and the CLI see it. The engine is src/core/outbox. */
import type { Action } from './actions';
import type { ErrorInfo } from './connection-state';

export type OutboxEntryState =
  | { kind: 'pending'; attempts: number; nextAttemptAt?: number; lastError?: ErrorInfo }
  | { kind: 'sending'; attempts: number }
  | { kind: 'failed'; attempts: number; error: ErrorInfo; failedAt: number };

export interface OutboxEntry {
  /** Idempotency key, made at enqueue time; sent as `Idempotency-Key`. */
  key: string;
  sourceId: string;
  action: Action;
  createdAt: number;
  state: OutboxEntryState;
}

export interface OutboxProgress {
  /** Waiting or being sent. */
  pending: number;
  sending: number;
  failed: number;
  /** Sent and acknowledged since the current sync began (resets when the outbox drains). */
  done: number;
  /** done + pending + sending at this moment: "syncing done/total". */
  total: number;
}
