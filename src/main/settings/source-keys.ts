/**
 * A Herald or Nchan source's end-to-end keys, changed one at a time from Settings: paste one, generate one (main
 * makes it; the window never holds it), remove one, copy one (main writes it to the clipboard). The keys are secrets
 * like tokens (./source-secrets.ts: sealed, bound to the source's address). The newest key comes first: it is the
 * one that publishes (`SourceConfig.e2eKeys`); all are tried to open. ntfy's one encryption password is a form field
 * instead (SourceInput.e2ePassword), since ntfy derives its key from it per topic.
 */
import { generateHeraldKey, parseKeyString } from '../../core/e2e/index';
import type { StoredSource } from './stored';
import type { SourceSecrets } from './source-secrets';
import { AppError, invalidInput } from '../errors';
import { SETTINGS_LIMITS, SOURCE_ID } from './limits';
import { credentialBinding } from './validate';

/** What main needs of the core's key strings. */
export interface E2eKeyTools {
  /** A fresh random key string, as `herald keygen` prints it. */
  generate(): string;
  /** True when `text` is a key string Herald can open messages with. */
  isKey(text: string): boolean;
}

/** The core's own key strings (src/core/e2e): what the app uses. */
export const heraldKeyTools: E2eKeyTools = {
  generate: generateHeraldKey,
  isKey: (text) => !('error' in parseKeyString(text)),
};

export function checkSourceId(id: unknown): string {
  if (typeof id !== 'string' || !SOURCE_ID.test(id)) throw invalidInput('source id must be 1–64 letters, digits, _ or -');
  return id;
}

/** The index of a saved key: an integer the source has. */
export function checkKeyIndex(index: unknown, source: StoredSource): number {
  const count = source.e2eKeys?.length ?? 0;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) throw invalidInput(`key number must be from 0 to ${Math.max(0, count - 1)}`);
  return index;
}

/** The source's keys with `key` first. Herald and Nchan only; the same key twice is refused, as is an 11th key. */
export function withKeyAdded(source: StoredSource, key: unknown, tools: E2eKeyTools, secrets: SourceSecrets): StoredSource {
  if (source.kind === 'ntfy') throw invalidInput('an ntfy source has an encryption password, not keys');
  // Never echo the text: it may be a key pasted into the wrong place.
  if (typeof key !== 'string' || key.length > SETTINGS_LIMITS.secretLength) throw invalidInput('an encryption key must be a string as herald keygen prints it');
  const text = key.trim();
  if (!tools.isKey(text)) throw invalidInput('this is not an encryption key as herald keygen prints it');
  const saved = source.e2eKeys ?? [];
  if (saved.length >= SETTINGS_LIMITS.e2eKeysPerSource) throw invalidInput(`a source keeps at most ${SETTINGS_LIMITS.e2eKeysPerSource} keys: remove an old one first`);
  if (secrets.openKeys(source).includes(text)) throw invalidInput('this key is already saved for the source');
  const sealed = { ...secrets.seal(text), for: credentialBinding(source.kind, source.url, source.fallbackUrls) };
  return { ...source, e2eKeys: [sealed, ...saved] };
}

export function withKeyRemoved(source: StoredSource, index: number): StoredSource {
  const keys = (source.e2eKeys ?? []).filter((_, i) => i !== index);
  const out: StoredSource = { ...source };
  if (keys.length > 0) out.e2eKeys = keys;
  else delete out.e2eKeys;
  return out;
}

/** The plain key at `index`, for the clipboard: refused when it is bound elsewhere or cannot be opened here. */
export function openKey(source: StoredSource, index: number, secrets: SourceSecrets): string {
  const plain = secrets.open(source.e2eKeys?.[index], 'encryption key', source);
  if (plain === undefined) throw new AppError('credentials_address_changed', 'this key cannot be used here: remove it and add it again');
  return plain;
}
