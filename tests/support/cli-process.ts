/**
 * The `herald` command as users run it: a real child process (`node bin/herald.js …`), with its output read line by
 * line. Nothing of the test runner's event loop keeps it alive: if the command would exit by itself, it does here.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '../helpers/wait';

const BIN = resolve(import.meta.dirname, '../../bin/herald.js');

export interface CliProcess {
  readonly child: ChildProcess;
  readonly out: string[];
  readonly err: string[];
  /** Exit code (or 128 + signal number), once it has exited. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Wait for a line on stdout (or stderr with `stream: 'err'`) that matches. */
  line(match: RegExp | string, opts?: { stream?: 'out' | 'err'; timeoutMs?: number; from?: number }): Promise<string>;
  /** SIGTERM (like Ctrl-C) and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, NODE_OPTIONS: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  const collect = (stream: NodeJS.ReadableStream, into: string[]): void => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
    });
    stream.on('end', () => {
      if (rest) into.push(rest);
    });
  };
  collect(child.stdout!, out);
  collect(child.stderr!, err);
  let exit: CliProcess['exit'] = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on('close', (code, signal) => {
      exit = { code, signal };
      res(exit);
    });
  });
  const proc: CliProcess = {
    child,
    out,
    err,
    get exit() {
      return exit;
    },
    exited,
    async line(match, { stream = 'out', timeoutMs = 15_000, from = 0 } = {}) {
      const lines = stream === 'out' ? out : err;
      const test = (l: string): boolean => (typeof match === 'string' ? l.includes(match) : match.test(l));
      return waitFor(
        () => {
          const found = lines.slice(from).find(test);
          if (found !== undefined) return found;
          if (exit) throw new Error(`herald ${args[0]} exited (${JSON.stringify(exit)}); stderr: ${lastWords(err).join(' | ')}`);
          return undefined;
        },
        { timeoutMs, intervalMs: 20, message: `herald ${args[0]} printed ${String(match)} on std${stream}` },
      );
    },
    async stop() {
      if (!exit) child.kill('SIGTERM');
      return exited;
    },
    async kill(signal = 'SIGKILL') {
      if (!exit) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

/** Start `herald serve` on a free port; resolves with its URL once it listens. */
export async function startServeProcess(args: string[] = [], opts: { env?: Record<string, string> } = {}): Promise<{ proc: CliProcess; url: string; port: number }> {
  const proc = startCli(['serve', '--host', '127.0.0.1', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], opts);
  const line = await proc.line('Herald server listening on ');
  const url = line.replace('Herald server listening on ', '').split(' ')[0]!;
  return { proc, url, port: Number(new URL(url).port) };
}

/** Parse `--json` output lines into events (other lines are a test failure). */
export function jsonEvents(lines: readonly string[]): Array<{ id: string; type: string; time: string; data: Record<string, unknown>; source?: string; serverId?: string | null }> {
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { id: string; type: string; time: string; data: Record<string, unknown> });
}

/** One `herald` command run to its end as a real process, as a user runs it (LANG=C unless given); never throws on a non-zero status. */
export function runHerald(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NODE_OPTIONS: '', LANG: 'C', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolveRun({ code, out: stdout, err: stderr });
    });
  });
}

/** A real `herald serve` with one published item, for tests of actions on it. */
export async function serveWithItem(): Promise<{ proc: CliProcess; url: string; port: number; itemId: string }> {
  const served = await startServeProcess(['--keepalive', '1']);
  const r = await fetch(`${served.url}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'item', body: '' }) });
  const itemId = ((await r.json()) as { id: string }).id;
  return { ...served, itemId };
}

/** The bodies of an item's comments on a server, as `GET /items/:id` tells them (none if the item is unknown). */
export async function itemComments(url: string, itemId: string): Promise<string[]> {
  const r = await fetch(`${url}/items/${encodeURIComponent(itemId)}`);
  if (r.status !== 200) return [];
  return ((await r.json()) as { comments: Array<{ body: string }> }).comments.map((c) => c.body);
}

/** The end of stderr, and for a crash the error's own line above its stack (the stack's frames alone say little). */
function lastWords(err: readonly string[]): string[] {
  const tail = err.slice(-5);
  const stackStart = err.findLastIndex((l, i) => !/^\s+at /.test(l) && /^\s+at /.test(err[i + 1] ?? ''));
  return stackStart >= 0 && stackStart < err.length - 5 ? [...err.slice(Math.max(0, stackStart - 2), stackStart + 2), '…', ...tail] : tail;
}
