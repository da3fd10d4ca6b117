/** The parent's handle on ./server-child.ts: start it, send it commands, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

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
  const child: ChildProcess = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, HERALD_LOG: 'silent', ...env } });
  const waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  let seq = 0;
  const url = await new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error('bench server did not start within 20 s')), 20_000);
    child.once('error', rej);
    child.on('message', (raw) => {
      const msg = raw as Record<string, unknown>;
      if (msg.ready) {
        clearTimeout(t);
        res(msg.url as string);
      } else waiting.get(msg.id as number)?.(msg);
    });
  });
  const command = <T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((res, rej) => {
      const id = ++seq;
      const t = setTimeout(() => {
        waiting.delete(id);
        rej(new Error(`bench server: ${cmd} took over ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (msg) => {
        clearTimeout(t);
        waiting.delete(id);
        if (msg.error) rej(new Error(String(msg.error)));
        else res(msg as T);
      });
      child.send({ id, cmd, ...args });
    });
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
