/**
 * ntfy's subscribe filters (docs.ntfy.sh "Filter messages"): query parameters the server applies to every answer —
 * the stream, a poll and a read of its cache alike. One rulebook for the CLI's `--filter key=value`, `--sources` and
 * the app's settings.
 *
 * - `priority`: a comma list of 1–5 or min, low, default, high, max, urgent (any of them matches);
 * - `tags`: a comma list (all of them must be on the message);
 * - `title`, `message`: the exact text; `id`: one message id;
 * - `scheduled`: `1` also shows messages scheduled for later (ntfy hides them until they are due).
 */
export const NTFY_FILTER_KEYS = ['priority', 'tags', 'title', 'message', 'id', 'scheduled'] as const;
export type NtfyFilterKey = (typeof NTFY_FILTER_KEYS)[number];
export type NtfyFilters = Partial<Record<NtfyFilterKey, string>>;

const PRIORITY = /^(?:[1-5]|min|low|default|high|max|urgent)$/;
const TEXT_MAX = 1000;
const CONTROL = /[\u0000-\u001f\u007f]/;

function isFilterKey(key: string): key is NtfyFilterKey {
  return (NTFY_FILTER_KEYS as readonly string[]).includes(key);
}

function listOk(value: string, item: (part: string) => boolean): boolean {
  const parts = value.split(',').map((p) => p.trim());
  return parts.length <= 20 && parts.every((p) => p.length > 0 && item(p));
}

/** Whether ntfy would read `value` as meant for `key` (a refused filter would make it answer 400 on every request). */
export function isNtfyFilterValue(key: NtfyFilterKey, value: string): boolean {
  if (value.length === 0 || value.length > TEXT_MAX || CONTROL.test(value)) return false;
  switch (key) {
    case 'priority':
      return listOk(value, (p) => PRIORITY.test(p));
    case 'tags':
      return listOk(value, (p) => p.length <= 100);
    case 'title':
    case 'message':
      return true;
    case 'id':
      return /^[A-Za-z0-9]{1,64}$/.test(value);
    case 'scheduled':
      return value === '1';
  }
}

export type FilterProblem = { kind: 'unknown_key'; key: string } | { kind: 'bad_value'; key: NtfyFilterKey } | { kind: 'not_key_value'; text: string };

/** `key=value` texts (the CLI's repeated `--filter`) into filters; the first problem refuses them all. */
export function parseNtfyFilterArgs(texts: readonly string[]): { ok: true; filters: NtfyFilters } | { ok: false; problem: FilterProblem } {
  const pairs: Array<[string, string]> = [];
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) return { ok: false, problem: { kind: 'not_key_value', text } };
    pairs.push([text.slice(0, eq).trim(), text.slice(eq + 1)]);
  }
  return checkNtfyFilters(Object.fromEntries(pairs));
}

/** An object of filters as stored (settings, `--sources`): every key known, every value one ntfy reads. */
export function checkNtfyFilters(raw: Record<string, unknown>): { ok: true; filters: NtfyFilters } | { ok: false; problem: FilterProblem } {
  const filters: NtfyFilters = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!isFilterKey(key)) return { ok: false, problem: { kind: 'unknown_key', key } };
    if (typeof value !== 'string' || !isNtfyFilterValue(key, value)) return { ok: false, problem: { kind: 'bad_value', key } };
    filters[key] = value;
  }
  return { ok: true, filters };
}
