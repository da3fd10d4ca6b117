/**
 * ntfy's JSON message (docs.ntfy.sh "JSON message format") → Herald events. ntfy sends one JSON object per SSE
 * `data:` line or per `/json` line, with `event` one of open, keepalive, message (and newer servers' extras, which we
 * skip). Only `message` events become notifications.
 */
import { LIMITS } from '../../shared/actions';
import { validateEvent, type Validated } from '../validate-event';
import { httpUrl } from './nchan-message';

export type NtfyFrame =
  | { kind: 'message'; id: string; event: Validated }
  /** open / keepalive: a sign of life; `time` is the server's clock (unix seconds). */
  | { kind: 'control'; event: string; time: number | null }
  | { kind: 'bad'; reason: string };

type Obj = Record<string, unknown>;

/** ntfy message ids: random letters and digits (12 today, 10 on older servers). */
export function isNtfyId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9]{6,64}$/.test(value);
}

export function parseNtfyFrame(text: string): NtfyFrame {
  if (text.length > LIMITS.eventMaxBytes * 2) return { kind: 'bad', reason: 'ntfy message too large' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'ntfy message is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'bad', reason: 'ntfy message is not an object' };
  const m = value as Obj;
  const event = typeof m.event === 'string' ? m.event : '';
  if (event !== 'message') return { kind: 'control', event, time: typeof m.time === 'number' ? m.time : null };
  if (!isNtfyId(m.id)) return { kind: 'bad', reason: 'ntfy message without a usable id' };
  return { kind: 'message', id: m.id, event: toHeraldEvent(m) };
}

/**
 * Field mapping: title → title (default: the topic), message → body, priority 1–5 (default 3), tags → tags,
 * click → url (http/https only; else the first `view` action's URL, else an attachment's URL), actions → one
 * `action:<label>` tag each (Herald has no action buttons). Event and item id: `<topic>:<message id>`.
 */
export function toHeraldEvent(m: Obj): Validated {
  const topic = typeof m.topic === 'string' && m.topic !== '' ? m.topic : 'ntfy';
  const eventId = `${topic}:${String(m.id)}`;
  const time = typeof m.time === 'number' && Number.isFinite(m.time) ? new Date(m.time * 1000).toISOString() : new Date(0).toISOString();
  const actions = Array.isArray(m.actions) ? m.actions.filter((a): a is Obj => typeof a === 'object' && a !== null) : [];
  const tags = Array.isArray(m.tags) ? m.tags.filter((t): t is string => typeof t === 'string') : [];
  for (const a of actions) if (typeof a.label === 'string' && a.label !== '') tags.push(`action:${a.label}`);
  const viewUrl = actions.find((a) => a.action === 'view')?.url;
  const attachment = typeof m.attachment === 'object' && m.attachment !== null ? (m.attachment as Obj).url : undefined;
  const url = httpUrl(m.click) ?? httpUrl(viewUrl) ?? httpUrl(attachment);
  const data: Obj = {
    itemId: eventId,
    title: typeof m.title === 'string' && m.title.trim() !== '' ? m.title : topic,
    body: typeof m.message === 'string' ? m.message : '',
    priority: typeof m.priority === 'number' && Number.isInteger(m.priority) && m.priority >= 1 && m.priority <= 5 ? m.priority : 3,
  };
  if (url) data.url = url;
  if (tags.length > 0) data.tags = tags;
  return validateEvent({ id: eventId, type: 'notification', time, data });
}
