/**
 * Why a server could not start, as data: what failed (`problem`), where (an address, a Redis URL without its password,
 * a directory) and the system's error code. `herald serve` says it in words from this (src/cli/serve-words.ts); the
 * message stays for logs and for embedders that print errors as they are.
 */
export type StartProblem = 'listen' | 'redis' | 'data_dir';

export class ServerStartError extends Error {
  constructor(
    readonly problem: StartProblem,
    readonly where: string,
    /** The errno name (EADDRINUSE, ECONNREFUSED, EACCES…), when there is one. */
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ServerStartError';
  }
}

/** The errno name of an error, or the first one its message names (a Redis client reports them in words). */
export function errnoOf(err: unknown, text?: string): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return code;
  return /\b(E[A-Z]{3,})\b/.exec(text ?? (err instanceof Error ? err.message : ''))?.[1];
}
