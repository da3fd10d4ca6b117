/**
 * Herald's end-to-end key strings (docs/PROTOCOL.md "Encrypted events"): `hk1.<kid>.<key>`, where `key` is 32 random
 * bytes in base64url (43 characters, no padding) and `kid` the first 6 bytes of SHA-256("herald-kid:" ‖ key) in
 * base64url (8 characters). The kid goes in clear in each message's JWE header so a receiver with several keys tries
 * the right one first; derived from the key, it also catches a key string mistyped or cut when copied.
 */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'hk1';
const KEY_BYTES = 32;
const KEY_STRING = /^hk1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{43})$/;

export interface ParsedKey {
  /** The key id, as written in the JWE protected header. */
  kid: string;
  /** The 256-bit content key (JWE `dir`, `A256GCM`). */
  key: Uint8Array;
}

/**
 * Why a key string was refused: `key_malformed` — not `hk1.<8>.<43>` (or not 32 bytes); `key_check_failed` — the kid
 * does not match the key (a character changed in copying).
 */
export type KeyStringError = 'key_malformed' | 'key_check_failed';

export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update('herald-kid:').update(key).digest().subarray(0, 6).toString('base64url');
}

/** A new random key string (for `herald keygen` and the app's "Generate key"). */
export function generateHeraldKey(): string {
  const key = randomBytes(KEY_BYTES);
  return `${KEY_PREFIX}.${keyIdOf(key)}.${key.toString('base64url')}`;
}

/** Reads a key string; surrounding white space is ignored. The error never repeats the string (it is a secret). */
export function parseKeyString(s: string): ParsedKey | { error: KeyStringError } {
  const m = KEY_STRING.exec(s.trim());
  if (!m) return { error: 'key_malformed' };
  const key = Buffer.from(m[2]!, 'base64url');
  // 43 base64url characters carry 258 bits: the last one must leave the two spare bits zero to be canonical.
  if (key.length !== KEY_BYTES || key.toString('base64url') !== m[2]) return { error: 'key_malformed' };
  if (keyIdOf(key) !== m[1]) return { error: 'key_check_failed' };
  return { kid: m[1]!, key: new Uint8Array(key) };
}
