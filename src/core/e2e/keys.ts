/**
 * Herald's end-to-end key strings (docs/PROTOCOL.md "Encrypted events"): `hk1.<kid>.<key>`, where `key` is 32 random
 * bytes in base64url (43 characters, no padding) and `kid` the first 6 bytes of SHA-256("herald-kid:" ‖ key) in
 * base64url (8 characters). The kid goes in clear in each message's JWE header so a receiver with several keys tries
 * the right one first; derived from the key, it also catches a key string mistyped or cut when copied.
 *
 * A passphrase key is `hkp1.<kid>.<log2 N>.<r>.<p>.<salt>` followed by a space and the passphrase: the key is
 * scrypt(passphrase, salt, N, r, p, 32 bytes) — memory-hard, so a guessed passphrase costs an attacker dearly — and
 * the string alone holds no secret (the parameters and salt can be shared openly; the passphrase by word of mouth).
 * The kid then tells a wrong passphrase at once.
 */
import { createHash, randomBytes, scryptSync } from 'node:crypto';

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

const PASSPHRASE_KEY = /^hkp1\.([A-Za-z0-9_-]{8})\.(\d{1,2})\.(\d{1,2})\.(\d)\.([A-Za-z0-9_-]{22}) (.+)$/s;
/** What `herald keygen --passphrase` writes: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per derivation. */
const SCRYPT_DEFAULT = { logN: 15, r: 8, p: 1 };
/** Parameters past this much memory are refused before deriving (a key string from elsewhere cannot exhaust memory). */
const SCRYPT_MAX_BYTES = 256 * 1024 * 1024;
/** Derived passphrase keys, by a hash of the whole line: a key is tried for every sealed message. */
const derived = new Map<string, ParsedKey | { error: KeyStringError }>();
const DERIVED_KEPT = 32;
/** Counts scrypt runs for key lines (not cache hits), so tests can check the cost without timing it. */
export const passphraseDerivations = { count: 0 };

/** The public part of a new passphrase key (random salt, default parameters); the passphrase goes after a space. */
export function generatePassphraseKey(passphrase: string): string {
  const salt = randomBytes(16);
  const { logN, r, p } = SCRYPT_DEFAULT;
  const key = scrypt(passphrase, salt, logN, r, p);
  return `hkp1.${keyIdOf(key)}.${logN}.${r}.${p}.${salt.toString('base64url')}`;
}

function scrypt(passphrase: string, salt: Buffer, logN: number, r: number, p: number): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** logN, r, p, maxmem: SCRYPT_MAX_BYTES + 1024 * 1024 });
}

function parsePassphraseKey(line: string): ParsedKey | { error: KeyStringError } {
  const m = PASSPHRASE_KEY.exec(line);
  if (!m) return { error: 'key_malformed' };
  const [logN, r, p] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (logN < 10 || r < 1 || p < 1 || 128 * r * 2 ** logN * p > SCRYPT_MAX_BYTES) return { error: 'key_malformed' };
  const id = createHash('sha256').update(line).digest('base64url');
  const known = derived.get(id);
  // A copy each time: no caller can change the key bytes another caller (or the cache) holds.
  if (known) return 'error' in known ? known : { kid: known.kid, key: new Uint8Array(known.key) };
  passphraseDerivations.count++;
  const key = scrypt(m[6]!, Buffer.from(m[5]!, 'base64url'), logN, r, p);
  const result = keyIdOf(key) === m[1] ? { kid: m[1]!, key: new Uint8Array(key) } : { error: 'key_check_failed' as const };
  if (derived.size >= DERIVED_KEPT) derived.delete(derived.keys().next().value!);
  derived.set(id, result);
  return 'error' in result ? result : { kid: result.kid, key: new Uint8Array(result.key) };
}

/** Reads a key string; surrounding white space is ignored. The error never repeats the string (it is a secret). */
export function parseKeyString(s: string): ParsedKey | { error: KeyStringError } {
  if (s.trimStart().startsWith('hkp1.')) return parsePassphraseKey(s.trim());
  const m = KEY_STRING.exec(s.trim());
  if (!m) return { error: 'key_malformed' };
  const key = Buffer.from(m[2]!, 'base64url');
  // 43 base64url characters carry 258 bits: the last one must leave the two spare bits zero to be canonical.
  if (key.length !== KEY_BYTES || key.toString('base64url') !== m[2]) return { error: 'key_malformed' };
  if (keyIdOf(key) !== m[1]) return { error: 'key_check_failed' };
  return { kid: m[1]!, key: new Uint8Array(key) };
}
