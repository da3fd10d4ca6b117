/**
 * Nchan message bodies → Herald events, and the notice for a channel Nchan closed. The body formats and the event-name
 * rule are described in docs/SOURCES.md ("Nchan").
 */
import { EVENT_TYPES, isEventType, isItemEventType, isSystemLevel, type EventType, type HeraldEvent, type SystemLevel } from '../../shared/events';
import { LIMITS } from '../../shared/actions';
import { validateEvent, type Validated } from '../validate-event';
import { httpUrl } from '../validate-extras';
import { isJsonObject } from '../../shared/json';

export interface NchanMessage {
  channel: string;
  /** Herald event id from ChannelPosition.advance (also the item id of notifications). */
  eventId: string;
  /** Message time, unix seconds. */
  time: number;
  /** The SSE event name (X-EventSource-Event), or 'message'. Long-poll and interval-poll do not carry it. */
  eventName: string;
  body: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * One Nchan message as a Herald event. The body may be:
 * - a full Herald envelope `{ type, data, time? }` (its own `id` is replaced by ours: Nchan's id is the cursor);
 * - a JSON object with Herald-like fields `{ title, body | message, priority, url, tags, level }`, or the `data` of
 *   the event type the SSE event name says (new_comment, like_update, read_update);
 * - plain text: a one-line text is the body (the channel is the title); more lines: the first is the title.
 * The SSE event name picks the type when it is one of Herald's; any other name (or none) means notification.
 * For notifications and system messages the item id is the event id, `<channel>:<message id>`.
 */
export function toHeraldEvent(message: NchanMessage): Validated {
  const { channel, eventId, body } = message;
  if (Buffer.byteLength(body, 'utf8') > LIMITS.eventMaxBytes) return { ok: false, reason: `${eventId}: message larger than ${LIMITS.eventMaxBytes} bytes` };
  const named: EventType | null = isEventType(message.eventName) ? message.eventName : null;
  const time = new Date(message.time * 1000).toISOString();
  const json = parseObject(body);

  if (json && isEventType(json.type) && isJsonObject(json.data)) {
    const data: Obj = { ...json.data };
    if (isItemEventType(json.type)) data.itemId = eventId;
    const t = str(json.time);
    return validateEvent({ id: eventId, type: json.type, time: t && !Number.isNaN(Date.parse(t)) ? t : time, data });
  }

  const type: EventType = named ?? 'notification';
  if (isItemEventType(type)) {
    const fields = json ?? textFields(body, channel);
    const data: Obj = {
      itemId: eventId,
      title: (str(fields.title) ?? '').trim() || channel,
      body: str(fields.body) ?? str(fields.message) ?? '',
      priority: priorityOf(fields.priority),
    };
    if (type === 'system') data.level = levelOf(fields.level);
    const url = httpUrl(fields.url ?? fields.click);
    if (type === 'notification' && url) data.url = url;
    const tags = Array.isArray(fields.tags) ? fields.tags.filter((t): t is string => typeof t === 'string') : undefined;
    if (type === 'notification' && tags && tags.length > 0) data.tags = tags;
    return validateEvent({ id: eventId, type, time, data });
  }
  // new_comment, like_update, read_update: the body must be that type's data.
  if (!json) return { ok: false, reason: `${eventId}: a "${type}" message must be a JSON object` };
  return validateEvent({ id: eventId, type, time, data: json });
}

/** The notice a user gets when Nchan closes a channel with 410 (deleted, or nginx restarted / reloaded). */
export function channelClosedNotice(channel: string, atMs: number): HeraldEvent {
  const id = `${channel}:closed:${atMs}`;
  return {
    id,
    type: 'system',
    time: new Date(atMs).toISOString(),
    data: {
      itemId: id,
      title: `Channel "${channel}" was closed by the server`,
      body: 'Nchan closed this channel (it was deleted, or nginx restarted or reloaded). Herald keeps listening for new messages on it.',
      level: 'warning',
      priority: 2,
    },
  };
}

function parseObject(text: string): Obj | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

function textFields(text: string, channel: string): Obj {
  const trimmed = text.replace(/^\s*\n/, '').trimEnd();
  const newline = trimmed.indexOf('\n');
  if (newline < 0) return { title: channel, body: trimmed };
  return { title: trimmed.slice(0, newline).trim(), body: trimmed.slice(newline + 1).trim() };
}

function priorityOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5 ? n : 3;
}

function levelOf(value: unknown): SystemLevel {
  return isSystemLevel(value) ? value : 'info';
}

/** Event names the SSE link listens for; all others arrive as plain messages (see nchan.ts). */
export const NCHAN_EVENT_NAMES: readonly string[] = EVENT_TYPES;
