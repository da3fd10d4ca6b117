/** The CLI's outside world, injected so tests can run commands in-process and read what they print. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to stop (Ctrl-C) — long-running commands race it. */
  interrupted: Promise<void>;
}

export function processIO(): CliIO {
  let resolve!: () => void;
  const interrupted = new Promise<void>((r) => (resolve = r));
  const onSignal = (): void => resolve();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    interrupted,
  };
}

/** A usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends Error {}
