/**
 * Sources' tokens, passwords and end-to-end keys at rest: sealed with the OS cipher when it is available (never plain then), plain
 * with one warning and one notice when it is not; each bound to the address it was saved for (kind, scheme, host,
 * port), so it is never sent anywhere else — not after a typo in the host, not after a hand edit of the file.
 */
import type { Logger } from '../../core/base/log';
import type { Notice } from '../../shared/ipc-contract';
import { AppError } from '../errors';
import type { SecretCipher } from './secret-cipher';
import type { StoredSecret, StoredSource } from './stored';
import { credentialBinding } from './validate';

export type SecretName = 'token' | 'password' | 'encryption key';

export class SourceSecrets {
  readonly #cipher: SecretCipher;
  readonly #log: Logger;
  readonly #notice: (n: Notice) => void;
  #plainWarned = false;

  constructor(options: { cipher: SecretCipher; logger: Logger; notice: (n: Notice) => void }) {
    this.#cipher = options.cipher;
    this.#log = options.logger;
    this.#notice = options.notice;
  }

  /** True when secrets are (or would be) kept without OS encryption. */
  get unencrypted(): boolean {
    return !this.#cipher.isAvailable();
  }

  seal(plain: string): StoredSecret {
    if (this.#cipher.isAvailable()) return { enc: 'os', data: this.#cipher.encrypt(plain) };
    this.#warnPlain();
    return { enc: 'plain', data: plain };
  }

  /**
   * A form's secret over the saved one: undefined = keep, '' = remove, text = seal anew for `binding`. A kept secret
   * must have been saved for the same address, or it is refused (`credentials_address_changed`).
   */
  merge(next: string | undefined, old: StoredSecret | undefined, existing: StoredSource | undefined, binding: string, what: SecretName): StoredSecret | undefined {
    if (next === '') return undefined;
    if (next !== undefined) return { ...this.seal(next), for: binding };
    if (old === undefined || existing === undefined) return undefined;
    if (secretBinding(old, existing) !== binding) {
      throw new AppError('credentials_address_changed', `the saved ${what} belongs to another address: enter it again or remove it`);
    }
    return { ...old, for: binding };
  }

  /**
   * A form's end-to-end keys over the saved ones, by `merge`'s rules for each: `next` is ntfy's one encryption
   * password (undefined = keep the saved keys, '' = remove them, text = it alone, sealed anew).
   */
  mergeKeys(next: string | undefined, old: readonly StoredSecret[] | undefined, existing: StoredSource | undefined, binding: string): StoredSecret[] | undefined {
    if (next === '') return undefined;
    if (next !== undefined) return [{ ...this.seal(next), for: binding }];
    const kept = (old ?? []).map((k) => this.merge(undefined, k, existing, binding, 'encryption key')).filter((k) => k !== undefined);
    return kept.length > 0 ? kept : undefined;
  }

  /** The keys that open: one bound elsewhere or unreadable is left out (and logged without its text), not the rest. */
  openKeys(source: StoredSource): string[] {
    return (source.e2eKeys ?? []).map((k) => this.open(k, 'encryption key', source)).filter((k) => k !== undefined);
  }

  /** A saved secret carried over an import: kept only when it was saved for exactly `binding`, else dropped. */
  keptFor(old: StoredSecret | undefined, existing: StoredSource | undefined, binding: string): StoredSecret | undefined {
    if (old === undefined || existing === undefined || secretBinding(old, existing) !== binding) return undefined;
    return { ...old, for: binding };
  }

  /** The plain secret, or undefined when there is none, it is bound to another address, or it cannot be decrypted. */
  open(secret: StoredSecret | undefined, what: SecretName, source: StoredSource): string | undefined {
    if (!secret) return undefined;
    const sourceId = source.id;
    if (secretBinding(secret, source) !== safeBinding(source)) {
      // The file was edited by hand (or by something else): never send a secret to an address it was not saved for.
      this.#log.warn('a saved secret is bound to another address; not using it', { sourceId, what });
      return undefined;
    }
    if (secret.enc === 'plain') return secret.data;
    try {
      return this.#cipher.decrypt(secret.data);
    } catch (err) {
      this.#log.warn('a saved secret cannot be decrypted', { sourceId, what, error: String(err) });
      return undefined;
    }
  }

  /**
   * At start: secrets saved plainly on a machine that now has encryption (keyring unlocked, migration) sealed — the
   * new list, or null when nothing changed. Without encryption, saved secrets are said once.
   */
  resealed(sources: readonly StoredSource[]): StoredSource[] | null {
    const hasPlain = sources.some((s) => secretsOf(s).some(([, secret]) => secret.enc === 'plain'));
    const hasAny = sources.some((s) => secretsOf(s).length > 0);
    if (!this.#cipher.isAvailable()) {
      // Saved secrets on a machine without real encryption (incl. Linux's fixed-key basic_text): say so at start.
      if (hasAny) this.#warnPlain();
      return null;
    }
    if (!hasPlain) return null;
    return sources.map((s) => {
      const out = { ...s };
      if (s.token?.enc === 'plain') out.token = { ...this.seal(s.token.data), for: secretBinding(s.token, s) };
      if (s.password?.enc === 'plain') out.password = { ...this.seal(s.password.data), for: secretBinding(s.password, s) };
      if (s.e2eKeys) out.e2eKeys = s.e2eKeys.map((k) => (k.enc === 'plain' ? { ...this.seal(k.data), for: secretBinding(k, s) } : k));
      return out;
    });
  }

  /** At start: a notice for each sealed secret this machine cannot open. */
  checkReadable(sources: readonly StoredSource[]): void {
    for (const s of sources) {
      for (const [what, secret] of secretsOf(s)) {
        if (secret.enc === 'os' && this.open(secret, what, s) === undefined) {
          this.#notice({ code: 'auth', message: `The saved ${what} of "${s.label ?? s.url}" cannot be decrypted on this machine; enter it again in Settings.` });
        }
      }
    }
  }

  #warnPlain(): void {
    if (this.#plainWarned) return;
    this.#plainWarned = true;
    this.#log.warn('OS encryption is not available: tokens, passwords and encryption keys are saved without encryption');
    this.#notice({
      code: 'insecure_storage',
      message: 'This system offers no secure storage, so tokens, passwords and encryption keys are saved without encryption.',
    });
  }
}

/** Every sealed secret of a source, named as the user would name it. */
function secretsOf(s: StoredSource): Array<[SecretName, StoredSecret]> {
  const out: Array<[SecretName, StoredSecret]> = [];
  if (s.token) out.push(['token', s.token]);
  if (s.password) out.push(['password', s.password]);
  for (const k of s.e2eKeys ?? []) out.push(['encryption key', k]);
  return out;
}

/** The binding of the source's current address, or '' when the stored address cannot be parsed. */
function safeBinding(source: Pick<StoredSource, 'kind' | 'url' | 'fallbackUrls'>): string {
  try {
    return credentialBinding(source.kind, source.url, source.fallbackUrls);
  } catch {
    return '';
  }
}

/** What a stored secret is bound to: its own `for`, or (saved before bindings) its source's address. */
function secretBinding(secret: StoredSecret, source: Pick<StoredSource, 'kind' | 'url' | 'fallbackUrls'>): string {
  return secret.for ?? safeBinding(source);
}
