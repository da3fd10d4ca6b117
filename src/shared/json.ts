/** A parsed JSON value that is an object (not null, not an array): the one guard every reader of JSON uses. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
