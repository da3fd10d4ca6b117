import { main } from '../../src/cli/index';
import type { CliIO } from '../../src/cli/io';

/** Runs a `herald` command in-process, capturing what it prints; `stop()` is the user's Ctrl-C. */
export function runCli(argv: string[], env: Record<string, string | undefined> = {}, extra: Partial<Pick<CliIO, 'promptSecret' | 'clock'>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: () => void;
  const interrupted = new Promise<void>((r) => (stop = r));
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env, interrupted, ...extra };
  const done = main(argv, io);
  return { out, err, stop, done };
}
