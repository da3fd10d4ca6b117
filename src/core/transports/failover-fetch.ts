/**
 * Several addresses of one server (a source's `url` plus its `fallbackUrls`), behind one `fetch`: the source builds
 * every request on its first address, and this fetch sends it to the address in use. When that address is
 * unreachable — the request fails below HTTP (refused, reset, no route) or a gateway answers 502, 503 or 504 — the
 * same request goes to the next address in the list, and the one that answers stays in use for the requests after
 * it. A 4xx is the server's own answer and is never a reason to move: every address would give it.
 *
 * An address that accepts connections and never answers (a hung node, a half-open balancer) raises no error of its
 * own: the caller's deadline or watchdog gives the request up. A request given up before any answer came moves the
 * next request to the next address too — otherwise the source would wait on the dead address for ever while the
 * others serve. Moving when the caller gave up for its own reasons (closing) costs nothing: every address in the
 * list is meant to be the same server, and the identity check below says when it is not.
 *
 * Whether the next address is the same server is not decided here: every Herald answer names its server
 * (docs/PROTOCOL.md "Server identity"), and the source's cursor check treats another identity as a reset, as it
 * does for one address. So a move keeps the cursor exactly when the identity is the same.
 */
import type { Logger } from '../base/log';
import { isHeaderError } from './http';

/** Gateway answers that mean "the server behind me is not there", not "the server said no". */
const UNREACHABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export interface FailoverFetch {
  readonly fetch: typeof fetch;
  /** The address requests go to now (index into the list given). */
  readonly currentIndex: number;
}

/** Trailing slashes off, so `${base}${path}` reads the same for every address. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * A fetch over `bases` (the first is the one requests are built on). With one address it is `inner` itself.
 * Each request tries every address at most once, starting at the one in use: the loop is bounded by the list.
 */
export function createFailoverFetch(bases: readonly string[], inner: typeof fetch, logger?: Logger): FailoverFetch {
  const list = bases.map(trimBase);
  const primary = list[0] ?? '';
  let current = 0;
  if (list.length <= 1) return { fetch: inner, currentIndex: 0 };

  const moveFrom = (index: number, why: string): void => {
    // Only the request that saw the failure moves the pointer; a slower one that failed on an address already left
    // behind must not skip the one that works.
    if (current !== index) return;
    current = (index + 1) % list.length;
    logger?.warn('server address unreachable; trying the next one', { why, next: hostOf(list[current]!) });
  };

  const failover = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // A URL not built on the first address (none today) goes out as it is.
    if (!url.startsWith(primary)) return inner(input, init);
    const path = url.slice(primary.length);
    const start = current;
    for (let tried = 0; tried < list.length; tried++) {
      const index = (start + tried) % list.length;
      const last = tried === list.length - 1;
      try {
        const response = await inner(`${list[index]}${path}`, init);
        if (!UNREACHABLE_STATUSES.has(response.status)) return response;
        // Every address failed: the next request (after the supervisor's backoff) starts again where this one did.
        moveFrom(index, `HTTP ${response.status}`);
        if (last) return response;
        await response.body?.cancel().catch(() => {});
      } catch (err) {
        // A header fetch refuses to send fails the same on every address.
        if (isHeaderError(err)) throw err;
        // Our own abort (closed, timed out) cannot be retried with this signal: the address did not answer in time,
        // so the next request starts at the next one.
        if (init?.signal?.aborted) {
          moveFrom(index, 'no answer');
          throw err;
        }
        moveFrom(index, 'network');
        if (last) throw err;
      }
    }
    // Unreachable: the last try returns or throws.
    throw new Error('failover: no address tried');
  };
  return {
    fetch: failover as typeof fetch,
    get currentIndex() {
      return current;
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
