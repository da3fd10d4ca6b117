/**
 * The checks behind `herald doctor`, each one real attempt with a deadline: the name (DNS), a TCP connection, TLS for
 * https, then each transport of the source once through the same Source the app uses (so the URLs, headers and
 * credentials are exactly the ones `herald subscribe` would send). A streaming link is watched with the app's own
 * heartbeat watchdog, so "held back by a proxy" means here what it means to the running client.
 */
import { lookup } from 'node:dns/promises';
import { isIP, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ErrorInfo, TransportKind } from '../shared/connection-state';
import type { Source } from '../core/source';
import { Watchdog } from '../core/connection/watchdog';
import { systemClock } from '../core/base/clock';

export type NetworkResult =
  | { ok: true; addresses: string[] }
  | { ok: false; stage: 'dns' }
  | { ok: false; stage: 'tcp'; code: string; address: string };

/** The server's port as a URL implies it. */
export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** The name resolves, and its first address accepts a TCP connection within `timeoutMs`. */
export async function checkNetwork(url: URL, timeoutMs: number): Promise<NetworkResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return { ok: false, stage: 'dns' };
    }
  }
  const address = addresses[0]!;
  const port = portOf(url);
  const code = await new Promise<string | null>((resolve) => {
    const socket = tcpConnect({ host: address, port });
    const done = (result: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'ERROR'));
  });
  const shown = isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
  return code === null ? { ok: true, addresses } : { ok: false, stage: 'tcp', code, address: shown };
}

export type TlsProblem = 'expired' | 'untrusted' | 'wrong_name' | 'other';

/** The TLS handshake with certificate checks, as fetch would do it. null: fine; otherwise the kind and Node's code. */
export function checkTls(url: URL, timeoutMs: number): Promise<{ problem: TlsProblem; code: string } | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port: portOf(url), ...(isIP(host) ? {} : { servername: host }) });
    const done = (result: { problem: TlsProblem; code: string } | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ problem: 'other', code: 'ETIMEDOUT' }), timeoutMs);
    socket.once('secureConnect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ problem: tlsProblemOf(err.code ?? ''), code: err.code ?? 'ERROR' }));
  });
}

function tlsProblemOf(code: string): TlsProblem {
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'wrong_name';
  if (/SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/.test(code)) return 'untrusted';
  return 'other';
}

/**
 * One transport's verdict: ok; quiet (a stream opened and sent its first frame, but the time ran out before a
 * keepalive could show it flows: not a failure); held (a stream opened, then stopped: bytes held on the way); burst
 * (frames came late and together); silent (no answer at all in time); failed (an error the server or network gave).
 */
export type TransportVerdict =
  | { kind: TransportKind; result: 'ok'; ms: number }
  | { kind: TransportKind; result: 'quiet' | 'held' | 'burst' | 'silent' }
  | { kind: TransportKind; result: 'failed'; error: ErrorInfo };

/** A flowing stream: this many separate reads after its first frame (keepalives), none of them a late burst. */
const READS_THAT_SHOW_FLOW = 3;

/** Open one transport from "now" and judge it within `waitMs`. */
export function checkTransport(source: Source, kind: TransportKind, waitMs: number): Promise<TransportVerdict> {
  const clock = systemClock;
  const started = clock.now();
  const streaming = kind === 'sse';
  return new Promise((resolve) => {
    let settled = false;
    let reads = 0;
    let firstAt = 0;
    let watchdog: Watchdog | null = null;
    const finish = (verdict: TransportVerdict): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      watchdog?.dispose();
      transport?.close();
      resolve(verdict);
    };
    const timer = setTimeout(() => {
      if (reads === 0) finish({ kind, result: 'silent' });
      else if (reads === 1 || !streaming) finish(streaming ? { kind, result: 'quiet' } : { kind, result: 'ok', ms: firstAt - started });
      // Keepalives came on their own, none late: the stream flows, only slower than the count above.
      else finish({ kind, result: 'ok', ms: firstAt - started });
    }, waitMs);
    let transport: ReturnType<Source['connect']> | undefined;
    transport = source.connect(kind, null, {
      open: () => {},
      activity: (frames) => {
        if (settled) return;
        reads++;
        if (reads === 1) {
          firstAt = clock.now();
          if (!streaming) return finish({ kind, result: 'ok', ms: firstAt - started });
          // The same watchdog the client runs: silence past the server's keepalive window, or a late burst.
          watchdog = new Watchdog({
            clock,
            silenceTimeoutMs: () => source.silenceTimeoutMs,
            onDead: () => finish({ kind, result: 'held' }),
            onHeldBack: () => finish({ kind, result: 'burst' }),
          });
          return;
        }
        watchdog?.framesArrived(frames ?? 1);
        if (!settled && reads > READS_THAT_SHOW_FLOW) finish({ kind, result: 'ok', ms: firstAt - started });
      },
      events: () => {},
      gap: () => {},
      retryHint: () => {},
      malformed: () => {},
      lost: () => {},
      closed: (error) => finish({ kind, result: 'failed', error }),
    });
    if (settled) transport.close();
  });
}

/** A fetch that remembers the first answer's `Date` header against this computer's clock (for the skew check). */
export function dateRecordingFetch(inner: typeof fetch): { fetch: typeof fetch; skewSeconds: () => number | null } {
  let skew: number | null = null;
  const recording: typeof fetch = async (input, init) => {
    const res = await inner(input, init);
    const date = res.headers.get('date');
    const server = date ? Date.parse(date) : NaN;
    // The header has whole seconds: compare against our clock rounded the same way.
    if (skew === null && Number.isFinite(server)) skew = Math.round((server - Math.floor(Date.now() / 1000) * 1000) / 1000);
    return res;
  };
  return { fetch: recording, skewSeconds: () => skew };
}
