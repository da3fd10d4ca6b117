import type { Clock } from '../core/base/clock';
import { languageOfLocale, type UiLanguage } from '../shared/language';

/** The CLI's outside world, injected so tests can run commands in-process and read what they print. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to stop (Ctrl-C) — long-running commands race it. */
  interrupted: Promise<void>;
  /** Time for waits a command keeps itself (digests); default the system clock. Tests drive it by hand. */
  clock?: Clock;
  /** Ask for a secret without echoing it; only present when a terminal is there to answer. */
  promptSecret?(question: string): Promise<string>;
}

/** Read one line from the terminal with echo off (the typed characters are not written back). */
function promptSecret(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let answer = '';
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(answer);
          return;
        }
        if (ch === '\u0003') process.kill(process.pid, 'SIGINT');
        else if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
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
    ...(process.stdin.isTTY && process.stderr.isTTY ? { promptSecret } : {}),
  };
}

/**
 * A usage mistake: printed with the line pointing to the command's help, exit code 2. `words` says it in the reader's
 * language (./usage-words.ts builds both); without it the message is already in words.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly words?: (lang: UiLanguage) => string,
  ) {
    super(message);
  }
}

/** A failure with its own documented exit status (e.g. 75: the data dir is in use), printed as one line. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The language every CLI message is in: the locale's, by POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG). */
export function cliLanguage(env: Record<string, string | undefined>): UiLanguage {
  return languageOfLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}
