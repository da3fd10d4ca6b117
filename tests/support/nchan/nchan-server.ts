/**
 * Runs a real nginx + Nchan for interop tests: our own prefix, config, pid, logs and temp dirs under a fresh temp dir,
 * on a free 127.0.0.1 port, in the foreground (`daemon off`) as a child process we start and stop ourselves.
 *
 * Missing nginx or the Nchan module is a FAILURE with the install command, never a skip: these tests are the proof
 * that the Nchan source works against the real server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopProcess } from '../local-process';

export const NGINX_BIN = '/usr/sbin/nginx';
export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';
export const INSTALL_HINT = 'apt-get install -y --no-install-recommends nginx libnginx-mod-nchan';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'nginx.conf.template');
const DEADLINE_MS = 10_000;

export interface NchanServerOptions {
  /** nchan_subscriber_timeout: a held long-poll or SSE stream ends after this (408). Default '30s'. */
  subscriberTimeout?: string;
  /** nchan_eventsource_ping_interval in seconds (0: no pings). Default 1. */
  pingIntervalSeconds?: number;
  /** nginx's worker_connections (each subscriber holds one). Default 256; the fan-out bench asks for thousands. */
  workerConnections?: number;
}

export interface PublishOptions {
  /** SSE event name (X-EventSource-Event). */
  event?: string;
  contentType?: string;
  /** Publish through the location whose channels keep only their last 5 messages. */
  smallBuffer?: boolean;
  /** Publish through the location whose messages expire after 3 s (`nchan_message_timeout 3s`). */
  brief?: boolean;
}

export interface NchanServer {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** nginx's master process while it runs (its workers are its children: /proc/PID/task/PID/children). */
  readonly pid: number | undefined;
  /** Subscriber URL template for the Nchan source: `<url>/sub/{transport}/{channel}`. */
  readonly subscribeUrl: string;
  /** The same for locations that multiplex channels: `<url>/sub/multi/{transport}/{channels}`. */
  readonly multiSubscribeUrl: string;
  /** POST a message; returns Nchan's message id (`<seconds>:<tag>`). */
  publish(channel: string, body: string, options?: PublishOptions): Promise<string>;
  /** DELETE the channel: its subscribers get 410 Gone. Returns the HTTP status (200, or 404 if it did not exist). */
  deleteChannel(channel: string): Promise<number>;
  /** Stop cleanly (SIGQUIT, wait for exit) and start again on the same port: every channel is forgotten. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The error log so far (crash lines, Nchan assertions). */
  errorLog(): string;
  /** How many worker processes died on a signal (an Nchan crash) since start. */
  workerCrashes(): number;
}

export function checkNchanInstalled(): void {
  const missing = [NGINX_BIN, NCHAN_MODULE].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`nginx with the Nchan module is required for these tests (missing: ${missing.join(', ')}). Install it with: ${INSTALL_HINT}`);
  }
}

export async function startNchan(options: NchanServerOptions = {}): Promise<NchanServer> {
  checkNchanInstalled();
  const prefix = mkdtempSync(join(tmpdir(), 'herald-nchan-'));
  // Workers run as nobody when we are root: they must reach the prefix and write its temp dirs.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, 'logs'));
  mkdirSync(join(prefix, 'tmp'));
  chmodSync(join(prefix, 'tmp'), 0o777);

  let port = 0;
  let child: ChildProcess | null = null;
  const readyToken = randomUUID();
  const conf = join(prefix, 'nginx.conf');
  const errorLogPath = join(prefix, 'logs', 'error.log');

  const writeConfig = (): void => {
    const text = readFileSync(TEMPLATE, 'utf8')
      .replaceAll('{{PREFIX}}', prefix)
      .replaceAll('{{PORT}}', String(port))
      .replaceAll('{{READY_TOKEN}}', readyToken)
      .replaceAll('{{SUBSCRIBER_TIMEOUT}}', options.subscriberTimeout ?? '30s')
      .replaceAll('{{PING_INTERVAL}}', String(options.pingIntervalSeconds ?? 1))
      .replaceAll('{{WORKER_CONNECTIONS}}', String(options.workerConnections ?? 256))
      // Within this machine's hard limit (20 000 here): asking for more fails with an alert and keeps the old limit.
      .replaceAll('{{WORKER_RLIMIT}}', String(Math.min(20_000, Math.max(1024, (options.workerConnections ?? 256) * 2 + 64))));
    writeFileSync(conf, text);
  };

  const launch = async (): Promise<void> => {
    writeConfig();
    let output = '';
    // -e: the error log nginx uses before it has read the config (the default is under /var/log).
    const proc = spawn(NGINX_BIN, ['-p', prefix, '-c', conf, '-e', errorLogPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let exited: number | string | null = null;
    proc.once('exit', (code, signal) => (exited = code ?? signal ?? 'exit'));
    child = proc;
    const started = Date.now();
    for (;;) {
      if (exited !== null) throw new Error(`nginx exited (${String(exited)}) while starting: ${output.trim()}\n${tail(errorLogPath)}`);
      if (await answers(port, readyToken)) return;
      if (Date.now() - started > DEADLINE_MS) {
        await stopProcess(proc, 'SIGQUIT');
        throw new Error(`nginx did not answer on 127.0.0.1:${port} within ${DEADLINE_MS} ms: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const shutdown = async (): Promise<void> => {
    const proc = child;
    child = null;
    // SIGQUIT: nginx's graceful stop, in which Nchan tells its subscribers 410.
    if (proc) await stopProcess(proc, 'SIGQUIT');
  };

  // A free port can be taken between our probe and nginx's bind: try a few.
  for (let tries = 0; ; tries++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      await shutdown();
      if (tries >= 2 || !String(err).includes('Address already in use')) {
        rmSync(prefix, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const url = `http://127.0.0.1:${port}`;
  const errorLog = (): string => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : '');
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    subscribeUrl: `${url}/sub/{transport}/{channel}`,
    multiSubscribeUrl: `${url}/sub/multi/{transport}/{channels}`,
    async publish(channel, body, publishOptions = {}) {
      const headers: Record<string, string> = { 'Content-Type': publishOptions.contentType ?? 'text/plain' };
      if (publishOptions.event) headers['X-EventSource-Event'] = publishOptions.event;
      const location = publishOptions.smallBuffer ? 'pub-small' : publishOptions.brief ? 'pub-brief' : 'pub';
      const res = await fetch(`${url}/${location}/${encodeURIComponent(channel)}`, { method: 'POST', headers, body });
      const text = await res.text();
      if (res.status !== 201 && res.status !== 202) throw new Error(`publish to ${channel} failed: HTTP ${res.status} ${text}`);
      const id = /last message id: (\S+)/.exec(text)?.[1];
      if (!id) throw new Error(`publish to ${channel}: no message id in ${JSON.stringify(text)}`);
      return id;
    },
    async deleteChannel(channel) {
      const res = await fetch(`${url}/pub/${encodeURIComponent(channel)}`, { method: 'DELETE' });
      await res.text();
      return res.status;
    },
    async restart() {
      await shutdown();
      await launch();
    },
    async stop() {
      await shutdown();
      rmSync(prefix, { recursive: true, force: true });
    },
    errorLog,
    workerCrashes: () => (errorLog().match(/exited on signal/g) ?? []).length,
  };
}

/**
 * Our nginx is up once it answers its own token: nginx retries a taken port for seconds before it gives up, and
 * meanwhile whatever took the port (another test's server) would answer any other request.
 */
export async function answers(port: number, token: string): Promise<boolean> {
  if (port === 0) return false;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/herald-ready`, { signal: AbortSignal.timeout(500) });
    return (await res.text()) === token;
  } catch {
    return false;
  }
}

/** The last lines of a log file ('' when there is none yet). */
export function tail(path: string): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').split('\n').slice(-10).join('\n');
}
