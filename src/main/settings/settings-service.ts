/**
 * The settings logic, over a small key-value store (electron-store in the app; memory in tests and the browser
 * harness). Owns: defaults, migrations, validation, and secrets — sealed with the OS cipher when it is available
 * (never plain then), plain with a warning and a notice when it is not. `get()` is the renderer's view: it says
 * whether a token/password is set, never what it is. Only `sourceConfigs()` (main process only) opens secrets.
 *
 *   const settings = new SettingsService({ store: new MemoryStore(), cipher: fakeCipher });
 */
import { Emitter, type Disposable } from '../../core/emitter';
import { silentLogger, type Logger } from '../../core/log';
import type { SourceConfig } from '../../core/source';
import type { KeyValueStore } from '../../core/store';
import type { Notice } from '../../shared/ipc-contract';
import { DEFAULT_SETTINGS, defaultProfile, isAccelerator, type Settings, type SettingsPatch, type SourceInput, type SourceSettings } from '../../shared/settings';
import { AppError, invalidInput } from '../errors';
import { migrateSettings } from './migrations';
import type { SecretCipher } from './secret-cipher';
import { checkProfile, checkSnooze, checkSourceNotifications, readOr } from './validate-notifications';
import { KEYS, type StoredSecret, type StoredSource } from './stored';
import { checkImageSources, checkServerUrl, credentialBinding, isLanguage, isQuietHours, isTransport, SOURCE_ID, validateSettingsPatch, validateSourceInput } from './validate';

export interface SettingsServiceOptions {
  store: KeyValueStore;
  cipher: SecretCipher;
  logger?: Logger;
  /** New source ids (injected so tests get stable ones). */
  newId?: () => string;
  /** Epoch ms, for snoozes (injected so tests drive time). */
  now?: () => number;
}

export const MAX_SOURCES = 20;

export class SettingsService {
  readonly #store: KeyValueStore;
  readonly #cipher: SecretCipher;
  readonly #log: Logger;
  readonly #newId: () => string;
  readonly #now: () => number;
  readonly #notices: Notice[] = [];
  readonly #onDidChange: Emitter<Settings>;
  readonly #onDidChangeSources: Emitter<SourceConfig[]>;
  readonly #onDidAddNotice: Emitter<Notice>;
  #plainWarned = false;

  constructor(options: SettingsServiceOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#log = options.logger ?? silentLogger;
    this.#onDidChange = new Emitter(this.#log);
    this.#onDidChangeSources = new Emitter(this.#log);
    this.#onDidAddNotice = new Emitter(this.#log);
    this.#newId = options.newId ?? (() => `src-${Math.random().toString(36).slice(2, 10)}`);
    this.#now = options.now ?? Date.now;
    const applied = migrateSettings({ store: this.#store, seal: (plain) => this.#seal(plain) });
    for (const m of applied) this.#log.info('settings migrated', { migration: m });
    this.#resealPlainSecrets();
    this.#checkSecretsReadable();
  }

  /** Fires after any change, with the renderer's view. */
  readonly onDidChange = (listener: (s: Settings) => void): Disposable => this.#onDidChange.event(listener);
  /** Fires when sources (or their secrets) changed, with what the client needs. */
  readonly onDidChangeSources = (listener: (s: SourceConfig[]) => void): Disposable => this.#onDidChangeSources.event(listener);

  /** A notice found after start-up (e.g. the first secret saved without encryption). */
  readonly onDidAddNotice = (listener: (n: Notice) => void): Disposable => this.#onDidAddNotice.event(listener);

  /** The renderer's view: no secrets, only hasToken/hasPassword. */
  get(): Settings {
    const s = this.#store;
    const transport = s.get<unknown>(KEYS.transport);
    const quietHours = s.get<unknown>(KEYS.quietHours);
    const language = s.get<unknown>(KEYS.language);
    const bool = (key: string, fallback: boolean): boolean => {
      const v = s.get<unknown>(key);
      return typeof v === 'boolean' ? v : fallback;
    };
    return {
      sources: this.#storedSources().map(toSourceSettings),
      transport: isTransport(transport) ? transport : DEFAULT_SETTINGS.transport,
      quietHours: isQuietHours(quietHours) ? quietHours : { ...DEFAULT_SETTINGS.quietHours },
      sound: bool(KEYS.sound, DEFAULT_SETTINGS.sound),
      startAtLogin: bool(KEYS.startAtLogin, DEFAULT_SETTINGS.startAtLogin),
      startHidden: bool(KEYS.startHidden, DEFAULT_SETTINGS.startHidden),
      language: isLanguage(language) ? language : DEFAULT_SETTINGS.language,
      profile: readOr(() => checkProfile(s.get<unknown>(KEYS.profile)), defaultProfile()),
      sourceNotifications: readOr(() => checkSourceNotifications(s.get<unknown>(KEYS.sourceNotifications)), {}),
      // Lenient on the clock: a snooze read back is kept as stored; the policy ignores it once it is over.
      globalShortcut: ((v) => (typeof v === 'string' && isAccelerator(v) ? v : ''))(s.get<unknown>(KEYS.globalShortcut)),
      imageSources: readOr(() => checkImageSources(s.get<unknown>(KEYS.imageSources) ?? []), []),
      snooze: readOr(() => checkSnooze(s.get<unknown>(KEYS.snooze) ?? { sources: {} }, Number.NEGATIVE_INFINITY), { sources: {} }),
    };
  }

  /** Sources with their secrets opened, for the connection core. Main process only. */
  sourceConfigs(): SourceConfig[] {
    return this.#storedSources().map((s) => this.#toConfig(s));
  }

  /** A source as typed in the settings form (not saved), secrets filled from the saved one when left blank. */
  resolveSource(input: unknown): SourceConfig {
    const valid = validateSourceInput(input);
    const existing = valid.id ? this.#storedSources().find((s) => s.id === valid.id) : undefined;
    const merged = this.#merge(valid, existing, valid.id ?? 'test');
    return this.#toConfig(merged);
  }

  update(input: unknown): Settings {
    const patch: SettingsPatch = validateSettingsPatch(input, this.get().quietHours, this.#now());
    for (const [key, value] of Object.entries(patch)) this.#store.set(key, value);
    if (Object.keys(patch).length > 0) this.#fireChange(false);
    return this.get();
  }

  saveSource(input: unknown): Settings {
    const valid = validateSourceInput(input);
    const sources = this.#storedSources();
    const index = valid.id ? sources.findIndex((s) => s.id === valid.id) : -1;
    if (index < 0 && sources.length >= MAX_SOURCES) throw invalidInput(`at most ${MAX_SOURCES} sources can be configured`);
    const id = valid.id ?? this.#freshId(sources);
    const stored = this.#merge(valid, index >= 0 ? sources[index] : undefined, id);
    if (index >= 0) sources[index] = stored;
    else sources.push(stored);
    this.#store.set(KEYS.sources, sources);
    this.#fireChange(true);
    return this.get();
  }

  removeSource(id: unknown): Settings {
    if (typeof id !== 'string' || !SOURCE_ID.test(id)) throw invalidInput('source id must be 1–64 letters, digits, _ or -');
    const sources = this.#storedSources();
    const next = sources.filter((s) => s.id !== id);
    if (next.length === sources.length) throw new AppError('not_found', `no source "${id}"`);
    this.#store.set(KEYS.sources, next);
    this.#fireChange(true);
    return this.get();
  }

  /** Problems the user should hear about (secrets kept without encryption, a secret that cannot be opened). */
  notices(): Notice[] {
    return this.#notices.slice();
  }

  /** True when secrets are (or would be) kept without OS encryption: the settings page says so. */
  secretsUnencrypted(): boolean {
    return !this.#cipher.isAvailable();
  }

  dispose(): void {
    this.#onDidChange.dispose();
    this.#onDidChangeSources.dispose();
    this.#onDidAddNotice.dispose();
  }

  // —— internals ——

  #fireChange(sources: boolean): void {
    this.#onDidChange.fire(this.get());
    if (sources) this.#onDidChangeSources.fire(this.sourceConfigs());
  }

  #storedSources(): StoredSource[] {
    const raw = this.#store.get<unknown>(KEYS.sources);
    if (!Array.isArray(raw)) return [];
    // Skip (and log) entries a hand edit broke rather than failing the whole app.
    return raw.filter((s): s is StoredSource => {
      const ok = typeof s === 'object' && s !== null && typeof s.id === 'string' && typeof s.kind === 'string' && typeof s.url === 'string';
      if (!ok) this.#log.warn('skipping an unreadable source in settings', { source: JSON.stringify(s).slice(0, 200) });
      return ok;
    });
  }

  #freshId(sources: StoredSource[]): string {
    for (let i = 0; i < 100; i++) {
      const id = this.#newId();
      if (!sources.some((s) => s.id === id)) return id;
    }
    throw new AppError('internal', 'could not make a unique source id');
  }

  /**
   * Apply a form's input over the saved source: undefined secret = keep, '' = remove. A kept secret must have been
   * saved for the same kind, scheme, host and port: anything else is refused (`credentials_address_changed`), so a
   * typo in the host — or a hostile page — can never send a saved token somewhere new.
   */
  #merge(input: SourceInput, existing: StoredSource | undefined, id: string): StoredSource {
    const out: StoredSource = { id, kind: input.kind, url: checkServerUrl(input.url) };
    if (input.label) out.label = input.label;
    if (input.channels) out.channels = input.channels;
    if (input.username) out.username = input.username;
    const binding = credentialBinding(out.kind, out.url);
    const secret = (next: string | undefined, old: StoredSecret | undefined, what: string): StoredSecret | undefined => {
      if (next === '') return undefined;
      if (next !== undefined) return { ...this.#seal(next), for: binding };
      if (old === undefined || existing === undefined) return undefined;
      if (secretBinding(old, existing) !== binding) {
        throw new AppError('credentials_address_changed', `the saved ${what} belongs to another address: enter it again or remove it`);
      }
      return { ...old, for: binding };
    };
    const token = secret(input.token, existing?.token, 'token');
    if (token) out.token = token;
    const password = secret(input.password, existing?.password, 'password');
    if (password) out.password = password;
    return out;
  }

  #seal(plain: string): StoredSecret {
    if (this.#cipher.isAvailable()) return { enc: 'os', data: this.#cipher.encrypt(plain) };
    this.#warnPlain();
    return { enc: 'plain', data: plain };
  }

  #open(secret: StoredSecret | undefined, what: string, source: StoredSource): string | undefined {
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

  #toConfig(s: StoredSource): SourceConfig {
    const config: SourceConfig = { id: s.id, kind: s.kind, url: s.url };
    if (s.label) config.label = s.label;
    if (s.channels) config.channels = s.channels.slice();
    if (s.username) config.username = s.username;
    const token = this.#open(s.token, 'token', s);
    if (token !== undefined) config.token = token;
    const password = this.#open(s.password, 'password', s);
    if (password !== undefined) config.password = password;
    return config;
  }

  /** Secrets saved plainly on a machine that now has encryption (keyring unlocked, migration): seal them now. */
  #resealPlainSecrets(): void {
    const sources = this.#storedSources();
    const hasPlain = sources.some((s) => s.token?.enc === 'plain' || s.password?.enc === 'plain');
    const hasAny = sources.some((s) => s.token !== undefined || s.password !== undefined);
    if (!this.#cipher.isAvailable()) {
      // Saved secrets on a machine without real encryption (incl. Linux's fixed-key basic_text): say so at start.
      if (hasAny) this.#warnPlain();
      return;
    }
    if (!hasPlain) return;
    const sealed = sources.map((s) => {
      const out = { ...s };
      if (s.token?.enc === 'plain') out.token = { ...this.#seal(s.token.data), for: secretBinding(s.token, s) };
      if (s.password?.enc === 'plain') out.password = { ...this.#seal(s.password.data), for: secretBinding(s.password, s) };
      return out;
    });
    this.#store.set(KEYS.sources, sealed);
    this.#log.info('secrets saved without encryption are now encrypted');
  }

  #checkSecretsReadable(): void {
    for (const s of this.#storedSources()) {
      for (const [what, secret] of [['token', s.token], ['password', s.password]] as const) {
        if (secret?.enc === 'os' && this.#open(secret, what, s) === undefined) {
          this.#addNotice({ code: 'auth', message: `The saved ${what} of "${s.label ?? s.url}" cannot be decrypted on this machine; enter it again in Settings.` });
        }
      }
    }
  }

  #addNotice(notice: Notice): void {
    this.#notices.push(notice);
    this.#onDidAddNotice.fire(notice);
  }

  #warnPlain(): void {
    if (this.#plainWarned) return;
    this.#plainWarned = true;
    this.#log.warn('OS encryption is not available: tokens and passwords are saved without encryption');
    this.#addNotice({
      code: 'insecure_storage',
      message: 'This system offers no secure storage, so tokens and passwords are saved without encryption.',
    });
  }
}

/** The binding of the source's current address, or '' when the stored address cannot be parsed. */
function safeBinding(source: Pick<StoredSource, 'kind' | 'url'>): string {
  try {
    return credentialBinding(source.kind, source.url);
  } catch {
    return '';
  }
}

/** What a stored secret is bound to: its own `for`, or (saved before bindings) its source's address. */
function secretBinding(secret: StoredSecret, source: Pick<StoredSource, 'kind' | 'url'>): string {
  return secret.for ?? safeBinding(source);
}

function toSourceSettings(s: StoredSource): SourceSettings {
  const out: SourceSettings = { id: s.id, kind: s.kind, url: s.url, hasToken: s.token !== undefined, hasPassword: s.password !== undefined };
  if (s.label) out.label = s.label;
  if (s.channels) out.channels = s.channels.slice();
  if (s.username) out.username = s.username;
  return out;
}
