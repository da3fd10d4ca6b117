/**
 * The one JWE shape both modes use: compact serialization, `{"alg":"dir","enc":"A256GCM"}` (RFC 7516; ntfy#69's
 * accepted design), with `kid` in the protected header for Herald's envelope. Encryption and decryption are jose's;
 * this file only recognises the shape (cheaply, before any key is touched) and picks which keys to try.
 */
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';

/** A JWE larger than this is refused unread: the largest event a stream takes (src/shared/actions.ts LIMITS). */
export const MAX_JWE_CHARS = 256 * 1024;
/** More keys than anyone rotates through: the rest are not tried, so a hostile message costs a bounded number of tries. */
export const MAX_KEYS_TRIED = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

/** Counts decryption attempts (one per key tried), so tests can bound a hostile message's cost without timing it. */
export const jweAttempts = { count: 0 };

export interface ContentKey {
  /** Herald keys have one; ntfy's derived keys do not. */
  kid?: string;
  key: Uint8Array;
}

/**
 * The protected header of a JWE compact string Herald can open, or null: five base64url parts, an empty encrypted
 * key (dir), a 96-bit IV (16 characters), a 128-bit tag (22), and a header saying alg dir / enc A256GCM. Never throws.
 */
export function sealedHeader(text: unknown): { kid?: string } | null {
  if (typeof text !== 'string' || text.length > MAX_JWE_CHARS) return null;
  const parts = text.split('.', 6);
  if (parts.length !== 5 || parts[1] !== '' || parts[2]!.length !== 16 || parts[4]!.length !== 22) return null;
  if (!parts.every((p) => B64URL.test(p))) return null;
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (header.alg !== 'dir' || header.enc !== 'A256GCM') return null;
  // jose refuses `zip` and unknown `crit` members when it decrypts; refusing here keeps "recognised" and "openable" one.
  if (header.zip !== undefined || header.crit !== undefined) return null;
  return typeof header.kid === 'string' ? { kid: header.kid } : {};
}

/** Encrypts `plaintext` (UTF-8) for `key`; `kid` goes into the protected header when given. */
export async function sealJwe(plaintext: string, key: ContentKey): Promise<string> {
  const header: { alg: 'dir'; enc: 'A256GCM'; kid?: string } = { alg: 'dir', enc: 'A256GCM' };
  if (key.kid !== undefined) header.kid = key.kid;
  return new CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader(header).encrypt(key.key);
}

/**
 * The plaintext, or null when no key opens it (wrong key, tampered, unknown kid, not a JWE). A message with a `kid`
 * is tried only with the key of that kid; one without, with each key in turn (ntfy's passwords). Never rejects.
 */
export async function openJwe(jwe: string, keys: readonly ContentKey[]): Promise<Uint8Array | null> {
  const header = sealedHeader(jwe);
  if (header === null) return null;
  const candidates = (header.kid === undefined ? keys : keys.filter((k) => k.kid === header.kid)).slice(0, MAX_KEYS_TRIED);
  for (const k of candidates) {
    jweAttempts.count++;
    try {
      const { plaintext } = await compactDecrypt(jwe, k.key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      return plaintext;
    } catch {
      // The tag did not verify with this key: try the next one.
    }
  }
  return null;
}
