/**
 * `mkdir -p` that always ends. Node's own recursive mkdir (sync and promise, on Node 20 and 24 alike) loops forever,
 * one core at 100 %, when mkdir answers ENOENT under a parent that exists — /proc and /sys do: `herald serve
 * --data-dir /proc/x` hung, deaf even to Ctrl-C (the loop never yields to the signal handler). This walks up to the
 * nearest existing ancestor and creates each missing level below it once, so the work is bounded by the path's depth
 * and a refusal is thrown as the error it is.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `path` and its missing parents (`mode` for the ones created); a directory already there is fine. */
export function makeDirSync(path: string, mode?: number): void {
  const target = resolve(path);
  const missing: string[] = [];
  for (let dir = target; !existsSync(dir); ) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, mode === undefined ? undefined : { mode });
    } catch (err) {
      // Made meanwhile by someone else: as good as made here.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw err;
    }
  }
  if (!statSync(target).isDirectory()) {
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${target}'`), { code: 'EEXIST', path: target, syscall: 'mkdir' });
  }
}
