/**
 * "Test connection" for the settings page: open the source's best transport once, wait for it to open (or fail),
 * and tell what happened in steps a person can read. No retries, no supervisor: one honest attempt.
 *
 * The answer goes to the renderer, which is not trusted with what the server said: it carries an error *category*
 * (the code, with fixed wording) and never body text, header errors or socket details. "Refused" and "no answer in
 * time" are one category (`network`), so the test cannot be used to tell open ports from filtered ones.
 */
import type { ErrorCode, ErrorInfo } from '../shared/connection-state';
import type { SourceTestResult } from '../shared/ipc-contract';
import { OnceTimer, type Clock } from './base/clock';
import type { Source, Transport } from './source';
import { SourceError } from './transports/http';

/** Fixed wording per category: the only message a test result ever carries. */
const CATEGORY: Partial<Record<ErrorCode, string>> = {
  network: 'the server could not be reached',
  auth: 'the server refused the credentials',
  forbidden: 'the server does not allow this',
  not_found: 'nothing was found at this address',
  gone: 'the channel no longer exists',
  rate_limited: 'the server asked to slow down',
  server: 'the server had a problem',
  bad_response: 'the server answered in a way Herald cannot read',
  http: 'the server gave an unexpected answer',
  invalid_input: 'the source settings are not usable',
};

/** A failure as its category only: no server text, no status detail, timeouts folded into `network`. */
export function categoryOf(error: ErrorInfo): ErrorInfo {
  const code: ErrorCode = error.code === 'timeout' || error.code === 'stalled' ? 'network' : CATEGORY[error.code] ? error.code : 'http';
  return { code, message: CATEGORY[code]! };
}

export function testSourceConnection(source: Source, clock: Clock, timeoutMs = 8000): Promise<SourceTestResult> {
  const kind = source.transports[0];
  if (kind === undefined) {
    return Promise.resolve({ ok: false, steps: [], error: { code: 'invalid_input', message: 'this source has no transport' } });
  }
  const started = clock.now();
  return new Promise((resolve) => {
    let settled = false;
    // The transport exists, and the timer is armed, only once connect() has returned: a connect that throws (or
    // reports synchronously) must not leave a timer behind that later reaches for a transport that was never made.
    let transport: Transport | undefined;
    const timer = new OnceTimer(clock);
    const finish = (result: SourceTestResult): void => {
      if (settled) return;
      settled = true;
      timer.dispose();
      transport?.close();
      resolve(result);
    };
    const fail = (raw: ErrorInfo): void => {
      const error = categoryOf(raw);
      const step = error.code === 'auth' ? 'auth' : error.code === 'network' ? 'resolve' : 'connect';
      finish({ ok: false, steps: [{ step, ok: false, detail: '' }], error });
    };
    try {
      transport = source.connect(kind, null, {
        open: () =>
          finish({
            ok: true,
            steps: [
              { step: 'connect', ok: true, detail: '' },
              { step: 'stream', ok: true, detail: `${kind} · ${clock.now() - started} ms` },
            ],
          }),
        events: () => {},
        activity: () => {},
        gap: () => {},
        retryHint: () => {},
        malformed: () => {},
        lost: () => {},
        closed: (error) => fail(error),
      });
    } catch (err) {
      // Building the request failed (settings the transport cannot use): a category, never the thrown text.
      fail(err instanceof SourceError ? err.info : { code: 'invalid_input', message: '' });
      return;
    }
    if (settled) transport.close();
    else timer.schedule(timeoutMs, () => fail({ code: 'timeout', message: '' }));
  });
}
