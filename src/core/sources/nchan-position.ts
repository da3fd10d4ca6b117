/**
 * Nchan message ids and where each channel stands (the resume cursor). Nchan ids are `<unix seconds>:<tag>` (SSE `id:`;
 * for long-poll and interval-poll the same pair travels as Last-Modified + Etag). One position therefore serves every
 * transport: SSE resumes with `Last-Event-ID: T:tag`, the polls with `If-Modified-Since: <HTTP date of T>` +
 * `If-None-Match: tag`.
 */
export interface MessageId {
  /** Unix seconds. */
  time: number;
  tag: number;
}

/** `1795510446:3` → { time, tag }. Multiplexed ids (`T:[0],1`) are read by parseMultiId. */
export function parseMessageId(raw: string): MessageId | null {
  const m = /^(\d{1,12}):(\d{1,9})$/.exec(raw.trim());
  if (!m) return null;
  return { time: Number(m[1]), tag: Number(m[2]) };
}

/**
 * A multiplexed subscription's id (several channels over one link, Nchan's `nchan_channel_id_split_delimiter`):
 * `<unix seconds>:<tag>,<tag>,…` with one tag per channel in the order subscribed, `-` for a channel without a
 * message in that second, and the tag of the channel this message belongs to in brackets — `1796083426:0,[1],-` is
 * message `1796083426:1` of the second channel (as seen on Nchan 1.3.6).
 */
export function parseMultiId(raw: string): { index: number; id: MessageId } | null {
  // Read part by part, never by one pattern over the whole tag list: a nested repetition there backtracked
  // exponentially (a 28-digit id took 9 s), and the id comes from the server.
  const text = raw.trim();
  const colon = text.indexOf(':');
  if (colon < 1 || colon > 12 || !/^\d+$/.test(text.slice(0, colon))) return null;
  const parts = text.slice(colon + 1).split(',');
  // Nchan may end the list with a comma.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  let index = -1;
  let tag = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const bracketed = /^\[(\d{1,9})\]$/.exec(part);
    if (bracketed) {
      if (index >= 0) return null;
      index = i;
      tag = Number(bracketed[1]);
    } else if (!/^(?:\d{1,9}|-)$/.test(part)) return null;
  }
  if (index < 0) return null;
  return { index, id: { time: Number(text.slice(0, colon)), tag } };
}

/**
 * Where a multiplexed link resumes: from the start of the second of the newest message of any of its channels (their
 * messages arrive in time order over the one link, so nothing older can be missing), like `rewound()` for one channel.
 */
export function multiResumeId(positions: readonly ChannelPosition[]): string | null {
  const times = positions.flatMap((p) => (p.last ? [p.last.time] : []));
  if (times.length === 0) return null;
  // Nchan 1.3.6 refuses (400) a multiplexed id without exactly one bracketed tag.
  return `${Math.max(...times) - 1}:${positions.map((_p, i) => (i === 0 ? `[${MAX_TAG}]` : String(MAX_TAG))).join(',')}`;
}

export function formatMessageId(id: MessageId): string {
  return `${id.time}:${id.tag}`;
}

export function compareIds(a: MessageId, b: MessageId): number {
  return a.time - b.time || a.tag - b.tag;
}

/** A long-poll / interval-poll answer's Last-Modified + Etag as a message id (Etag may arrive quoted or weak). */
export function idFromHeaders(lastModified: string | null, etag: string | null): MessageId | null {
  if (lastModified === null || etag === null) return null;
  const ms = Date.parse(lastModified);
  const tag = /^(?:W\/)?"?(\d{1,9})"?$/.exec(etag.trim())?.[1];
  if (Number.isNaN(ms) || tag === undefined) return null;
  return { time: Math.floor(ms / 1000), tag: Number(tag) };
}

/** The request headers that ask a long-poll / interval-poll location for the message after `id`. */
export function resumeHeaders(id: MessageId | null): Record<string, string> {
  if (id === null) return {};
  return { 'If-Modified-Since': new Date(id.time * 1000).toUTCString(), 'If-None-Match': String(id.tag) };
}

/** What is saved per channel inside the source cursor. */
export interface SavedPosition {
  /** Last message delivered, `T:tag`. */
  id: string;
  /** Highest id seen before the server last forgot everything (see ChannelPosition). */
  guard?: string;
  /** How many times the ids went back; part of the event ids of messages that could collide. */
  epoch?: number;
  /** [tag, body fingerprint] of the messages delivered in the last message's second (to recognise replays). */
  recent?: [number, string][];
  /** That second held more messages than `recent` keeps: tags below the window were delivered too. */
  overflowed?: boolean;
}

/** Nchan keeps message tags in 16 bits: "after (T-1, 32767)" means "everything from second T on". */
const MAX_TAG = 32767;
/** Fingerprints kept for one second's messages; older tags of a busier second are recognised by their tag alone. */
const MAX_RECENT = 64;

/** What one message means for the channel (see ChannelPosition.advance). */
export interface Step {
  /** Herald event id: `<channel>:<T>:<tag>[~epoch]`. */
  eventId: string;
  /** The ids went back: the server forgot the channel. */
  wentBack: boolean;
  /** Messages between the previous one and this one were dropped by the server before we read them. */
  evicted: boolean;
  /**
   * Messages published while we were away may have expired before we came back (ms since epoch, the span in which
   * they would have been published): see `expectReplay`.
   */
  expired?: { fromMs: number; toMs: number };
}

/** What a resume knows about the time we were away, to tell whether messages can have expired meanwhile. */
export interface AwayTime {
  /** When the previous link was last heard from (or our last message's time, when no link was). */
  fromMs: number;
  /** When the new link asked. */
  resumedAtMs: number;
  /** The server's `nchan_message_timeout`, ms. */
  messageTimeoutMs: number;
}

/**
 * Where one channel stands, and how it survives Nchan forgetting it. With its memory store, Nchan forgets every
 * channel when nginx restarts or reloads (or the channel is deleted), and new ids restart at the current second —
 * possibly the very second of our last message. Two things follow:
 *
 * - Nchan skips buffered messages whose id is not after our cursor, so messages published to the recreated channel
 *   in that same second would be lost. So every new link asks from the *start* of the last message's second
 *   (`rewound()`), and replays of messages we already delivered — same id, same body fingerprint — are recognised
 *   and dropped here.
 * - A new message may carry an id we already used (`T:0` again), which de-duplication and the inbox would silently
 *   drop. So when an id goes *back*, we remember the highest id seen so far (`guard`), count an `epoch`, and give
 *   messages that could collide (time ≤ the guard's) an `~epoch` suffix. Ids after the guard's second stay plain.
 *
 * A replay of a second busier than the fingerprint window (64) is recognised by its tag alone below the window: Nchan
 * tags count up within a second, so those tags were delivered. (The price: a restart within that very second whose
 * new messages reuse those low tags would go unseen — a second with over 64 messages, then a restart, in one second.)
 *
 * Evicted messages (Nchan's buffer is `nchan_message_buffer_length` long and messages expire) show in two ways: the
 * tags — within one second they count up by one, and every second starts at 0 — and, right after a resume, the first
 * answer: a rewound request replays our own message first if the server still holds it, so a first answer newer
 * than our message means it is gone, and whatever came between may be too.
 *
 * Expiry (`nchan_message_timeout`) can empty the buffer altogether while we are away: then nothing answers the
 * resume, and the next message is a live one, whenever it comes. That it is not our own message still says ours is
 * gone; whether anything else can have gone with it depends on how long we were away. Only if that is longer than
 * the message timeout can a message published meanwhile have expired before we came back: a possible gap, in the
 * span from when we were last connected to the resume minus the timeout. A shorter absence (our last message
 * expired while we were connected, then a reconnect) loses nothing and says nothing.
 */
export class ChannelPosition {
  readonly channel: string;
  #last: MessageId | null = null;
  #guard: MessageId | null = null;
  #epoch = 0;
  #recent = new Map<number, string>();
  /** `#recent` as the JSON array's inside (`[tag,"hash"],…`), kept up to date with it: the cursor is saved per message. */
  #recentJson = '';
  #overflowed = false;
  /** Until this time (ms) the next answer is the server's reply to our resume (see expectReplay). */
  #replayUntil: number | null = null;
  /** Set by a resume until the next message: how long we were away (see expectReplay). */
  #away: AwayTime | null = null;

  constructor(channel: string, saved?: SavedPosition) {
    this.channel = channel;
    if (!saved) return;
    this.#last = parseMessageId(saved.id);
    this.#guard = saved.guard ? parseMessageId(saved.guard) : null;
    this.#epoch = Number.isInteger(saved.epoch) && (saved.epoch ?? 0) > 0 ? (saved.epoch as number) : 0;
    for (const [tag, hash] of saved.recent ?? []) this.#remember(tag, hash);
    this.#overflowed = saved.overflowed === true;
  }

  /**
   * A new subscription resumes from our position: an answer before `untilMs` comes from the server's buffer (Nchan
   * answers a resume at once with what it holds). Later answers are live messages, which prove nothing.
   */
  expectReplay(untilMs: number, away?: AwayTime): void {
    this.#replayUntil = this.#last === null ? null : untilMs;
    this.#away = this.#last === null ? null : (away ?? null);
  }

  get last(): MessageId | null {
    return this.#last;
  }

  /** Where a new link should start: the beginning of the last message's second (null: the server's default). */
  rewound(): MessageId | null {
    return this.#last === null ? null : { time: this.#last.time - 1, tag: MAX_TAG };
  }

  /**
   * Take the next message (`nowMs`: when it arrived). Returns null for a replay of a message already delivered.
   */
  advance(id: MessageId, body: string, nowMs: number): Step | null {
    const hash = fingerprint(body);
    const last = this.#last;
    const firstAnswer = this.#replayUntil !== null && nowMs <= this.#replayUntil;
    this.#replayUntil = null;
    const away = this.#away;
    this.#away = null;
    const wentBack = last !== null && compareIds(id, last) <= 0;
    if (wentBack && id.time === last.time && (this.#recent.get(id.tag) === hash || this.#belowWindow(id.tag))) return null;
    const tagGap = last !== null && (id.time === last.time ? id.tag > last.tag + 1 : id.tag > 0);
    // Away longer than the message timeout, a first answer that is not ours says expiry, not eviction.
    const awayTooLong = away !== null && away.resumedAtMs - away.fromMs > away.messageTimeoutMs;
    const evicted = last !== null && !wentBack && (tagGap || (firstAnswer && !awayTooLong));
    if (wentBack) {
      if (this.#guard === null || compareIds(last, this.#guard) > 0) this.#guard = last;
      this.#epoch++;
    }
    if (wentBack || last === null || id.time !== last.time) {
      this.#recent.clear();
      this.#recentJson = '';
      this.#overflowed = false;
    }
    if (this.#recent.size >= MAX_RECENT) {
      this.#recent.delete(this.#recent.keys().next().value as number);
      this.#recentJson = this.#recentJson.slice(this.#recentJson.indexOf('],[') + 2);
      this.#overflowed = true;
    }
    this.#remember(id.tag, hash);
    this.#last = id;
    // Past the guard's second nothing can collide any more: forget it (the epoch counter keeps counting).
    if (this.#guard !== null && id.time > this.#guard.time) this.#guard = null;
    const suffix = this.#guard !== null ? `~${this.#epoch}` : '';
    const step: Step = { eventId: `${this.channel}:${formatMessageId(id)}${suffix}`, wentBack, evicted };
    // Our own message did not come back first: it is gone. Anything published while we were away has expired too
    // if we were away longer than the timeout (an eviction, already reported, says more).
    if (away !== null && last !== null && !wentBack && !evicted && awayTooLong) {
      step.expired = { fromMs: away.fromMs, toMs: away.resumedAtMs - away.messageTimeoutMs };
    }
    return step;
  }

  #remember(tag: number, hash: string): void {
    const known = this.#recent.has(tag);
    this.#recent.set(tag, hash);
    if (known) this.#recentJson = [...this.#recent].map(([t, h]) => `[${t},"${h}"]`).join(',');
    else this.#recentJson += `${this.#recentJson === '' ? '' : ','}[${tag},"${hash}"]`;
  }

  /** A tag of the last second older than the fingerprint window (only once that second overflowed it). */
  #belowWindow(tag: number): boolean {
    if (!this.#overflowed) return false;
    let min = Infinity;
    for (const t of this.#recent.keys()) min = Math.min(min, t);
    return tag < min;
  }

  /**
   * The position to save, as JSON text (a SavedPosition). Written by hand from kept pieces: it is built for every
   * message delivered, and JSON.stringify of the `recent` window (up to 64 pairs) cost 10–30 µs a message on the
   * Nchan SSE path. Ids are `T:tag` digits and fingerprints base 36: nothing to escape.
   */
  savedJson(): string | null {
    if (this.#last === null) return null;
    let out = `{"id":"${formatMessageId(this.#last)}"`;
    if (this.#guard !== null) out += `,"guard":"${formatMessageId(this.#guard)}"`;
    if (this.#epoch > 0) out += `,"epoch":${this.#epoch}`;
    if (this.#recentJson !== '') out += `,"recent":[${this.#recentJson}]`;
    if (this.#overflowed) out += ',"overflowed":true';
    return `${out}}`;
  }
}

function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The source cursor: a JSON map channel → position, so each channel resumes on its own. */
export function encodeCursor(positions: Iterable<ChannelPosition>): string {
  let channels = '';
  for (const p of positions) {
    const saved = p.savedJson();
    if (saved !== null) channels += `${channels === '' ? '' : ','}${JSON.stringify(p.channel)}:${saved}`;
  }
  return `{"v":1,"channels":{${channels}}}`;
}

/** Parse a saved cursor. Anything unreadable (another source's cursor, a corrupt store) means "no position". */
export function decodeCursor(text: string | null): Map<string, SavedPosition> {
  const out = new Map<string, SavedPosition>();
  if (!text) return out;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return out;
  }
  const channels = typeof value === 'object' && value !== null ? (value as { channels?: unknown }).channels : undefined;
  if (typeof channels !== 'object' || channels === null) return out;
  for (const [channel, saved] of Object.entries(channels as Record<string, unknown>)) {
    if (typeof saved !== 'object' || saved === null) continue;
    const s = saved as Record<string, unknown>;
    if (typeof s.id !== 'string' || parseMessageId(s.id) === null) continue;
    const position: SavedPosition = { id: s.id };
    if (typeof s.guard === 'string' && parseMessageId(s.guard) !== null) position.guard = s.guard;
    if (typeof s.epoch === 'number') position.epoch = s.epoch;
    if (s.overflowed === true) position.overflowed = true;
    if (Array.isArray(s.recent)) {
      position.recent = s.recent.filter(
        (r): r is [number, string] => Array.isArray(r) && Number.isInteger(r[0]) && typeof r[1] === 'string',
      );
    }
    out.set(channel, position);
  }
  return out;
}
