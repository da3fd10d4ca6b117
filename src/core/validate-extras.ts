/**
 * The optional structure of a notification (actions, icon, attachment, markdown flag, expiry; NotificationData in
 * src/shared/events.ts), checked and copied field by field. A part that does not check out is dropped, never the
 * notification itself: the title and body still reach the user. Links survive only as http(s) URLs (the shell opens
 * nothing else, and a `javascript:` URL must never reach a click). Text is normalised at the boundary
 * (src/shared/publisher-text.ts): labels and names are capped; the parts of a request (headers, body) are refused
 * when too long rather than cut, so an `http` action never sends something other than what its sender wrote.
 */
import type { NotificationAction, NotificationAttachment, NotificationData } from '../shared/events';
import { isJsonObject } from '../shared/json';
import { parseHttpUrl } from '../shared/url';
import { publisherText, TEXT_FIELDS, type TextFieldName } from '../shared/publisher-text';

type Obj = Record<string, unknown>;
type Extras = Pick<NotificationData, 'actions' | 'icon' | 'attachment' | 'markdown' | 'expires'>;

const MAX_ACTIONS = 3; // ntfy's own limit
/** Header and extra names, HTTP methods: short words, refused beyond these. */
const MAX_NAME = 200;
const MAX_METHOD = 16;
/** Shown text (labels, names): normalised and capped. */
const shown = (v: unknown, field: TextFieldName): string | undefined => (typeof v === 'string' ? publisherText(v, field) : undefined);
/** A part of a request: refused when longer than `max` (by default its field's cap), else normalised. */
const text = (v: unknown, field: TextFieldName, max: number = TEXT_FIELDS[field].max): string | undefined =>
  typeof v === 'string' && v.length <= max ? publisherText(v, field) : undefined;

/** Only http(s) links travel on. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > TEXT_FIELDS.url.max) return undefined;
  return parseHttpUrl(value.trim())?.href;
}

function isoTime(v: unknown): string | undefined {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isJsonObject(v)) return undefined;
  const entries = Object.entries(v)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0].length <= MAX_NAME && e[1].length <= TEXT_FIELDS.header.max)
    .map(([name, value]): [string, string] => [publisherText(name, 'header'), publisherText(value, 'header')]);
  return entries.length > 0 ? Object.fromEntries(entries.slice(0, 20)) : undefined;
}

function action(v: unknown): NotificationAction | null {
  if (!isJsonObject(v)) return null;
  const label = shown(v.label, 'label');
  if (!label || (v.kind !== 'view' && v.kind !== 'http' && v.kind !== 'broadcast')) return null;
  const a: NotificationAction = { kind: v.kind, label };
  const url = httpUrl(v.url);
  if (v.kind !== 'broadcast' && !url) return null; // a view or http action without a usable URL does nothing
  if (url && v.kind !== 'broadcast') a.url = url;
  if (v.kind === 'http') {
    const method = text(v.method, 'header', MAX_METHOD);
    if (method && /^[A-Za-z]+$/.test(method)) a.method = method.toUpperCase();
    const headers = stringMap(v.headers);
    if (headers) a.headers = headers;
    const body = text(v.body, 'requestBody');
    if (body !== undefined) a.body = body;
  }
  if (v.kind === 'broadcast') {
    const intent = text(v.intent, 'label');
    if (intent) a.intent = intent;
    const extras = stringMap(v.extras);
    if (extras) a.extras = extras;
  }
  if (typeof v.clear === 'boolean') a.clear = v.clear;
  return a;
}

function attachment(v: unknown): NotificationAttachment | undefined {
  if (!isJsonObject(v)) return undefined;
  const url = httpUrl(v.url);
  if (!url) return undefined;
  const a: NotificationAttachment = { name: shown(v.name, 'label') || url, url };
  const type = text(v.type, 'label');
  if (type) a.type = type;
  if (typeof v.size === 'number' && Number.isSafeInteger(v.size) && v.size >= 0) a.size = v.size;
  const expires = isoTime(v.expires);
  if (expires) a.expires = expires;
  return a;
}

/** The checked copy of whatever optional structure `data` carries (fields that fail are left out). */
export function notificationExtras(data: Obj): Extras {
  return addNotificationExtras({}, data);
}

/** The same, written into `out` (a validated event's data: no object of its own per event). */
export function addNotificationExtras<T extends Extras>(out: T, data: Obj): T {
  if (Array.isArray(data.actions)) {
    const actions = data.actions.map(action).filter((a): a is NotificationAction => a !== null).slice(0, MAX_ACTIONS);
    if (actions.length > 0) out.actions = actions;
  }
  const icon = httpUrl(data.icon);
  if (icon) out.icon = icon;
  const file = attachment(data.attachment);
  if (file) out.attachment = file;
  // ntfy's flag, or Herald's `format: "markdown"` (docs/PROTOCOL.md): one flag for the displays.
  if (data.markdown === true || data.format === 'markdown') out.markdown = true;
  const expires = isoTime(data.expires);
  if (expires) out.expires = expires;
  return out;
}
