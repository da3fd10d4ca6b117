/**
 * Encryption of tokens and passwords at rest. The app backs it with Electron's safeStorage (OS keychain);
 * tests and the browser harness pass a fake. Strings in, base64 strings out.
 */
export interface SecretCipher {
  /** False when the OS offers no encryption (e.g. Linux without a keyring): secrets are then kept plainly. */
  isAvailable(): boolean;
  encrypt(plain: string): string;
  /** Throws when the data cannot be decrypted (another machine, a reset keyring). */
  decrypt(data: string): string;
}

/** A cipher that never encrypts: for the CLI-like harnesses where no keychain exists. */
export const unavailableCipher: SecretCipher = {
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('encryption is not available');
  },
  decrypt: () => {
    throw new Error('encryption is not available');
  },
};
