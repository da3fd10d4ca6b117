/**
 * POST /publish (and RunningServer.publish): validate a publish request and emit the event it describes
 * (docs/PROTOCOL.md "POST /publish"). One validator for both doors, so the API and the wire reject the same things.
 */
import { SYSTEM_LEVELS, isSystemLevel, type EventDataMap, type EventOf, type EventType, type HeraldEvent, type Priority, type SystemLevel } from '../shared/events';
import { LIMITS } from '../shared/actions';
import { HttpError } from './http-util';
import type { ItemStore } from './items';
import { isHttpUrl } from '../shared/url';

/** Accept an event: id, persistence, item state and delivery to every subscriber. */
export type Emit = <K extends EventType>(type: K, data: (id: string, time: string) => EventDataMap[K]) => EventOf<K>;

/** What POST /publish takes (and RunningServer.publish). */
export interface PublishInput {
  type?: 'notification' | 'system' | 'new_comment' | 'like_update';
  title?: string;
  body?: string;
  priority?: number;
  url?: string;
  tags?: string[];
  level?: SystemLevel;
  itemId?: string;
  author?: string;
  /** "markdown": the body is Markdown (docs/PROTOCOL.md); "plain" or absent: plain text. */
  format?: 'markdown' | 'plain';
  /**
   * An encrypted notification (docs/PROTOCOL.md "Encrypted events"): a JWE compact string holding title, body and the
   * rest, relayed untouched. Nothing else of a notification may stand beside it: the server sees no plaintext.
   */
  jwe?: string;
}

const PUBLISH_TYPES = ['notification', 'system', 'new_comment', 'like_update'] as const;
const LEVEL_PRIORITY: Record<SystemLevel, Priority> = { info: 3, warning: 4, critical: 5 };
const MAX_TAGS = 20;
const MAX_TAG_CHARS = 50;
const MAX_AUTHOR_CHARS = 100;
const MAX_URL_CHARS = 2000;

function invalid(message: string): HttpError {
  return new HttpError(422, 'invalid_event', message);
}

function text(v: Record<string, unknown>, field: string, max: number, required: boolean): string {
  const value = v[field];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (required && value.trim() === '') throw invalid(`${field} must not be empty`);
  if (value.length > max) throw invalid(`${field} is longer than ${max} characters`);
  return value;
}

function priority(v: Record<string, unknown>, fallback: Priority): Priority {
  if (v.priority === undefined) return fallback;
  if (typeof v.priority !== 'number' || !Number.isInteger(v.priority) || v.priority < 1 || v.priority > 5) {
    throw invalid('priority must be an integer from 1 to 5');
  }
  return v.priority as Priority;
}

function existingItem(v: Record<string, unknown>, items: ItemStore): string {
  if (typeof v.itemId !== 'string' || v.itemId === '') throw invalid('itemId must be a non-empty string');
  if (!items.has(v.itemId)) throw new HttpError(422, 'unknown_item', `no item ${JSON.stringify(v.itemId.slice(0, 200))}`);
  return v.itemId;
}

function url(v: Record<string, unknown>): string | undefined {
  if (v.url === undefined) return undefined;
  if (typeof v.url !== 'string' || v.url.length > MAX_URL_CHARS) throw invalid('url must be a string');
  let parsed: URL;
  try {
    parsed = new URL(v.url);
  } catch {
    throw invalid('url must be an absolute http(s) URL');
  }
  if (!isHttpUrl(parsed)) throw invalid('url must be an http(s) URL');
  return v.url;
}

function tags(v: Record<string, unknown>): string[] | undefined {
  if (v.tags === undefined) return undefined;
  if (!Array.isArray(v.tags) || v.tags.length > MAX_TAGS) throw invalid(`tags must be an array of at most ${MAX_TAGS} strings`);
  for (const t of v.tags) {
    if (typeof t !== 'string' || t === '' || t.length > MAX_TAG_CHARS) throw invalid(`each tag must be a string of 1 to ${MAX_TAG_CHARS} characters`);
  }
  return [...(v.tags as string[])];
}

function format(v: Record<string, unknown>): 'markdown' | undefined {
  if (v.format === undefined || v.format === 'plain') return undefined;
  if (v.format !== 'markdown') throw invalid('format must be "markdown" or "plain"');
  return 'markdown';
}

/** Validate `input` and emit its event. Throws HttpError (422 invalid_event / unknown_item) on bad input. */
export function publishEvent(input: unknown, emit: Emit, items: ItemStore): HeraldEvent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('publish body must be a JSON object');
  const v = input as Record<string, unknown>;
  const type = v.type ?? 'notification';
  if (!(PUBLISH_TYPES as readonly unknown[]).includes(type)) {
    throw invalid(`type must be one of ${PUBLISH_TYPES.join(', ')}; got ${JSON.stringify(type)}`);
  }
  switch (type as (typeof PUBLISH_TYPES)[number]) {
    case 'notification': {
      if (v.jwe !== undefined) return emitSealed(v, emit);
      const title = text(v, 'title', LIMITS.titleMaxChars, true);
      const body = text(v, 'body', LIMITS.bodyMaxChars, false);
      const p = priority(v, 3);
      const link = url(v);
      const t = tags(v);
      const f = format(v);
      return emit('notification', (id) => ({
        itemId: id,
        title,
        body,
        priority: p,
        ...(link !== undefined ? { url: link } : {}),
        ...(t !== undefined ? { tags: t } : {}),
        ...(f !== undefined ? { format: f } : {}),
      }));
    }
    case 'system': {
      const title = text(v, 'title', LIMITS.titleMaxChars, true);
      const body = text(v, 'body', LIMITS.bodyMaxChars, false);
      const l: unknown = v.level ?? 'info';
      if (!isSystemLevel(l)) throw invalid(`level must be one of ${SYSTEM_LEVELS.join(', ')}`);
      const p = priority(v, LEVEL_PRIORITY[l]);
      return emit('system', (id) => ({ itemId: id, title, body, level: l, priority: p }));
    }
    case 'new_comment': {
      const itemId = existingItem(v, items);
      const body = text(v, 'body', LIMITS.commentMaxChars, true);
      const author = v.author === undefined ? 'anonymous' : text(v, 'author', MAX_AUTHOR_CHARS, true);
      return emitComment(emit, itemId, author, body);
    }
    case 'like_update': {
      // A like from someone else: the count moves, the demo user's own `liked` does not.
      const itemId = existingItem(v, items);
      const now = items.view(itemId)!;
      return emit('like_update', () => ({ itemId, likes: now.likes + 1, liked: now.liked }));
    }
  }
}

/** The compact JWE's five base64url parts, the encrypted key empty (`dir`). The server checks shape, not content. */
const JWE_COMPACT = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

function emitSealed(v: Record<string, unknown>, emit: Emit): HeraldEvent {
  const clear = ['title', 'body', 'priority', 'url', 'tags', 'format', 'level'].filter((f) => v[f] !== undefined);
  if (clear.length > 0) throw invalid(`an encrypted notification carries ${clear.join(', ')} inside jwe, not beside it`);
  if (typeof v.jwe !== 'string' || v.jwe.length > LIMITS.eventMaxBytes - 1024 || !JWE_COMPACT.test(v.jwe)) {
    throw invalid('jwe must be a JWE compact string (alg dir, enc A256GCM)');
  }
  const jwe = v.jwe;
  // title and body stay empty and priority neutral: the real ones are inside, where the server cannot read them.
  return emit('notification', (id) => ({ itemId: id, title: '', body: '', priority: 3, jwe }));
}

/** A new comment event; the comment id is derived from the event id, so it is unique and stable. */
export function emitComment(emit: Emit, itemId: string, author: string, body: string): EventOf<'new_comment'> {
  return emit('new_comment', (id, time) => ({ itemId, comment: { id: `c${id}`, itemId, author, body, time } }));
}
