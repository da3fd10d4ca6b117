/**
 * ntfy's topic key (ntfy#69's accepted design; docs/SOURCES.md "Encrypted messages"): PBKDF2-HMAC-SHA256 of the topic
 * password, salt = SHA-256 of the full topic URL (`https://ntfy.example/mytopic`: the base URL without a trailing
 * slash, `/`, the topic), 50 000 iterations, 32 bytes. 50 000 iterations cost tens of milliseconds, so each (password,
 * topic URL) pair is derived once and kept (a bounded number of pairs).
 */
import { createHash, pbkdf2 } from 'node:crypto';

export const NTFY_PBKDF2_ITERATIONS = 50_000;
const CACHED_PAIRS = 64;
const cache = new Map<string, Promise<Uint8Array>>();

/** Counts derivations actually run (not cache hits), so tests can check the cost without timing it. */
export const ntfyDerivations = { count: 0 };

export function ntfyTopicUrl(baseUrl: string, topic: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${topic}`;
}

export function ntfyTopicKey(password: string, topicUrl: string): Promise<Uint8Array> {
  // The cache is keyed by a hash, so the map holds no password in clear beyond the caller's own copy.
  const id = createHash('sha256').update(password).update('\0').update(topicUrl).digest('base64url');
  const hit = cache.get(id);
  if (hit) return hit;
  ntfyDerivations.count++;
  const salt = createHash('sha256').update(topicUrl).digest();
  const derived = new Promise<Uint8Array>((resolve, reject) =>
    pbkdf2(password, salt, NTFY_PBKDF2_ITERATIONS, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))),
  );
  if (cache.size >= CACHED_PAIRS) cache.delete(cache.keys().next().value!);
  cache.set(id, derived);
  return derived;
}
