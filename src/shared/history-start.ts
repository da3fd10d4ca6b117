/**
 * Where a source with no saved position starts: `herald subscribe --since all|<duration>|<id>` and the sources'
 * `since` in `--sources`. One reading of the text for every place that takes it.
 *
 * - `now`: only what arrives from now on (the CLI's default; the app's "new only");
 * - `all`: everything the server still keeps;
 * - a duration, `<n>s|m|h|d` (`90s`, `30m`, `1h`, `7d`): what arrived in that span before the run started;
 * - anything else of id characters: an event id (Herald) or message id (ntfy); the run starts after it.
 *   Digits alone are an id, never a duration (and `1h30m` neither: it is refused, one unit only); ntfy reads them as a unix time, as its own `since=` does.
 */
export type HistoryStart = { kind: 'now' } | { kind: 'all' } | { kind: 'ago'; seconds: number } | { kind: 'id'; id: string };

const UNITS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNITS;
/** A year and a day: further back than any server we speak to keeps. */
export const MAX_AGO_SECONDS = 366 * 86_400;
const DURATION = /^(\d{1,8})([smhd])$/;
/** `1h30m` and the like: meant as a span, so never taken for an id. */
const SPANS = /^(\d+[smhd])+$/;
/** Herald ids (digits, or any string up to the protocol's length) and ntfy ids (12 letters and digits). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** The start `text` names, or null when it names none (the caller says how to write one). */
export function parseHistoryStart(text: string): HistoryStart | null {
  const t = text.trim();
  if (t === 'all' || t === 'now') return { kind: t };
  const d = DURATION.exec(t);
  if (d) {
    const seconds = Number(d[1]) * UNITS[d[2] as Unit];
    return seconds > 0 && seconds <= MAX_AGO_SECONDS ? { kind: 'ago', seconds } : null;
  }
  return ID.test(t) && !SPANS.test(t) ? { kind: 'id', id: t } : null;
}

/** The shortest text that reads back as `start` (a duration in its largest whole unit). */
export function formatHistoryStart(start: HistoryStart): string {
  if (start.kind === 'all' || start.kind === 'now') return start.kind;
  if (start.kind === 'id') return start.id;
  const unit = (Object.keys(UNITS) as Unit[]).find((u) => start.seconds % UNITS[u] === 0) ?? 's';
  return `${start.seconds / UNITS[unit]}${unit}`;
}

/** The server time (unix seconds) a duration reaches back to from `nowMs`. */
export function startSecond(start: { seconds: number }, nowMs: number): number {
  return Math.max(0, Math.floor(nowMs / 1000) - start.seconds);
}
