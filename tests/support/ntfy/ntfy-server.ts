/**
 * Runs the real ntfy server (Debian trixie's `ntfy` 2.11, fetched by scripts/fetch-ntfy.sh into .cache/ntfy) for the
 * interop tests: its own temp dir (cache file, auth file, attachments), a free 127.0.0.1 port, `--config /dev/null`
 * so no /etc/ntfy/server.yml is read, started and stopped as a child process of the test.
 *
 * A missing binary is a FAILURE with the fetch command, never a skip: these tests are the proof that the ntfy source
 * works against the real server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopProcess } from '../local-process';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const NTFY_BIN = join(ROOT, '.cache/ntfy/root/usr/bin/ntfy');
export const FETCH_HINT = 'sh scripts/fetch-ntfy.sh (npm test runs it when the binary is missing)';
const DEADLINE_MS = 10_000;

export interface NtfyUser {
  name: string;
  password: string;
  role?: 'user' | 'admin';
  /** topic → read-write | read-only | write-only | deny */
  access?: Record<string, string>;
}

export interface NtfyServerOptions {
  /** With users, the server runs with an auth file and `--auth-default-access deny-all`. */
  users?: NtfyUser[];
  /** Keep messages in a cache file that survives restarts (default true); false: memory only. */
  cacheFile?: boolean;
  /** Accept uploaded attachments (default false). */
  attachments?: boolean;
  /**
   * How long messages stay in the cache, in seconds (ntfy's `cache-duration`, default 12 h). Short values for expiry
   * tests: ntfy prunes every `manager-interval`, which is set to its 5 s minimum here (the duration must not be lower).
   */
  cacheSeconds?: number;
}

export interface NtfyServer {
  readonly url: string;
  readonly port: number;
  /** The server's cache file (null with `cacheFile: false`), e.g. to check what it stores. */
  readonly cacheFile: string | null;
  /** Publish as an admin (when auth is on). Returns ntfy's JSON message. */
  publish(topic: string, body: string | Uint8Array, headers?: Record<string, string>): Promise<NtfyMessageJson>;
  /** `ntfy token add USER`: a new access token. */
  addToken(user: string): string;
  /** Stop and start again on the same port (the cache file, if any, is kept; a memory cache is not). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The server's log so far. */
  log(): string;
}

export interface NtfyMessageJson {
  id: string;
  time: number;
  expires?: number;
  topic: string;
  message?: string;
}

const ADMIN = { name: 'herald-admin', password: 'admin-pass' };

export function checkNtfyInstalled(): void {
  if (!existsSync(NTFY_BIN)) throw new Error(`the real ntfy server is required for these tests (missing: ${NTFY_BIN}). Fetch it with: ${FETCH_HINT}`);
}

export async function startNtfy(options: NtfyServerOptions = {}): Promise<NtfyServer> {
  checkNtfyInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'herald-ntfy-'));
  const authFile = join(dir, 'user.db');
  const auth = options.users !== undefined;
  let port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const url = (): string => `http://127.0.0.1:${port}`;

  const args = (): string[] => {
    const a = ['serve', '--listen-http', `127.0.0.1:${port}`, '--base-url', url(), '--keepalive-interval', '5s', '--config', '/dev/null'];
    // Tests poll fast from one address: lift the per-visitor request limit for 127.0.0.1.
    a.push('--visitor-request-limit-exempt-hosts', '127.0.0.1');
    if (options.cacheFile !== false) a.push('--cache-file', join(dir, 'cache.db'));
    if (options.cacheSeconds !== undefined) a.push('--cache-duration', `${options.cacheSeconds}s`, '--manager-interval', '5s');
    if (auth) a.push('--auth-file', authFile, '--auth-default-access', 'deny-all');
    if (options.attachments) a.push('--attachment-cache-dir', join(dir, 'attachments'));
    return a;
  };

  const launch = async (): Promise<void> => {
    const proc = spawn(NTFY_BIN, args(), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NTFY_AUTH_FILE: '' } });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let exited: string | null = null;
    proc.once('exit', (code, signal) => (exited = String(code ?? signal)));
    child = proc;
    const started = Date.now();
    for (;;) {
      if (exited !== null) throw new Error(`ntfy exited (${exited}) while starting: ${output.trim().split('\n').slice(-5).join('\n')}`);
      // Ours only once it says it listens: a server that answers on this port before then may be another test's ntfy
      // that took the free port first (ours then fails to bind, and a request would reach the wrong server).
      if (output.includes(`Listening on 127.0.0.1:${port}`) && (await healthy(url()))) return;
      if (Date.now() - started > DEADLINE_MS) {
        await stopProcess(proc, 'SIGTERM');
        throw new Error(`ntfy did not answer on ${url()} within ${DEADLINE_MS} ms: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const cli = (cliArgs: string[], env: Record<string, string> = {}): string => {
    const r = spawnSync(NTFY_BIN, cliArgs, { env: { ...process.env, NTFY_AUTH_FILE: authFile, ...env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ntfy ${cliArgs.join(' ')} failed: ${r.stderr}${r.stdout}`);
    return `${r.stdout}${r.stderr}`;
  };

  // A free port can be taken between our probe and ntfy's bind: try a few.
  for (let tries = 0; ; tries++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (tries >= 2 || !String(err).includes('address already in use')) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }

  if (auth) {
    // The auth file exists once the server has started; the CLI writes it directly (ntfy re-reads it per request).
    cli(['user', 'add', '--role=admin', ADMIN.name], { NTFY_PASSWORD: ADMIN.password });
    for (const u of options.users ?? []) {
      cli(['user', 'add', `--role=${u.role ?? 'user'}`, u.name], { NTFY_PASSWORD: u.password });
      for (const [topic, perm] of Object.entries(u.access ?? {})) cli(['access', u.name, topic, perm]);
    }
  }
  const adminHeader: Record<string, string> = auth ? { Authorization: `Basic ${Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')}` } : {};

  return {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    cacheFile: options.cacheFile !== false ? join(dir, 'cache.db') : null,
    async publish(topic, body, headers = {}) {
      const res = await fetch(`${url()}/${topic}`, { method: 'PUT', headers: { ...adminHeader, ...headers }, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`publish to ${topic} failed: HTTP ${res.status} ${text}`);
      return JSON.parse(text) as NtfyMessageJson;
    },
    addToken(user) {
      const token = /\b(tk_[a-z0-9]+)\b/.exec(cli(['token', 'add', user]))?.[1];
      if (!token) throw new Error(`ntfy token add ${user}: no token in the output`);
      return token;
    },
    async restart() {
      const proc = child;
      child = null;
      if (proc) await stopProcess(proc, 'SIGTERM');
      await launch();
    },
    async stop() {
      const proc = child;
      child = null;
      if (proc) await stopProcess(proc, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => output,
  };
}

async function healthy(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(500) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

