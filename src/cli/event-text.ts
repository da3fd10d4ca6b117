/**
 * An event as `herald subscribe` prints it without --json: one line for the event, then — for a notification — one
 * indented line each for its tags, the sender's action buttons and an attached file, so a person sees what --json
 * carries. Labels in English or Chinese (the reader's LANG), like the loss warnings (src/shared/notices.ts).
 * Publisher text arrives normalised (no terminal controls); bidi controls, which a terminal does not isolate, are
 * taken out here (withoutFormatControls), as toasts do. A multi-line field (a body, a comment) is printed on its
 * event's line with each line break shown as " ↵ ": a line break printed as such would let a publisher print a line
 * that reads as another event or as an action under this one ("one line per event", `--help`).
 */
import type { HeraldEvent, NotificationAction, NotificationAttachment, NotificationData } from '../shared/events';
import type { UiLanguage } from '../shared/language';
import { withoutFormatControls as t } from '../shared/publisher-text';

/** A multi-line field on one line: its line breaks (line feeds, U+2028, U+2029) shown as " ↵ ". */
const oneLine = (text: string): string => t(text).replace(/[\n\u2028\u2029]/g, ' ↵ ');

const LABELS = {
  en: { tags: 'tags: ', actions: 'actions: ', attachment: 'attachment: ', actionSeparator: '; ', broadcast: 'broadcast' },
  'zh-CN': { tags: '标签：', actions: '操作：', attachment: '附件：', actionSeparator: '；', broadcast: '广播' },
} as const satisfies Record<UiLanguage, Record<string, string>>;

export function formatEvent(e: HeraldEvent, lang: UiLanguage): string {
  const head = `#${e.id} ${e.time}`;
  switch (e.type) {
    case 'notification':
      return [`${head} [P${e.data.priority}] ${t(e.data.title)} — ${oneLine(e.data.body)}${e.data.url ? ` <${t(e.data.url)}>` : ''}`, ...extras(e.data, lang)].join('\n');
    case 'system':
      return `${head} [system/${e.data.level}] ${t(e.data.title)} — ${oneLine(e.data.body)}`;
    case 'new_comment':
      return `${head} comment on ${e.data.itemId} by ${t(e.data.comment.author)}: ${oneLine(e.data.comment.body)}`;
    case 'like_update':
      return `${head} likes on ${e.data.itemId}: ${e.data.likes}`;
    case 'read_update':
      return `${head} read: ${e.data.upTo ? `all up to ${e.data.upTo}` : e.data.itemIds.join(', ')}`;
  }
}

/** The indented lines under a notification: only what it has. */
function extras(d: NotificationData, lang: UiLanguage): string[] {
  const w = LABELS[lang];
  const lines: string[] = [];
  if (d.tags && d.tags.length > 0) lines.push(`  ${w.tags}${d.tags.map(t).join(', ')}`);
  if (d.actions && d.actions.length > 0) lines.push(`  ${w.actions}${d.actions.map((a) => action(a, w.broadcast)).join(w.actionSeparator)}`);
  if (d.attachment) lines.push(`  ${w.attachment}${attachment(d.attachment)}`);
  return lines;
}

/** `Open <url>` (view), `Silence (PUT <url>)` (http), `Take picture (broadcast)`. */
function action(a: NotificationAction, broadcast: string): string {
  switch (a.kind) {
    case 'view':
      return `${t(a.label)} <${t(a.url ?? '')}>`;
    case 'http':
      return `${t(a.label)} (${a.method ?? 'POST'} <${t(a.url ?? '')}>)`;
    case 'broadcast':
      return `${t(a.label)} (${broadcast})`;
  }
}

function attachment(f: NotificationAttachment): string {
  const about = [f.type, f.size === undefined ? undefined : bytes(f.size)].filter((x) => x !== undefined);
  return `${t(f.name)}${about.length > 0 ? ` (${about.map(t).join(', ')})` : ''} <${t(f.url)}>`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
