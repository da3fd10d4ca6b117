/**
 * One send of one outbox entry: with its own timeout on the injected Clock (a request that never answers must not
 * hold its lane forever), an AbortSignal, and every way it can end — an answer, a throw, the timeout — turned into a
 * single SendOutcome, reported exactly once. Cancelling reports nothing.
 */
import type { OutboxEntry } from '../../shared/outbox';
import type { Clock } from '../base/clock';
import type { ActionResponse } from '../source';
import { classifyResponse, classifyThrown, type SendOutcome } from './send-result';

export interface SendAttempt {
  /** Stop waiting: abort the request and never report. */
  cancel(): void;
}

export function startSendAttempt(
  send: (entry: OutboxEntry, signal: AbortSignal) => Promise<ActionResponse>,
  entry: OutboxEntry,
  deps: { clock: Clock; timeoutMs: number },
  report: (outcome: SendOutcome) => void,
): SendAttempt {
  const controller = new AbortController();
  let open = true;
  const finish = (outcome: SendOutcome): void => {
    if (!open) return;
    open = false;
    deps.clock.clearTimeout(timer);
    report(outcome);
  };
  const timer = deps.clock.setTimeout(() => {
    // Report first: the abort makes the request reject, and that late answer must not count.
    finish({ kind: 'retry', error: { code: 'timeout', message: `no answer in ${deps.timeoutMs} ms` } });
    controller.abort();
  }, deps.timeoutMs);
  let request: Promise<ActionResponse>;
  try {
    request = Promise.resolve(send(entry, controller.signal));
  } catch (err) {
    request = Promise.reject(err);
  }
  void request.then(classifyResponse, classifyThrown).then(finish);
  return {
    cancel: () => {
      if (!open) return;
      open = false;
      deps.clock.clearTimeout(timer);
      controller.abort();
    },
  };
}
