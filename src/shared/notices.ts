/**
 * Notices Herald raises itself (not a server's messages): today, "messages may be missing". One table of words in
 * English and Chinese, used by the window, the tray's toasts and the CLI, so all three say the same thing.
 */
import { languageOfLocale, type UiLanguage } from './language';

/** Why events may have been missed for good. */
export const LOSS_REASONS = ['history_exceeded', 'server_changed', 'evicted', 'unknown_cursor', 'skipped_oversized', 'cursor_unusable'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** A possible loss as shown in the list: which source, why, and between which times (when known). */
export interface LossNotice {
  code: 'possible_loss';
  reason: LossReason;
  sourceLabel: string;
  channel?: string;
  /** ISO time of the newest event we had before the hole. */
  from?: string;
  /** ISO time of the first event after it (or when it was noticed). */
  to?: string;
}

export type NoticeLanguage = UiLanguage;

const WORDS = {
  en: {
    title: (s: string) => `Messages from ${s} may be missing`,
    between: (s: string, a: string, b: string) => `Herald may have missed messages from ${s} between ${a} and ${b}.`,
    before: (s: string, b: string) => `Herald may have missed messages from ${s} before ${b}.`,
    after: (s: string, a: string) => `Herald may have missed messages from ${s} after ${a}.`,
    some: (s: string) => `Herald may have missed some messages from ${s}.`,
    line: (s: string, span: string) => `Messages from ${s} may be missing${span}.`,
    spanBetween: (a: string, b: string) => ` between ${a} and ${b}`,
    spanBefore: (b: string) => ` before ${b}`,
    spanAfter: (a: string) => ` after ${a}`,
    reasons: {
      history_exceeded: 'They are older than what the server still keeps.',
      server_changed: 'The server was restarted without its earlier messages.',
      evicted: 'The server dropped them before Herald could read them.',
      unknown_cursor: 'The server did not recognise where Herald left off.',
      skipped_oversized: 'A message was too large to receive and was skipped.',
      cursor_unusable: 'Where Herald left off could not be read or was refused by the server, so it started over from what the server still keeps.',
    } satisfies Record<LossReason, string>,
  },
  'zh-CN': {
    title: (s: string) => `${s} 的消息可能有遗漏`,
    between: (s: string, a: string, b: string) => `Herald 可能漏收了 ${s} 在 ${a} 到 ${b} 之间的消息。`,
    before: (s: string, b: string) => `Herald 可能漏收了 ${s} 在 ${b} 之前的消息。`,
    after: (s: string, a: string) => `Herald 可能漏收了 ${s} 在 ${a} 之后的消息。`,
    some: (s: string) => `Herald 可能漏收了 ${s} 的部分消息。`,
    line: (s: string, span: string) => `${s} 的消息可能有遗漏${span}。`,
    spanBetween: (a: string, b: string) => `（${a} 到 ${b} 之间）`,
    spanBefore: (b: string) => `（${b} 之前）`,
    spanAfter: (a: string) => `（${a} 之后）`,
    reasons: {
      history_exceeded: '这些消息早于服务器保留的范围。',
      server_changed: '服务器重启后丢失了之前的消息。',
      evicted: '服务器在 Herald 读取之前删除了这些消息。',
      unknown_cursor: '服务器无法识别 Herald 上次读到的位置。',
      skipped_oversized: '有一条消息过大，已跳过。',
      cursor_unusable: 'Herald 上次读到的位置无法读取或被服务器拒绝，已从服务器仍保留的消息重新开始。',
    } satisfies Record<LossReason, string>,
  },
} as const;

/** The notice's title and body in one language; times in the reader's locale. */
export function lossNoticeText(n: LossNotice, lang: NoticeLanguage, formatTime: (iso: string) => string = defaultTime(lang)): { title: string; body: string } {
  const w = WORDS[lang];
  const who = whoOf(n);
  const from = n.from ? formatTime(n.from) : null;
  const to = n.to ? formatTime(n.to) : null;
  const when = from && to ? w.between(who, from, to) : to ? w.before(who, to) : from ? w.after(who, from) : w.some(who);
  return { title: w.title(who), body: `${when} ${w.reasons[n.reason]}`.trim() };
}

/**
 * The notice as one line, for the command line: the source (and channel) named once, the span, and why — where the
 * window and the toast have a title and a body.
 */
export function lossNoticeLine(n: LossNotice, lang: NoticeLanguage, formatTime: (iso: string) => string = defaultTime(lang)): string {
  const w = WORDS[lang];
  const who = whoOf(n);
  const from = n.from ? formatTime(n.from) : null;
  const to = n.to ? formatTime(n.to) : null;
  const span = from && to ? w.spanBetween(from, to) : to ? w.spanBefore(to) : from ? w.spanAfter(from) : '';
  return `${w.line(who, span)} ${w.reasons[n.reason]}`;
}

/**
 * The source, and the channel when the source's name does not say it already: a one-channel source's default label
 * is `server (channel)`, and the channel is named once.
 */
function whoOf(n: LossNotice): string {
  if (!n.channel || n.sourceLabel.endsWith(`(${n.channel})`)) return n.sourceLabel;
  return `${n.sourceLabel} (${n.channel})`;
}

function defaultTime(lang: NoticeLanguage): (iso: string) => string {
  return (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang, { dateStyle: 'short', timeStyle: 'medium' });
  };
}

/** The CLI's language from LANG/LC_*: the shared rule (zh_CN.UTF-8, zh-TW, zh read Chinese). */
export const noticeLanguageOf = languageOfLocale;
