/**
 * Every word the renderer shows, in English and Simplified Chinese: the lookup (plurals, parameters, numbers,
 * times, error and connection words). The tables are by area under ./i18n/ — the window's frame, the list and
 * detail, settings, error codes — each typed so a missing translation is a type error rather than an English word
 * in a Chinese window; together they are one key space.
 */
import type { ConnectionState, ErrorInfo } from '../../../shared/connection-state';
import type { UiLanguage } from '../../../shared/language';
import type { Message } from './i18n/message';
import { formatCount, pluralForm } from '../../../shared/count-words';
import * as app from './i18n/words-app';
import { ERROR_WORDS } from '../../../shared/error-words';
import * as items from './i18n/words-items';
import * as settings from './i18n/words-settings';
import * as transfer from './i18n/words-transfer';
import * as views from './i18n/words-views';
import * as rules from './i18n/words-rules';
import * as why from './i18n/words-why';

export type Lang = UiLanguage;

const en = { ...app.en, ...items.en, ...settings.en, ...transfer.en, ...views.en, ...rules.en, ...why.en } as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, Message> = { ...app.zh, ...items.zh, ...settings.zh, ...transfer.zh, ...views.zh, ...rules.zh, ...why.zh };

const TABLES: Record<Lang, Record<MessageKey, Message>> = { en, 'zh-CN': zh };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** One rule for the window and the tray (src/shared/language.ts). */
export { resolveLanguage } from '../../../shared/language';

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const message = TABLES[lang][key];
  const n = params?.n;
  const text = pluralForm(lang, message, typeof n === 'number' ? n : Number(n));
  if (!params) return text;
  // Parameters are plain text, substituted once: a `{x}` inside a value is never expanded again. Numbers are written
  // the reader's way ("100,000").
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

/** A count with the language's digit grouping (one rule with the shell's words: src/shared/count-words.ts). */
export const formatNumber = formatCount;

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/**
 * Server text inside one of our sentences, isolated (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE):
 * a right-to-left override in a title ("Invoice_\u202Efdp.exe") then stays inside the title and cannot reverse
 * the words around it. For strings (aria labels, titles); markup uses <bdi>.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** An error in plain words: the headline comes from the code, never from server text. */
export function errorWords(lang: Lang, error: Pick<ErrorInfo, 'code'>): string {
  return ERROR_WORDS[lang][error.code] ?? ERROR_WORDS[lang].internal;
}

const STATE_KEYS: Record<ConnectionState['kind'], MessageKey> = {
  open: 'conn.open',
  connecting: 'conn.connecting',
  backoff: 'conn.backoff',
  offline: 'conn.offline',
  paused: 'conn.paused',
  failed: 'conn.failed',
  stopped: 'conn.stopped',
};

/** The connection state in a few words, e.g. "已连接" or "Connection failed: the server refused the credentials". */
export function connectionWords(lang: Lang, state: ConnectionState): string {
  if (state.kind === 'failed') return translate(lang, 'conn.failedReason', { reason: errorWords(lang, state.error) });
  return translate(lang, STATE_KEYS[state.kind]);
}

/** A colour family for each state, used as a CSS class ("ok", "warn", "muted", "bad"). */
export type Tone = 'ok' | 'warn' | 'muted' | 'bad';
export function connectionTone(state: ConnectionState): Tone {
  switch (state.kind) {
    case 'open':
      return 'ok';
    case 'connecting':
    case 'backoff':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'muted';
  }
}

/** One formatter per language and shape: building an Intl.DateTimeFormat costs far more than using one. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(lang: Lang, sameDay: boolean): Intl.DateTimeFormat {
  const id = `${lang}|${sameDay ? 'time' : 'date'}`;
  let fmt = timeFormats.get(id);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat(lang, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    timeFormats.set(id, fmt);
  }
  return fmt;
}

/** Dates and times in the reader's language; today's items show only the time. */
export function formatTime(lang: Lang, iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return timeFormat(lang, sameDay).format(d);
}
