/** What the real-server runners (nginx + Nchan, ntfy) share: a free port on 127.0.0.1, and stopping a child. */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const STOP_DEADLINE_MS = 10_000;

/** Send `signal` (the server's graceful stop), then SIGKILL if it will not go. Waits for the exit. */
export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_DEADLINE_MS);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
