/**
 * Validation of Herald event envelopes and their per-type data (docs/PROTOCOL.md, "Events"). Whatever a server
 * sends, the inbox only ever sees events that passed here: unknown types and bad shapes are skipped and counted
 * (PROTOCOL: "Clients must skip (and count) events of unknown type or malformed data, and keep the stream").
 * The result is a clean copy holding only known fields, so junk on the wire never travels further. This is also
 * where publisher text crosses the boundary (src/shared/publisher-text.ts): every source's events pass here, so each
 * string is normalised once and each id checked once, for every consumer after.
 */
import { LIMITS } from '../shared/actions';
import { addNotificationExtras } from './validate-extras';
import { isEventType, isSystemLevel, type Comment, type HeraldEvent, type Priority } from '../shared/events';
import { isJsonObject } from '../shared/json';
import { isPublisherId, publisherText } from '../shared/publisher-text';
import { sealedEvent } from './e2e/sealed';

/** `oversized`: skipped for its size (the oversize report), not its shape. */
export type Validated = { ok: true; event: HeraldEvent } | { ok: false; reason: string; oversized?: true };

const isStr = (v: unknown): v is string => typeof v === 'string';
/** Ids are checked, never rewritten: a rewritten id would make an action or a link name another item. */
const isId = isPublisherId;
/** A missing body is an empty one: servers send title-only events, and dropping them would lose them uncounted. */
const bodyOf = (v: unknown): string | null => (v === undefined || v === null ? '' : isStr(v) ? publisherText(v, 'body') : null);
const isPriority = (v: unknown): v is Priority => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
/** More tags than anyone reads: the rest are dropped. */
const MAX_TAGS = 20;
const STRICT_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A time the parser accepts, as ISO-8601. Date.parse also reads looser forms that may carry words ("Jan 1 2026
 * (anything)"): those are rewritten to ISO, so no publisher text travels in a time.
 */
function timeOf(v: unknown): string | null {
  if (isStr(v) && isPlainUtcTime(v)) return v;
  if (!isStr(v) || v.length > 100 || Number.isNaN(Date.parse(v))) return null;
  return STRICT_ISO.test(v) ? v : new Date(v).toISOString();
}

/**
 * The form servers send (`toISOString`: YYYY-MM-DDTHH:MM:SS.sssZ) with fields no calendar can refuse (day up to 28):
 * it is strict ISO and Date.parse reads it, so it is kept as it is without running either. Anything else takes the
 * full rule (tests/core/validate-event.test.ts holds the two to the same answers).
 */
function isPlainUtcTime(v: string): boolean {
  if (v.length !== 24 || v.charCodeAt(23) !== 0x5a /* Z */) return false;
  for (let i = 0; i < 23; i++) {
    const c = v.charCodeAt(i);
    const want = SEPARATORS[i];
    if (want === 0 ? c < 0x30 || c > 0x39 : c !== want) return false;
  }
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 28 && twoDigits(v, 11) <= 23 && twoDigits(v, 14) <= 59 && twoDigits(v, 17) <= 59;
}

function twoDigits(v: string, at: number): number {
  return (v.charCodeAt(at) - 0x30) * 10 + v.charCodeAt(at + 1) - 0x30;
}

/** The separators of YYYY-MM-DDTHH:MM:SS.sss by position (0: a digit there). */
const SEPARATORS = [0, 0, 0, 0, 0x2d, 0, 0, 0x2d, 0, 0, 0x54, 0, 0, 0x3a, 0, 0, 0x3a, 0, 0, 0x2e, 0, 0, 0];

/** A comment from an event or an item answer, normalised; null when it is not well-formed. */
export function commentOf(value: unknown): Comment | null {
  if (!isJsonObject(value)) return null;
  const { id, itemId, author, body, time } = value;
  const at = timeOf(time);
  if (!isId(id) || !isId(itemId) || !isStr(author) || !isStr(body) || at === null) return null;
  return { id, itemId, author: publisherText(author, 'author'), body: publisherText(body, 'comment'), time: at };
}

/** Parse one event from its JSON text (an SSE `data:` field, an nchan message body). */
export function parseEventJson(text: string, expectedType?: string): Validated {
  // Byte length, not string length: the limit protects memory and the wire counts bytes.
  // A UTF-16 unit is at most 3 UTF-8 bytes: short texts (nearly all) skip the byte count.
  if (text.length > LIMITS.eventMaxBytes || (text.length * 3 > LIMITS.eventMaxBytes && Buffer.byteLength(text, 'utf8') > LIMITS.eventMaxBytes)) {
    return oversized();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'event data is not JSON' };
  }
  const result = validateEvent(value);
  if (result.ok && expectedType !== undefined && result.event.type !== expectedType) {
    return { ok: false, reason: `event name "${expectedType}" does not match its type "${result.event.type}"` };
  }
  return result;
}

function invalid(id: string, type: string, what: string): Validated {
  return { ok: false, reason: `event ${id} (${type}): ${what}` };
}

export function validateEvent(value: unknown): Validated {
  if (!isJsonObject(value)) return { ok: false, reason: 'event is not an object' };
  const { id, type, data } = value;
  if (!isId(id)) return { ok: false, reason: 'event id missing or not plain text' };
  if (!isEventType(type)) return { ok: false, reason: `unknown event type ${JSON.stringify(type)?.slice(0, 60)}` };
  const time = timeOf(value.time);
  if (time === null) return { ok: false, reason: `event ${id}: time missing or invalid` };
  if (!isJsonObject(data)) return { ok: false, reason: `event ${id}: data is not an object` };

  switch (type) {
    case 'notification': {
      // Herald's encrypted envelope (PROTOCOL.md "Encrypted events"): only the routing fields are clear.
      if (data.jwe !== undefined) {
        if (!isId(data.itemId) || !isStr(data.jwe)) return invalid(id, type, 'an encrypted notification needs itemId and jwe strings');
        return { ok: true, event: sealedEvent({ id, time, itemId: data.itemId }, 'no_key', { mode: 'herald', jwe: data.jwe, id, time, itemId: data.itemId }) };
      }
      const body = bodyOf(data.body);
      if (!isId(data.itemId) || !isStr(data.title) || body === null) return invalid(id, type, 'itemId and title are required strings, body a string if given');
      if (!isPriority(data.priority)) return invalid(id, type, 'priority must be an integer 1-5');
      if (data.url !== undefined && !isStr(data.url)) return invalid(id, type, 'url must be a string');
      if (data.tags !== undefined && !(Array.isArray(data.tags) && data.tags.every(isStr))) return invalid(id, type, 'tags must be strings');
      const d: HeraldEvent & { type: 'notification' } = {
        id,
        type,
        time,
        data: { itemId: data.itemId, title: publisherText(data.title, 'title'), body, priority: data.priority },
      };
      if (isStr(data.url)) d.data.url = publisherText(data.url, 'url');
      if (Array.isArray(data.tags)) d.data.tags = (data.tags as string[]).slice(0, MAX_TAGS).map((t) => publisherText(t, 'tag'));
      addNotificationExtras(d.data, data);
      return { ok: true, event: d };
    }
    case 'system': {
      const body = bodyOf(data.body);
      if (!isId(data.itemId) || !isStr(data.title) || body === null) return invalid(id, type, 'itemId and title are required strings, body a string if given');
      if (!isSystemLevel(data.level)) return invalid(id, type, 'level must be info, warning or critical');
      if (!isPriority(data.priority)) return invalid(id, type, 'priority must be an integer 1-5');
      return {
        ok: true,
        event: { id, type, time, data: { itemId: data.itemId, title: publisherText(data.title, 'title'), body, level: data.level, priority: data.priority } },
      };
    }
    case 'new_comment': {
      if (!isId(data.itemId) || !isJsonObject(data.comment)) return invalid(id, type, 'itemId and comment are required');
      const comment = commentOf(data.comment);
      if (!comment) return invalid(id, type, 'comment needs id, itemId, author, body and time strings');
      return { ok: true, event: { id, type, time, data: { itemId: data.itemId, comment } } };
    }
    case 'like_update': {
      if (!isId(data.itemId)) return invalid(id, type, 'itemId is required');
      if (typeof data.likes !== 'number' || !Number.isInteger(data.likes) || data.likes < 0) return invalid(id, type, 'likes must be a non-negative integer');
      if (typeof data.liked !== 'boolean') return invalid(id, type, 'liked must be a boolean');
      return { ok: true, event: { id, type, time, data: { itemId: data.itemId, likes: data.likes, liked: data.liked } } };
    }
    case 'read_update': {
      if (!Array.isArray(data.itemIds) || !data.itemIds.every(isId)) return invalid(id, type, 'itemIds must be a list of ids');
      if (data.upTo !== undefined && !isId(data.upTo)) return invalid(id, type, 'upTo must be an id');
      const d: HeraldEvent & { type: 'read_update' } = { id, type, time, data: { itemIds: (data.itemIds as string[]).slice() } };
      if (isId(data.upTo)) d.data.upTo = data.upTo;
      return { ok: true, event: d };
    }
  }
}

function oversized(): Validated {
  return { ok: false, reason: `event larger than ${LIMITS.eventMaxBytes} bytes`, oversized: true };
}

/**
 * Validate a list (a poll answer, a history page): the good ones in order, a reason per bad one, and how many were
 * skipped for their size — the same limit as on the live stream (src/shared/stream-limits.ts), measured on what the
 * server sent, before anything is copied.
 */
export function validateEvents(values: unknown): { events: HeraldEvent[]; malformed: string[]; oversized: number } {
  const events: HeraldEvent[] = [];
  const malformed: string[] = [];
  let skipped = 0;
  if (!Array.isArray(values)) return { events, malformed: ['events is not a list'], oversized: 0 };
  for (const v of values) {
    if (jsonBytesOver(v, LIMITS.eventMaxBytes)) {
      skipped++;
      continue;
    }
    const r = validateEvent(v);
    if (r.ok) events.push(r.event);
    else malformed.push(r.reason);
  }
  return { events, malformed, oversized: skipped };
}

/**
 * Whether a parsed JSON value would take more than `limit` bytes as UTF-8 JSON (strings counted as their bytes plus
 * quotes, escapes not counted: a lower bound, which is enough to refuse). Stops as soon as it is over: the work is
 * bounded by the limit, not by the value.
 */
export function jsonBytesOver(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  // Bounded: every value is visited once, and the walk stops once the count passes the limit.
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += 2 + (v.length * 3 <= limit - total ? v.length : Buffer.byteLength(v, 'utf8'));
    else if (Array.isArray(v)) {
      total += 1 + v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        total += 4 + k.length;
        stack.push(x);
      }
    } else total += 5;
    if (total > limit) return true;
  }
  return false;
}
