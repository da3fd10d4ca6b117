/**
 * "Test connection" for the settings page: open the source's best transport once, wait for it to open (or fail),
 * and tell what happened in steps a person can read. No retries, no supervisor: one honest attempt.
 */
import type { ErrorInfo } from '../shared/connection-state';
import type { SourceTestResult } from '../shared/ipc-contract';
import type { Clock } from './clock';
import type { Source } from './source';

export function testSourceConnection(source: Source, clock: Clock, timeoutMs = 8000): Promise<SourceTestResult> {
  const kind = source.transports[0];
  if (kind === undefined) {
    return Promise.resolve({ ok: false, steps: [], error: { code: 'invalid_input', message: 'this source has no transport' } });
  }
  const started = clock.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SourceTestResult): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      transport.close();
      resolve(result);
    };
    const fail = (error: ErrorInfo): void => {
      const step = error.code === 'auth' ? 'auth' : error.code === 'network' ? 'resolve' : 'connect';
      finish({ ok: false, steps: [{ step, ok: false, detail: error.message }], error });
    };
    const timer = clock.setTimeout(
      () => fail({ code: 'timeout', message: `no answer within ${Math.round(timeoutMs / 1000)} s` }),
      timeoutMs,
    );
    const transport = source.connect(kind, null, {
      open: () =>
        finish({
          ok: true,
          steps: [
            { step: 'connect', ok: true, detail: `reached ${source.label}` },
            { step: 'stream', ok: true, detail: `${kind} open in ${clock.now() - started} ms` },
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
  });
}
