/**
 * A source id: what the settings page makes (`src-…`), what a v0 migration made (`default`), and nothing a path or a
 * herald:// link could misuse. One rule for the settings that store it and the links that name it.
 */
export const SOURCE_ID_MAX_CHARS = 64;

export const SOURCE_ID = new RegExp(`^[A-Za-z0-9_-]{1,${SOURCE_ID_MAX_CHARS}}$`);

export function isSourceId(value: unknown): value is string {
  return typeof value === 'string' && SOURCE_ID.test(value);
}
