/**
 * A bench child process driven by messages: fork it, wait for its `ready`, then send it commands and wait for each
 * answer (matched by id), each with a deadline. The bench server and the fan-out readers both work this way.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface CommandedChild {
  child: ChildProcess;
  /** The `ready` message's fields (the server sends its URL there). */
  ready: Record<string, unknown>;
  command<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

/** `what` names the child in errors ("bench server", "fan-out subscribers"). */
export async function forkCommanded(path: string, what: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandedChild> {
  const child = fork(path, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  let seq = 0;
  const ready = await new Promise<Record<string, unknown>>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`${what} did not start within 20 s`)), 20_000);
    child.once('error', rej);
    child.on('message', (raw) => {
      const msg = raw as Record<string, unknown>;
      if (msg.ready) {
        clearTimeout(t);
        res(msg);
      } else waiting.get(msg.id as number)?.(msg);
    });
  });
  const command = <T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((res, rej) => {
      const id = ++seq;
      const t = setTimeout(() => {
        waiting.delete(id);
        rej(new Error(`${what}: ${cmd} took over ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (msg) => {
        clearTimeout(t);
        waiting.delete(id);
        if (msg.error) rej(new Error(String(msg.error)));
        else res(msg as T);
      });
      child.send({ id, cmd, ...args });
    });
  return { child, ready, command };
}
