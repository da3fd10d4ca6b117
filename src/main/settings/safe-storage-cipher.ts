/** SecretCipher over Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Call after `app` is ready. */
import { safeStorage } from 'electron';
import { silentLogger, type Logger } from '../../core/log';
import type { SecretCipher } from './secret-cipher';

export function createSafeStorageCipher(logger: Logger = silentLogger): SecretCipher {
  let warnedWeak = false;
  return {
    isAvailable() {
      const ok = safeStorage.isEncryptionAvailable();
      if (ok && process.platform === 'linux' && !warnedWeak) {
        // 'basic_text' means Chromium's fixed key: better than plain text, but not a real keyring.
        const backend = safeStorage.getSelectedStorageBackend?.();
        if (backend === 'basic_text') {
          warnedWeak = true;
          logger.warn('no desktop keyring found: secrets are only obfuscated (safeStorage backend basic_text)');
        }
      }
      return ok;
    },
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  };
}
