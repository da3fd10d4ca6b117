/**
 * The real nginx as a load balancer in front of several Herald nodes (tests/support/redis/nginx-balancer.conf.template):
 * its own prefix, config, pid, logs and temp dirs under a fresh temp dir, on a free 127.0.0.1 port, in the foreground
 * as a child process we start and stop ourselves (like the Nchan runner, tests/support/nchan/nchan-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopProcess } from '../local-process';
import { answers, INSTALL_HINT, NGINX_BIN, tail } from '../nchan/nchan-server';

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'nginx-balancer.conf.template');
const DEADLINE_MS = 10_000;

export interface Balancer {
  readonly url: string;
  stop(): Promise<void>;
  errorLog(): string;
}

/** nginx balancing over `ports` (the nodes need not be up yet: a refused node is tried again after a second). */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  if (!existsSync(NGINX_BIN)) throw new Error(`nginx is required for this test (missing: ${NGINX_BIN}). Install it with: ${INSTALL_HINT}`);
  const prefix = mkdtempSync(join(tmpdir(), 'herald-balancer-'));
  // Workers run as nobody when we are root: they must reach the prefix and write its temp dirs.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, 'logs'));
  mkdirSync(join(prefix, 'tmp'));
  chmodSync(join(prefix, 'tmp'), 0o777);
  const conf = join(prefix, 'nginx.conf');
  const errorLogPath = join(prefix, 'logs', 'error.log');
  const upstreams = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=1s;`).join('\n');
  let child: ChildProcess | null = null;
  let port = 0;
  const readyToken = randomUUID();

  const launch = async (): Promise<void> => {
    port = await freePort();
    writeFileSync(conf, readFileSync(TEMPLATE, 'utf8').replaceAll('{{PREFIX}}', prefix).replaceAll('{{PORT}}', String(port)).replaceAll('{{UPSTREAMS}}', upstreams).replaceAll('{{READY_TOKEN}}', readyToken));
    let output = '';
    const proc = spawn(NGINX_BIN, ['-p', prefix, '-c', conf, '-e', errorLogPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let exited: string | null = null;
    proc.once('exit', (code, signal) => (exited = String(code ?? signal)));
    child = proc;
    const started = Date.now();
    for (;;) {
      if (exited !== null) throw new Error(`nginx exited (${exited}) while starting: ${output.trim()}\n${tail(errorLogPath)}`);
      // Ours once it answers its own token on the port it was given.
      if (await answers(port, readyToken)) return;
      if (Date.now() - started > DEADLINE_MS) {
        await stopProcess(proc, 'SIGQUIT');
        throw new Error(`nginx did not answer on 127.0.0.1:${port} within ${DEADLINE_MS} ms: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  for (let tries = 0; ; tries++) {
    try {
      await launch();
      break;
    } catch (err) {
      const proc = child;
      child = null;
      if (proc) await stopProcess(proc, 'SIGQUIT');
      if (tries >= 2 || !String(err).includes('Address already in use')) {
        rmSync(prefix, { recursive: true, force: true });
        throw err;
      }
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const proc = child;
      child = null;
      if (proc) await stopProcess(proc, 'SIGQUIT');
      rmSync(prefix, { recursive: true, force: true });
    },
    errorLog: () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : ''),
  };
}
