/**
 * Idempotency keys for POST /actions: the first successful answer under a key is kept (7 days) and replayed for a
 * retry of the same request; a different request under the same key is refused (docs/PROTOCOL.md "POST /actions").
 * With a data directory the answers are appended to keys.jsonl, so a retry after a server restart is still a replay.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/base/log';

export interface StoredAnswer {
  key: string;
  /** Hash of the canonical request body: tells "the same request again" from "a different one". */
  hash: string;
  status: number;
  body: unknown;
  /** ms since epoch when first answered. */
  at: number;
}

export const KEY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A kept answer as stored (a line of keys.jsonl, a Redis value), or undefined: one that cannot be read is none. */
export function parseStoredAnswer(text: string): StoredAnswer | undefined {
  try {
    const a = JSON.parse(text) as StoredAnswer;
    if (typeof a.key === 'string' && typeof a.hash === 'string' && typeof a.status === 'number' && typeof a.at === 'number') return a;
  } catch {
    // Unreadable: the action is applied as new.
  }
  return undefined;
}
/** A bound on memory whatever the traffic: the oldest keys go first. */
const MAX_KEYS = 100_000;

export class IdempotencyStore {
  readonly #keys = new Map<string, StoredAnswer>();
  readonly #file: string | null;
  readonly #now: () => number;
  #fd: number | null = null;

  constructor(opts: { dataDir?: string; now?: () => number; logger: Logger }) {
    this.#now = opts.now ?? Date.now;
    this.#file = opts.dataDir ? join(opts.dataDir, 'keys.jsonl') : null;
    if (this.#file) this.#load(this.#file, opts.logger);
  }

  get(key: string): StoredAnswer | undefined {
    this.#prune();
    return this.#keys.get(key);
  }

  put(answer: StoredAnswer): void {
    this.#keys.set(answer.key, answer);
    this.#prune();
    if (!this.#file) return;
    this.#fd ??= openSync(this.#file, 'a');
    writeSync(this.#fd, `${JSON.stringify(answer)}\n`);
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #prune(): void {
    const cutoff = this.#now() - KEY_TTL_MS;
    // Insertion order is answer order, so expired keys sit at the front.
    for (const [key, a] of this.#keys) {
      if (a.at >= cutoff && this.#keys.size <= MAX_KEYS) break;
      this.#keys.delete(key);
    }
  }

  #load(file: string, logger: Logger): void {
    if (!existsSync(file)) return;
    let lines = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines += 1;
      const a = parseStoredAnswer(line);
      if (a) {
        this.#keys.delete(a.key);
        this.#keys.set(a.key, a);
      } else {
        logger.warn('skipped an unreadable idempotency record', { file });
      }
    }
    this.#prune();
    if (lines > this.#keys.size) {
      // Expired or broken records: rewrite the file with what is still valid (temp + rename, never half-written).
      writeFileSync(`${file}.tmp`, [...this.#keys.values()].map((a) => `${JSON.stringify(a)}\n`).join(''));
      renameSync(`${file}.tmp`, file);
    }
  }
}
