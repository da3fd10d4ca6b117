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
