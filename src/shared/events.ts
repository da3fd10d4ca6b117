/**
 * Herald's event model: what travels from a server to the inbox.
 * The wire format is defined in docs/PROTOCOL.md; this file is its type-level twin.
 */

/** Event types Herald understands. Unknown types are counted and skipped by the core. */
export const EVENT_TYPES = [
  'notification',
  'system',
  'new_comment',
  'like_update',
  'read_update',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export type Priority = 1 | 2 | 3 | 4 | 5;

/**
 * An end-to-end encrypted notification Herald could not open (docs/PROTOCOL.md "Encrypted events"): `no_key` — the
 * source has no key; `undecryptable` — no key opened it (wrong key, unknown key id, tampered or malformed).
 */
export type SealedState = 'no_key' | 'undecryptable';

export interface NotificationData {
  /** Item id: the id actions (mark read, like, comment) refer to. */
  itemId: string;
  title: string;
  body: string;
  priority: Priority;
  /** Optional link; the shell opens only http(s) URLs. */
  url?: string;
  tags?: string[];
  /** Buttons the sender attached (ntfy's view / http / broadcast actions), kept as data; shown, not run. */
  actions?: NotificationAction[];
  /** An http(s) image URL the sender suggests as icon. Never loaded by default (it would tell the sender our IP). */
  icon?: string;
  /** A file the sender attached (a link; never downloaded by itself). */
  attachment?: NotificationAttachment;
  /** The body is Markdown (ntfy's markdown flag; rendered as safe elements, never as HTML). */
  markdown?: boolean;
  /** Herald's protocol: `"markdown"` marks a Markdown body (clients read it as `markdown: true`); absent or `"plain"`: text. */
  format?: 'markdown' | 'plain';
  /** ISO time after which the server forgets the message. */
  expires?: string;
  /**
   * Set when the notification is encrypted and could not be opened: `title` and `body` are '' and no other publisher
   * field is present (displays show words for the state). The ciphertext stays in the core.
   */
  sealed?: SealedState;
  /**
   * On the wire only (docs/PROTOCOL.md "Encrypted events"): Herald's envelope, a JWE compact string holding the other
   * fields; title and body are '' beside it. Clients turn it into `sealed` or the opened fields and never keep it here.
   */
  jwe?: string;
}

/** ntfy's action kinds (docs.ntfy.sh "Action buttons"). */
export type NotificationActionKind = 'view' | 'http' | 'broadcast';

export interface NotificationAction {
  kind: NotificationActionKind;
  label: string;
  /** view and http: an http(s) URL. */
  url?: string;
  /** http: the method (default POST), headers and body to send. */
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** broadcast: the Android intent and its extras. */
  intent?: string;
  extras?: Record<string, string>;
  /** Dismiss the notification once the action ran. */
  clear?: boolean;
}

export interface NotificationAttachment {
  name: string;
  /** http(s) URL. */
  url: string;
  /** MIME type, when the server knows it. */
  type?: string;
  /** Bytes, when the server knows it. */
  size?: number;
  /** ISO time after which the server deletes the file. */
  expires?: string;
}

/** How serious a system message is (PROTOCOL.md "system"); anything else on the wire is not a system level. */
export const SYSTEM_LEVELS = ['info', 'warning', 'critical'] as const;
export type SystemLevel = (typeof SYSTEM_LEVELS)[number];

export function isSystemLevel(value: unknown): value is SystemLevel {
  return typeof value === 'string' && (SYSTEM_LEVELS as readonly string[]).includes(value);
}

export interface SystemData {
  itemId: string;
  title: string;
  body: string;
  level: SystemLevel;
  priority: Priority;
}

export interface Comment {
  id: string;
  itemId: string;
  author: string;
  body: string;
  time: string;
}

/** One item's comments and like/read state: the answer of `GET /items/:id` (PROTOCOL.md), less the item itself. */
export interface ItemDetail {
  /** The newest COMMENTS_KEPT_PER_ITEM (src/shared/stream-limits.ts), oldest first. */
  comments: Comment[];
  /** Well-formed comments older than those kept, left out; absent when none were. */
  omittedComments?: number;
  likes: number;
  liked: boolean;
  read: boolean;
}

export interface NewCommentData {
  itemId: string;
  comment: Comment;
}

export interface LikeUpdateData {
  itemId: string;
  likes: number;
  /** Whether the current user likes the item, as the server sees it. */
  liked: boolean;
}

export interface ReadUpdateData {
  /** Items marked read; empty when `all` is set. */
  itemIds: string[];
  /** Everything up to and including this event id is read (mark all read). */
  upTo?: string;
}

export interface EventDataMap {
  notification: NotificationData;
  system: SystemData;
  new_comment: NewCommentData;
  like_update: LikeUpdateData;
  read_update: ReadUpdateData;
}

/** One event as delivered by any source, after validation. */
export type HeraldEvent = {
  [K in EventType]: {
    /** Unique per source; the cursor a client resumes from. */
    id: string;
    type: K;
    /** ISO-8601 time the server accepted the event. */
    time: string;
    data: EventDataMap[K];
    /** Which configured source delivered it (set by the core, not the wire). */
    source?: string;
    /**
     * The server instance that issued `id`, when its protocol names one (Herald's `serverId`, docs/PROTOCOL.md
     * "Server identity"; set by the core from the answer, not from the event). Ids repeat across instances.
     */
    serverId?: string;
  };
}[EventType];

export type EventOf<K extends EventType> = Extract<HeraldEvent, { type: K }>;

/**
 * The event types that are items (a row in the inbox, a toast, a line the CLI prints with a link); the other types
 * change an item that already is one.
 */
export const ITEM_EVENT_TYPES = ['notification', 'system'] as const;
export type ItemEventType = (typeof ITEM_EVENT_TYPES)[number];
export type ItemEvent = EventOf<ItemEventType>;

export function isItemEventType(type: unknown): type is ItemEventType {
  return type === 'notification' || type === 'system';
}

export function isItemEvent(event: HeraldEvent): event is ItemEvent {
  return isItemEventType(event.type);
}
