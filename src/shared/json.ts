/** A parsed JSON value that is an object (not null, not an array): the one guard every reader of JSON uses. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The value a record holds under `key` itself, never one every object inherits: records keyed by the user's ids
 * (source ids, digests) must not answer `constructor`, `toString` or `__proto__` with Object's own members.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Set `record[key]` as the record's own property whatever the key: assigning `__proto__` would replace the record's
 * prototype instead (and the entry would vanish from it). For records keyed by ids that come from files and windows.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
