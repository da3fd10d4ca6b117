/** The parent's handle on ./server-child.ts: start it, send it commands, stop it. */
import { resolve } from 'node:path';
import { forkCommanded } from './child-commands';

const CHILD = resolve(import.meta.dirname, 'server-child.ts');

export interface BenchServer {
  url: string;
  /** The server process, for its memory and CPU time (/proc). */
  pid: number;
  command<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** `env`: more of the child's environment (HERALD_BENCH_DATA_DIR: run on the file store there). */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const { child, ready, command } = await forkCommanded(CHILD, 'bench server', { ...process.env, HERALD_LOG: 'silent', ...env });
  const url = ready.url as string;
  return {
    url,
    pid: child.pid!,
    command,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await command('exit', {}, 5000).catch(() => child.kill('SIGKILL'));
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}
