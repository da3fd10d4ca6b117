/**
 * The corruption guard shared by every file-backed store (the CLI's JsonFileStore and the Electron shell's
 * electron-store adapter): before a store file is opened, check that it parses as a JSON object; if it does not,
 * move it aside — kept byte for byte under `<name>.corrupt-<timestamp>`, never deleted — and say so with a Notice
 * the app can show. The caller then starts from an empty store.
 *
 * Why before opening: electron-store/conf throw on a file that does not parse (or, with `clearInvalidConfig`,
 * silently wipe it); either way the user's queued actions would be lost or the app would not start.
 */
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Notice } from '../../shared/ipc-contract';

export interface QuarantineOptions {
  /** Wall-clock time for the suffix, injected so tests name files predictably. Default Date.now. */
  now?: () => number;
  /** Given the damaged text (when it could be read) before the file is moved; true: something was recovered from it. */
  salvage?: (text: string) => boolean;
  /**
   * Why a file that parses is still not this store's (a damaged byte can turn `"entries"` into another valid key, and
   * the store would read as empty): a reason, or null when its shape is right. Such a file is kept aside and salvaged
   * like one that does not parse.
   */
  shapeProblem?: (data: Record<string, unknown>) => string | null;
}

/** What the guard found, for callers that need more than the notice (the store must not write over a file it could not move aside). */
export interface QuarantineNotice extends Notice {
  code: 'store_corrupt';
  /** Where the unreadable bytes are kept (the shared Notice's meaning): the aside copy, or the original file when even moving it aside failed. */
  path: string;
  /** The store file that could not be read. */
  original: string;
  /** True when the file was moved aside and the store may start empty at `original`. */
  movedAside: boolean;
}

/** Parse a store file's text: a JSON object at the root, or the reason it is not one. */
export function parseStoreText(text: string): { ok: true; data: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON${whereParsingStopped(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'the top level is not a JSON object' };
  }
  return { ok: true, data: value as Record<string, unknown> };
}

/**
 * Where the parser gave up, without its message: V8's message quotes the text around the fault ("Unexpected token
 * 'h', "hunter2…" is not valid JSON"), and a damaged file may hold a comment, a token or a cursor — none of which
 * belongs in a notice, a log line or the window.
 */
function whereParsingStopped(err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position) return ` (at position ${position[1]})`;
  return /Unexpected end of JSON input/.test(message) ? ' (it ends too early)' : '';
}

/** Windows forbids ':' in names; an ISO time without it still sorts and reads well. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/**
 * A name next to `path` that does not exist yet: `<path>.corrupt-<ISO time>` (two corruptions in the same
 * millisecond must not collide). Exported for callers that set a file aside for their own reasons (a schema error).
 */
export function asideName(path: string, ms: number): string {
  const base = `${path}.corrupt-${stamp(ms)}`;
  if (!existsSync(base)) return base;
  for (let n = 1; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!existsSync(candidate)) return candidate;
  }
  return `${base}-${process.pid}-${Math.floor(ms)}`;
}

/**
 * If the file at `path` exists and is unreadable or does not parse as a JSON object, rename it aside and return a
 * notice; otherwise return null (a missing file is fine: first run). Synchronous: it runs once, before the store
 * opens. An empty file counts as corrupt (atomic writes never leave one, so something else went wrong).
 */
export function quarantineIfCorrupt(path: string, options: QuarantineOptions = {}): QuarantineNotice | null {
  let reason: string;
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
    const parsed = parseStoreText(text);
    const wrongShape = parsed.ok ? (options.shapeProblem?.(parsed.data) ?? null) : null;
    if (parsed.ok && wrongShape === null) return null;
    reason = parsed.ok ? (wrongShape as string) : parsed.reason;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    reason = `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const now = (options.now ?? Date.now)();
  const target = asideName(path, now);
  try {
    renameSync(path, target);
  } catch (err) {
    return {
      code: 'store_corrupt',
      message: `The file ${path} ${reason} and could not be moved aside (${(err as NodeJS.ErrnoException).code ?? String(err)}); it was left untouched.`,
      path,
      original: path,
      movedAside: false,
    };
  }
  // Only once the bytes are safe under the other name: what is recovered is written to `path` afresh.
  const recovered = text !== undefined && options.salvage ? options.salvage(text) : false;
  return {
    code: 'store_corrupt',
    message: `The file ${path} ${reason}. It was kept as ${target} and Herald started with ${recovered ? 'what could be read from it' : 'an empty store'}.`,
    path: target,
    original: path,
    movedAside: true,
  };
}

/**
 * Files kept aside beside a store file (this guard's `<name>.corrupt-…`, a schema error's `<name>.invalid-…`, and
 * the same of the store's journals): reported for as long as they exist, so a damaged file is never forgotten.
 */
export function keptAsideFiles(path: string): string[] {
  const dir = dirname(path);
  const stem = basename(path).replace(/\.json$/, '');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`${stem}.`) && /\.(corrupt|invalid)-/.test(n) && !n.endsWith('.tmp'))
    .sort()
    .map((n) => join(dir, n));
}
