/**
 * The one HTTP request `herald publish` sends, per kind of server: what a Herald client subscribed to that server
 * reads back as the same notification.
 * - Herald: `POST <server>/publish` with the event's fields (docs/PROTOCOL.md).
 * - ntfy: `POST <server>/` with ntfy's JSON form (docs.ntfy.sh, "Publish as JSON"): topic, message, title, priority,
 *   tags, click, actions, markdown, attach + filename, icon, delay. Answer: the message, with its `id`.
 * - Nchan: `POST` to the publisher location (`--server http://host/pub/{channel}`, or a prefix the channel is added
 *   to) with a Herald envelope `{ type, data }`, which the Nchan source reads with every field kept
 *   (src/core/sources/nchan-message.ts). Answer (asked for as JSON): the channel's state, with `last_message_id`.
 */
import type { SourceConfig } from '../core/source';
import type { SystemLevel } from '../shared/events';
import { authHeaders } from '../core/auth-headers';
import type { NtfyAction } from './ntfy-action';
import { usageError } from './usage-words';

export interface PublishFields {
  type: 'notification' | 'system' | 'new_comment' | 'like_update';
  title?: string | undefined;
  body?: string | undefined;
  priority?: number | undefined;
  url?: string | undefined;
  tags?: string[] | undefined;
  level?: SystemLevel | undefined;
  itemId?: string | undefined;
  author?: string | undefined;
  actions: NtfyAction[];
  markdown: boolean;
  attach?: string | undefined;
  filename?: string | undefined;
  icon?: string | undefined;
  delay?: string | undefined;
}

export interface PublishRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The new message's id in the server's answer (null: the answer does not say it). */
  idOf(answer: unknown): string | null;
}

type Obj = Record<string, unknown>;
const field = (answer: unknown, name: string): string | null => {
  const v = typeof answer === 'object' && answer !== null ? (answer as Obj)[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
};

export function publishRequest(config: SourceConfig, f: PublishFields): PublishRequest {
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(config) };
  switch (config.kind) {
    case 'herald':
      return { url: `${config.url}/publish`, headers, body: JSON.stringify(heraldBody(f)), idOf: (a) => field(a, 'id') };
    case 'ntfy':
      return { url: `${config.url}/`, headers, body: JSON.stringify(ntfyBody(oneChannel(config), f)), idOf: (a) => field(a, 'id') };
    case 'nchan':
      return { url: nchanPublisherUrl(config.url, oneChannel(config)), headers, body: JSON.stringify(nchanBody(f)), idOf: (a) => field(a, 'last_message_id') };
  }
}

export function oneChannel(config: SourceConfig): string {
  const channels = config.channels ?? [];
  if (channels.length !== 1) throw usageError('oneChannel', config.kind);
  return channels[0] as string;
}

export function heraldBody(f: PublishFields): Obj {
  const extras = [f.actions.length > 0 && '--action', f.markdown && '--markdown', f.attach && '--attach', f.filename && '--filename', f.icon && '--icon', f.delay && '--delay'].filter(Boolean);
  if (extras.length > 0) throw usageError('onlyNtfyNchan', extras.join(', '));
  const body: Obj = { type: f.type };
  if (f.title !== undefined) body.title = f.title;
  if (f.body !== undefined) body.body = f.body;
  if (f.priority !== undefined) body.priority = f.priority;
  if (f.url !== undefined) body.url = f.url;
  if (f.tags !== undefined) body.tags = f.tags;
  if (f.level !== undefined) body.level = f.level;
  if (f.itemId !== undefined) body.itemId = f.itemId;
  if (f.author !== undefined) body.author = f.author;
  return body;
}

export function ntfyBody(topic: string, f: PublishFields): Obj {
  if (f.type !== 'notification') throw usageError('ntfyNotificationsOnly');
  if (f.level !== undefined || f.itemId !== undefined || f.author !== undefined) throw usageError('notWithSource', '--level, --item, --author', 'ntfy');
  const body: Obj = { topic };
  if (f.body !== undefined) body.message = f.body;
  if (f.title !== undefined) body.title = f.title;
  if (f.priority !== undefined) body.priority = f.priority;
  if (f.tags !== undefined) body.tags = f.tags;
  if (f.url !== undefined) body.click = f.url;
  if (f.actions.length > 0) body.actions = f.actions;
  if (f.markdown) body.markdown = true;
  if (f.attach !== undefined) body.attach = f.attach;
  if (f.filename !== undefined) body.filename = f.filename;
  if (f.icon !== undefined) body.icon = f.icon;
  if (f.delay !== undefined) body.delay = f.delay;
  return body;
}

export function nchanBody(f: PublishFields): Obj {
  if (f.type !== 'notification' && f.type !== 'system') throw usageError('nchanTypes');
  if (f.delay !== undefined) throw usageError('delayNtfyOnly');
  if (f.itemId !== undefined || f.author !== undefined) throw usageError('notWithSource', '--item, --author', 'nchan');
  // The Nchan source gives every message its own item id (`<channel>:<message id>`), and a title it lacks.
  const data: Obj = { title: f.title ?? '', body: f.body ?? '', priority: f.priority ?? 3 };
  if (f.type === 'system') {
    const extras = [f.url && '--url', f.tags && '--tag', f.actions.length > 0 && '--action', f.markdown && '--markdown', f.attach && '--attach', f.icon && '--icon'].filter(Boolean);
    if (extras.length > 0) throw usageError('systemCarries', extras.join(', '));
    data.level = f.level ?? 'info';
    return { type: 'system', data };
  }
  if (f.level !== undefined) throw usageError('levelSystemOnly');
  if (f.url !== undefined) data.url = f.url;
  if (f.tags !== undefined) data.tags = f.tags;
  // Herald's form of an action names its kind `kind` (ntfy's says `action`).
  if (f.actions.length > 0) data.actions = f.actions.map(({ action, ...rest }) => ({ kind: action, ...rest }));
  if (f.markdown) data.markdown = true;
  if (f.attach !== undefined) data.attachment = { url: f.attach, name: f.filename ?? f.attach };
  else if (f.filename !== undefined) throw usageError('filenameNeedsAttach');
  if (f.icon !== undefined) data.icon = f.icon;
  return { type: 'notification', data };
}

/** `{channel}` in the publisher URL is the channel; without it, the channel is the last path segment. */
export function nchanPublisherUrl(server: string, channel: string): string {
  const t = server.trim().replace(/%7Bchannel%7D/gi, '{channel}');
  if (/\{(channels|transport)\}|%7B(channels|transport)%7D/i.test(t)) {
    throw usageError('nchanPublisher');
  }
  const id = encodeURIComponent(channel);
  return t.includes('{channel}') ? t.replaceAll('{channel}', id) : `${t.replace(/\/+$/, '')}/${id}`;
}
