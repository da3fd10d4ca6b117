/**
 * The settings logic, over a small key-value store (electron-store in the app; memory in tests and the browser
 * harness). Owns: defaults, the start-up repair (./repair.ts), migrations, validation, and the sources' secrets
 * (./source-secrets.ts: sealed with the OS cipher when it is available, bound to their address). `get()` is the
 * renderer's view: it says whether a token/password is set, never what it is. Only `sourceConfigs()` (main process
 * only) opens secrets.
 *
 *   const settings = new SettingsService({ store: new MemoryStore(), cipher: fakeCipher });
 */
import { Emitter, type Disposable } from '../../core/base/emitter';
import { silentLogger, type Logger } from '../../core/base/log';
import type { SourceConfig } from '../../core/source';
import type { KeyValueStore } from '../../core/store';
import type { Notice } from '../../shared/ipc-contract';
import type { ImportChange } from '../../shared/settings-transfer';
import type { Settings, SettingsPatch, SourceInput, SourceSettings } from '../../shared/settings';
import { AppError, invalidInput } from '../errors';
import { FIELD_NAMES, readField } from './fields';
import { SETTINGS_LIMITS } from './limits';
import { migrateSettings, writtenByNewerHerald } from './migrations';
import { repairSettings, type RepairReport } from './repair';
import type { SecretCipher } from './secret-cipher';
import { SourceSecrets } from './source-secrets';
import { checkKeyIndex, checkSourceId, heraldKeyTools, openKey, withKeyAdded, withKeyRemoved } from './source-keys';
import { KEYS, type StoredSecret, type StoredSource } from './stored';
import { importChanges, type CheckedImport } from './settings-transfer';
import { parseHistoryStart } from '../../shared/history-start';
import { readSources } from './stored-sources';
import { checkServerUrl, credentialBinding, validateSettingsPatch, validateSourceInput } from './validate';

export interface SettingsServiceOptions {
  store: KeyValueStore;
  cipher: SecretCipher;
  logger?: Logger;
  /** New source ids (injected so tests get stable ones). */
  newId?: () => string;
  /** Epoch ms, for snoozes (injected so tests drive time). */
  now?: () => number;
  /** Where the store keeps its file, for the notices of the start-up repair. */
  path?: string;
}

const MAX_SOURCES = SETTINGS_LIMITS.sources;

export class SettingsService {
  readonly #store: KeyValueStore;
  readonly #secrets: SourceSecrets;
  readonly #log: Logger;
  readonly #newId: () => string;
  readonly #now: () => number;
  /** The settings file, named in the repair's notices (absent for a store in memory). */
  readonly #path: { path?: string };
  readonly #notices: Notice[] = [];
  readonly #onDidChange: Emitter<Settings>;
  readonly #onDidChangeSources: Emitter<SourceConfig[]>;
  readonly #onDidAddNotice: Emitter<Notice>;

  constructor(options: SettingsServiceOptions) {
    this.#store = options.store;
    this.#log = options.logger ?? silentLogger;
    this.#secrets = new SourceSecrets({ cipher: options.cipher, logger: this.#log, notice: (n) => this.#addNotice(n) });
    this.#onDidChange = new Emitter(this.#log);
    this.#onDidChangeSources = new Emitter(this.#log);
    this.#onDidAddNotice = new Emitter(this.#log);
    this.#newId = options.newId ?? (() => `src-${Math.random().toString(36).slice(2, 10)}`);
    this.#now = options.now ?? Date.now;
    this.#path = options.path === undefined ? {} : { path: options.path };
    const writable = !writtenByNewerHerald(this.#store.get<unknown>(KEYS.version));
    // Repaired before the migrations (they read the stored values as their types) and again after them: a migration
    // carries an older file's values over without the rules (a v0 `serverUrl` the rules refuse becomes a source), and
    // what it wrote must be judged at this start, not set aside at the next one.
    const before = repairSettings(this.#store, { writable });
    const applied = migrateSettings({ store: this.#store, seal: (plain) => this.#secrets.seal(plain) });
    for (const m of applied) this.#log.info('settings migrated', { migration: m });
    const after = applied.length > 0 ? repairSettings(this.#store, { writable }) : { resetFields: [], setAsideSources: 0 };
    this.#tellRepair(
      { resetFields: [...new Set([...before.resetFields, ...after.resetFields])], setAsideSources: before.setAsideSources + after.setAsideSources },
      writable,
    );
    const resealed = this.#secrets.resealed(this.#storedSources());
    if (resealed) {
      this.#writeSources(resealed);
      this.#log.info('secrets saved without encryption are now encrypted');
    }
    this.#secrets.checkReadable(this.#storedSources());
  }

  /** Fires after any change, with the renderer's view. */
  readonly onDidChange = (listener: (s: Settings) => void): Disposable => this.#onDidChange.event(listener);
  /** Fires when sources (or their secrets) changed, with what the client needs. */
  readonly onDidChangeSources = (listener: (s: SourceConfig[]) => void): Disposable => this.#onDidChangeSources.event(listener);

  /** A notice found after start-up (e.g. the first secret saved without encryption). */
  readonly onDidAddNotice = (listener: (n: Notice) => void): Disposable => this.#onDidAddNotice.event(listener);

  /** The renderer's view: no secrets, only hasToken/hasPassword. */
  get(): Settings {
    const fields = Object.fromEntries(FIELD_NAMES.map((name) => [name, readField(name, this.#store.get<unknown>(name))]));
    return { ...(fields as Omit<Settings, 'sources'>), sources: this.#storedSources().map(toSourceSettings) };
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
    this.#writeSources(sources);
    this.#fireChange(true);
    return this.get();
  }

  removeSource(id: unknown): Settings {
    const sourceId = checkSourceId(id);
    const sources = this.#storedSources();
    const next = sources.filter((s) => s.id !== sourceId);
    if (next.length === sources.length) throw new AppError('not_found', `no source "${sourceId}"`);
    this.#writeSources(next);
    this.#fireChange(true);
    return this.get();
  }

  /** Save a pasted key string for a Herald or Nchan source (first: the one that publishes). */
  addSourceKey(id: unknown, key: unknown): Settings {
    return this.#changeSource(id, (s) => withKeyAdded(s, key, heraldKeyTools, this.#secrets));
  }

  /** Make a new key and save it; the window never receives it (it may ask main to copy it: `sourceKey`). */
  generateSourceKey(id: unknown): Settings {
    return this.#changeSource(id, (s) => withKeyAdded(s, heraldKeyTools.generate(), heraldKeyTools, this.#secrets));
  }

  removeSourceKey(id: unknown, index: unknown): Settings {
    return this.#changeSource(id, (s) => withKeyRemoved(s, checkKeyIndex(index, s)));
  }

  /** A saved key in plain text, for main to put on the clipboard. Main process only: never sent to the window. */
  sourceKey(id: unknown, index: unknown): string {
    const source = this.#storedSources().find((s) => s.id === checkSourceId(id));
    if (!source) throw new AppError('not_found', 'no such source');
    return openKey(source, checkKeyIndex(index, source), this.#secrets);
  }

  /** What applying a checked import file would change (./settings-transfer.ts). */
  previewImport(checked: CheckedImport): ImportChange[] {
    return importChanges(this.get(), checked, (input, secret) => (secret === 'keys' ? this.#keptKeys(input) : this.#keptSecret(input, secret)) !== undefined);
  }

  /**
   * Apply a checked import file: its settings, and its sources in place of these. A saved secret stays only with the
   * same source at the same address; every other one is entered again (the file never carries any).
   */
  applyImport(checked: CheckedImport): Settings {
    const sources = checked.sources.map(({ input }) => {
      const out = this.#merge({ ...input, token: '', password: '' }, undefined, input.id);
      const token = this.#keptSecret(input, 'token');
      if (token) out.token = token;
      const password = this.#keptSecret(input, 'password');
      if (password) out.password = password;
      const keys = this.#keptKeys(input);
      if (keys) out.e2eKeys = keys;
      return out;
    });
    for (const [key, value] of Object.entries(checked.fields)) this.#store.set(key, value);
    this.#writeSources(sources);
    this.#fireChange(true);
    return this.get();
  }

  /** Problems the user should hear about (secrets kept without encryption, a secret that cannot be opened). */
  notices(): Notice[] {
    return this.#notices.slice();
  }

  /** True when secrets are (or would be) kept without OS encryption: the settings page says so. */
  secretsUnencrypted(): boolean {
    return this.#secrets.unencrypted;
  }

  dispose(): void {
    this.#onDidChange.dispose();
    this.#onDidChangeSources.dispose();
    this.#onDidAddNotice.dispose();
  }

  // —— internals ——

  #changeSource(id: unknown, change: (s: StoredSource) => StoredSource): Settings {
    const sourceId = checkSourceId(id);
    const sources = this.#storedSources();
    const index = sources.findIndex((s) => s.id === sourceId);
    if (index < 0) throw new AppError('not_found', 'no such source');
    sources[index] = change(sources[index]!);
    this.#writeSources(sources);
    this.#fireChange(true);
    return this.get();
  }

  #fireChange(sources: boolean): void {
    this.#onDidChange.fire(this.get());
    if (sources) this.#onDidChangeSources.fire(this.sourceConfigs());
  }

  /** The sources in use: those the rules accept (./stored-sources.ts); the start-up repair set the others aside. */
  #storedSources(): StoredSource[] {
    return readSources(this.#store.get<unknown>(KEYS.sources)).active;
  }

  /** Write the sources in use, keeping every stored entry not in use (a newer Herald's, in a file we only read). */
  #writeSources(sources: StoredSource[]): void {
    const { rest } = readSources(this.#store.get<unknown>(KEYS.sources));
    this.#store.set(KEYS.sources, [...sources, ...rest]);
  }

  /**
   * One refused field or source must not cost the rest of the file: each is set aside alone and the user hears of
   * it. A file from a newer Herald is repaired only in memory (the migrations' rule: never write a downgrade).
   */
  #tellRepair(report: RepairReport, writable: boolean): void {
    // Where the refused values are kept: under `setAside` in this file (a newer Herald's file keeps them in place).
    const keptAt = writable ? this.#path : {};
    if (report.resetFields.length > 0) {
      this.#log.warn('settings the rules refuse read as their defaults', { fields: report.resetFields, keptInFile: writable });
      this.#notices.push({ code: 'setting_reset', message: `Settings reset to their defaults: ${report.resetFields.join(', ')}.`, ...keptAt });
    }
    if (report.setAsideSources > 0) {
      this.#log.warn('saved sources not used', { count: report.setAsideSources, keptInFile: writable });
      this.#notices.push({ code: 'source_set_aside', message: `${report.setAsideSources} saved source(s) could not be used and were set aside.`, ...keptAt });
    }
  }

  #freshId(sources: StoredSource[]): string {
    for (let i = 0; i < 100; i++) {
      const id = this.#newId();
      if (!sources.some((s) => s.id === id)) return id;
    }
    throw new AppError('internal', 'could not make a unique source id');
  }

  /** A form's input over the saved source; secrets as ./source-secrets.ts `merge` says (never to a new address). */
  #merge(input: SourceInput, existing: StoredSource | undefined, id: string): StoredSource {
    const out: StoredSource = { id, kind: input.kind, url: checkServerUrl(input.url) };
    if (input.fallbackUrls) out.fallbackUrls = input.fallbackUrls.slice();
    if (input.label) out.label = input.label;
    if (input.channels) out.channels = input.channels;
    if (input.username) out.username = input.username;
    if (input.since) out.since = input.since;
    if (input.ntfyFilters) out.ntfyFilters = { ...input.ntfyFilters };
    const binding = credentialBinding(out.kind, out.url, out.fallbackUrls);
    const token = this.#secrets.merge(input.token, existing?.token, existing, binding, 'token');
    if (token) out.token = token;
    const password = this.#secrets.merge(input.password, existing?.password, existing, binding, 'password');
    if (password) out.password = password;
    // ntfy's password replaces its keys; Herald and Nchan keys change through their own operations and are kept here.
    const e2eKeys = this.#secrets.mergeKeys(out.kind === 'ntfy' ? input.e2ePassword : undefined, existing?.e2eKeys, existing, binding);
    if (e2eKeys) out.e2eKeys = e2eKeys;
    return out;
  }

  #keptSecret(input: SourceInput & { id: string }, secret: 'token' | 'password'): StoredSecret | undefined {
    const existing = this.#storedSources().find((s) => s.id === input.id);
    return this.#secrets.keptFor(existing?.[secret], existing, credentialBinding(input.kind, input.url, input.fallbackUrls));
  }

  /** A source's end-to-end keys kept through an import: only those saved for the same source at the same address. */
  #keptKeys(input: SourceInput & { id: string }): StoredSecret[] | undefined {
    const existing = this.#storedSources().find((s) => s.id === input.id);
    const binding = credentialBinding(input.kind, input.url, input.fallbackUrls);
    const kept = (existing?.e2eKeys ?? []).map((k) => this.#secrets.keptFor(k, existing, binding)).filter((k) => k !== undefined);
    return kept.length > 0 ? kept : undefined;
  }

  #toConfig(s: StoredSource): SourceConfig {
    const config: SourceConfig = { id: s.id, kind: s.kind, url: s.url };
    if (s.fallbackUrls) config.fallbackUrls = s.fallbackUrls.slice();
    if (s.label) config.label = s.label;
    if (s.channels) config.channels = s.channels.slice();
    if (s.username) config.username = s.username;
    const since = s.since === undefined ? null : parseHistoryStart(s.since);
    if (since) config.since = since;
    if (s.ntfyFilters) config.ntfyFilters = { ...s.ntfyFilters };
    const token = this.#secrets.open(s.token, 'token', s);
    if (token !== undefined) config.token = token;
    const password = this.#secrets.open(s.password, 'password', s);
    if (password !== undefined) config.password = password;
    const e2eKeys = this.#secrets.openKeys(s);
    if (e2eKeys.length > 0) config.e2eKeys = e2eKeys;
    return config;
  }

  #addNotice(notice: Notice): void {
    this.#notices.push(notice);
    this.#onDidAddNotice.fire(notice);
  }
}

function toSourceSettings(s: StoredSource): SourceSettings {
  const out: SourceSettings = { id: s.id, kind: s.kind, url: s.url, hasToken: s.token !== undefined, hasPassword: s.password !== undefined };
  if (s.fallbackUrls) out.fallbackUrls = s.fallbackUrls.slice();
  if (s.label) out.label = s.label;
  if (s.channels) out.channels = s.channels.slice();
  if (s.username) out.username = s.username;
  if (s.since) out.since = s.since;
  if (s.ntfyFilters) out.ntfyFilters = { ...s.ntfyFilters };
  // How many, never which: the window shows "2 keys", and asks main to copy one.
  if (s.e2eKeys) out.e2eKeyCount = s.e2eKeys.length;
  return out;
}
