/**
 * SecretCipher over Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Call after `app` is ready.
 *
 * On Linux without a desktop keyring Chromium falls back to the `basic_text` backend: a key hard-coded in Chromium,
 * the same on every machine. That is obfuscation, not encryption, so it counts as *unavailable*: secrets are then
 * saved as plainly as they really are, and the insecure-storage notice tells the user.
 */
import { safeStorage } from 'electron';
import { silentLogger, type Logger } from '../../core/base/log';
import type { SecretCipher } from './secret-cipher';

/** safeStorage backends that are not real encryption (Linux). */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

export function createSafeStorageCipher(logger: Logger = silentLogger, platform: NodeJS.Platform = process.platform): SecretCipher {
  let warnedWeak = false;
  return {
    isAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (platform !== 'linux') return true;
      const backend = safeStorage.getSelectedStorageBackend?.();
      if (backend === undefined || !WEAK_BACKENDS.has(backend)) return true;
      if (!warnedWeak) {
        warnedWeak = true;
        logger.warn('no desktop keyring found: secrets would only be obfuscated, so they count as unencrypted', { backend });
      }
      return false;
    },
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  };
}
