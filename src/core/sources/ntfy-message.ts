/**
 * ntfy's JSON message (docs.ntfy.sh "JSON message format") → Herald events. ntfy sends one JSON object per SSE
 * `data:` line or per `/json` line, with `event` one of open, keepalive, message (and newer servers' extras, which we
 * skip). Only `message` events become notifications.
 */
import { STREAM_LIMITS } from '../../shared/stream-limits';
import { isOversizedData } from '../transports/sse-framing';
import { validateEvent, type Validated } from '../validate-event';
import { httpUrl } from '../validate-extras';
import { sealedHeader } from '../e2e/jwe';
import { sealedEvent } from '../e2e/sealed';

export type NtfyFrame =
  /**
   * `time`: the server's clock for the message (unix seconds; 0 when absent). `cached`: the server keeps it (it
   * says when it expires); a message sent with `Cache: no` does not, and cannot anchor a resume check.
   */
  | { kind: 'message'; id: string; time: number; cached: boolean; event: Validated }
  /** open / keepalive: a sign of life; `time` is the server's clock (unix seconds). */
  | { kind: 'control'; event: string; time: number | null }
  | { kind: 'bad'; reason: string };

type Obj = Record<string, unknown>;

/** ntfy message ids: random letters and digits (12 today, 10 on older servers). */
export function isNtfyId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9]{6,64}$/.test(value);
}

export function parseNtfyFrame(text: string): NtfyFrame {
  if (text.length > STREAM_LIMITS.ntfy.sse.event || isOversizedData(text)) return { kind: 'bad', reason: 'ntfy message too large' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'ntfy message is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'bad', reason: 'ntfy message is not an object' };
  const m = value as Obj;
  const event = typeof m.event === 'string' ? m.event : '';
  if (event !== 'message') return { kind: 'control', event, time: unixSeconds(m.time) === undefined ? null : (m.time as number) };
  if (!isNtfyId(m.id)) return { kind: 'bad', reason: 'ntfy message without a usable id' };
  const time = unixSeconds(m.time) === undefined ? 0 : (m.time as number);
  return { kind: 'message', id: m.id, time, cached: typeof m.expires === 'number', event: toHeraldEvent(m) };
}

/**
 * Field mapping: title → title (default: the topic), message → body, priority 1–5 (default 3), tags → tags,
 * click → url (http/https only; else the first `view` action's URL, else an attachment's URL). ntfy's structure is
 * kept, not flattened: actions (view / http / broadcast), icon, attachment, the markdown flag (`content_type:
 * text/markdown`) and expiry travel as NotificationData fields, checked by the core (validate-extras.ts).
 * Event and item id: `<topic>:<message id>`.
 *
 * An encrypted message (its `message` is a JWE compact string, or the server marks it `encoding: "jwe"`; ntfy#69) is
 * handed on sealed, its ciphertext beside it (src/core/e2e/sealed.ts); the client opens it with the topic password.
 */
export function toHeraldEvent(m: Obj): Validated {
  const topic = typeof m.topic === 'string' && m.topic !== '' ? m.topic : 'ntfy';
  const eventId = `${topic}:${String(m.id)}`;
  const time = new Date(unixSeconds(m.time) ?? 0).toISOString();
  if (sealedHeader(m.message) !== null || m.encoding === 'jwe') return sealedNtfyEvent(m, eventId, time);
  const actions = Array.isArray(m.actions) ? m.actions.filter((a): a is Obj => typeof a === 'object' && a !== null) : [];
  const tags = Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === 'string') : [];
  const viewUrl = actions.find((a) => a.action === 'view')?.url;
  const file = typeof m.attachment === 'object' && m.attachment !== null ? (m.attachment as Obj) : undefined;
  const url = httpUrl(m.click) ?? httpUrl(viewUrl) ?? httpUrl(file?.url);
  const data: Obj = {
    itemId: eventId,
    title: typeof m.title === 'string' && m.title.trim() !== '' ? m.title : topic,
    body: typeof m.message === 'string' ? m.message : '',
    priority: typeof m.priority === 'number' && Number.isInteger(m.priority) && m.priority >= 1 && m.priority <= 5 ? m.priority : 3,
  };
  if (url) data.url = url;
  if (tags.length > 0) data.tags = tags;
  if (actions.length > 0) data.actions = actions.map((a) => ({ ...a, kind: a.action }));
  if (m.icon !== undefined) data.icon = m.icon;
  if (file) data.attachment = { ...file, expires: isoOf(file.expires) };
  if (m.content_type === 'text/markdown') data.markdown = true;
  if (m.expires !== undefined) data.expires = isoOf(m.expires);
  return validateEvent({ id: eventId, type: 'notification', time, data });
}

function sealedNtfyEvent(m: Obj, eventId: string, time: string): Validated {
  // The ids and time pass the same checks as a clear message's.
  const checked = validateEvent({ id: eventId, type: 'notification', time, data: { itemId: eventId, title: '', body: '', priority: 3 } });
  if (!checked.ok) return checked;
  const jwe = typeof m.message === 'string' ? m.message : '';
  const message = { id: m.id, time: m.time, topic: m.topic, expires: m.expires };
  return { ok: true, event: sealedEvent({ id: eventId, time: checked.event.time, itemId: eventId }, 'no_key', { mode: 'ntfy', jwe, message }) };
}

/** The latest time a Date holds (ECMAScript: 8.64e15 ms after 1970); past it, toISOString throws. */
const MAX_DATE_MS = 8.64e15;

/**
 * ntfy times are unix seconds; as ms, or undefined when there is no such date. A server's number is checked here,
 * once, for every use after (the event's time, expiries, the cursor and the resume check's loss span): one beyond any
 * date would otherwise throw at toISOString and fail the whole answer it came in, at every poll.
 */
function unixSeconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v * 1000 <= MAX_DATE_MS ? v * 1000 : undefined;
}

function isoOf(v: unknown): string | undefined {
  const ms = unixSeconds(v);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
