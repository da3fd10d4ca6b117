/**
 * Runs the real `redis-server` (Debian's package; `.ci/run` installs it) for the Redis store's tests: its own temp
 * dir, a free 127.0.0.1 port, no config file, in the foreground as a child process we start and stop ourselves.
 * Ready only once our own process says it accepts connections on its port and answers PING (another test's server
 * could take the free port first and answer — the ntfy runner's lesson).
 *
 * A missing binary skips the tests that need it, with the install command in their names: CI has it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../local-process';

export const REDIS_BIN = '/usr/bin/redis-server';
export const redisInstalled = existsSync(REDIS_BIN);
/** For test names: why they were skipped. */
export const REDIS_SKIP_NOTE = redisInstalled ? '' : ' (skipped: redis-server is not installed; apt-get install -y redis-server)';
const DEADLINE_MS = 10_000;

export interface RedisServerOptions {
  /** Keep an append-only file, so a restart keeps everything (default false: memory only). */
  appendOnly?: boolean;
}

export interface RedisServer {
  /** `redis://127.0.0.1:PORT/0` */
  readonly url: string;
  readonly port: number;
  /** Send one command (inline form, no spaces inside arguments); resolves with the raw reply line. */
  command(line: string): Promise<string>;
  /** Stop (SIGTERM: with AOF, everything written so far is kept) and start again on the same port and dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!redisInstalled) throw new Error(`redis-server is required (missing: ${REDIS_BIN}). Install it with: apt-get install -y redis-server`);
  const dir = mkdtempSync(join(tmpdir(), 'herald-redis-'));
  let port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
    args.push('--appendonly', options.appendOnly ? 'yes' : 'no', '--appendfsync', 'always', '--protected-mode', 'no');
    const proc = spawn(REDIS_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let mine = '';
    const take = (d: Buffer): void => {
      output += d.toString();
      mine += d.toString();
    };
    proc.stdout?.on('data', take);
    proc.stderr?.on('data', take);
    let exited: string | null = null;
    proc.once('exit', (code, signal) => (exited = String(code ?? signal)));
    child = proc;
    const started = Date.now();
    for (;;) {
      if (exited !== null) throw new Error(`redis-server exited (${exited}) while starting: ${mine.trim().split('\n').slice(-5).join('\n')}`);
      if (mine.includes(`port=${port}`) && mine.includes('Ready to accept connections') && (await ping(port))) return;
      if (Date.now() - started > DEADLINE_MS) {
        await stopProcess(proc, 'SIGKILL');
        throw new Error(`redis-server did not answer on 127.0.0.1:${port} within ${DEADLINE_MS} ms: ${mine.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  // A free port can be taken between our probe and the server's bind: try a few.
  for (let tries = 0; ; tries++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (tries >= 2 || !/Address already in use/i.test(String(err))) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }

  const shutdown = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc) await stopProcess(proc, 'SIGTERM');
  };
  return {
    get url() {
      return `redis://127.0.0.1:${port}/0`;
    },
    get port() {
      return port;
    },
    command: (line) => send(port, line),
    async restart() {
      await shutdown();
      await launch();
    },
    async stop() {
      await shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => output,
  };
}

async function ping(port: number): Promise<boolean> {
  try {
    return (await send(port, 'PING')) === '+PONG';
  } catch {
    return false;
  }
}

/** One inline command over a fresh connection; the first reply line. */
function send(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`redis ${line}: no answer`)));
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (d) => {
      reply += d.toString();
      const end = reply.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(reply.slice(0, end));
      }
    });
    socket.on('error', reject);
  });
}
