/**
 * Opening sealed events with a source's keys (SourceConfig.e2eKeys): for ntfy, topic passwords; for Herald and Nchan,
 * `herald keygen` key strings. What opens goes through the same validation as a clear event (a decrypted payload is
 * publisher text like any other); what does not stays sealed, saying why. Nothing here throws or rejects.
 */
import type { HeraldEvent, SealedState } from '../../shared/events';
import { isJsonObject } from '../../shared/json';
import { toHeraldEvent } from '../sources/ntfy-message';
import { validateEvent } from '../validate-event';
import { openJwe, type ContentKey } from './jwe';
import { parseKeyString } from './keys';
import { ntfyTopicKey, ntfyTopicUrl } from './ntfy-key';
import { envelopeOf, sealedEvent, type SealedEnvelope } from './sealed';

export type Opened = { ok: true; event: HeraldEvent } | { ok: false; state: SealedState };

/**
 * A source's keys, made usable once: key strings parsed (and passphrase lines stretched) on first need, ntfy topic
 * keys derived once per topic URL, then kept while the source runs. The global caches in keys.ts and ntfy-key.ts are
 * bounded, so with more lines than they keep every message would stretch them all again — at the publisher's rate.
 */
export class KeyRing {
  #parsed: ContentKey[] | undefined;
  readonly #topicKeys = new Map<string, Promise<ContentKey[]>>();

  constructor(readonly keys: readonly string[]) {}

  forEnvelope(envelope: SealedEnvelope): Promise<ContentKey[]> {
    if (envelope.mode !== 'ntfy') {
      this.#parsed ??= this.keys.map(parseKeyString).filter((k): k is Exclude<typeof k, { error: string }> => !('error' in k));
      return Promise.resolve(this.#parsed);
    }
    const url = envelope.topicUrl;
    if (url === undefined) return Promise.resolve([]);
    let keys = this.#topicKeys.get(url);
    if (keys === undefined) {
      keys = Promise.all(this.keys.filter((k) => k !== '').map(async (password) => ({ key: await ntfyTopicKey(password, url) })));
      this.#topicKeys.set(url, keys);
    }
    return keys;
  }
}

/** ntfy's publish JSON (docs.ntfy.sh "Publish as JSON") as the stored message shape toHeraldEvent reads. */
function ntfyStoredShape(inner: Record<string, unknown>): Record<string, unknown> {
  const { markdown, attach, filename, encoding: _encoding, ...rest } = inner;
  const m: Record<string, unknown> = { ...rest };
  if (markdown === true) m.content_type = 'text/markdown';
  if (typeof attach === 'string') m.attachment = { name: typeof filename === 'string' ? filename : 'attachment', url: attach };
  return m;
}

export async function openEnvelope(envelope: SealedEnvelope, keys: readonly string[] | KeyRing): Promise<Opened> {
  try {
    const usable = await (keys instanceof KeyRing ? keys : new KeyRing(keys)).forEnvelope(envelope);
    if (usable.length === 0) return { ok: false, state: 'no_key' };
    const plaintext = await openJwe(envelope.jwe, usable);
    if (plaintext === null) return { ok: false, state: 'undecryptable' };
    const inner: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
    if (!isJsonObject(inner)) return { ok: false, state: 'undecryptable' };
    // The clear routing fields win: they are what the server, the cursor and actions refer to.
    const { sealed: _state, jwe: _nested, ...fields } = inner;
    const result =
      envelope.mode === 'ntfy'
        ? toHeraldEvent({ ...ntfyStoredShape(fields), ...envelope.message, event: 'message' })
        : validateEvent({ id: envelope.id, type: 'notification', time: envelope.time, data: { ...fields, itemId: envelope.itemId } });
    return result.ok && result.event.type === 'notification' && result.event.data.sealed === undefined ? { ok: true, event: result.event } : { ok: false, state: 'undecryptable' };
  } catch {
    // A plaintext that is not UTF-8 JSON, or a key derivation that failed: sealed, never half-shown.
    return { ok: false, state: 'undecryptable' };
  }
}

export interface OpenContext {
  /** The source's base URL (ntfy's topic URL is built from it). */
  url: string;
  /** A KeyRing kept for the source's run, so keys are made usable once; a plain list is made usable per call. */
  keys: readonly string[] | KeyRing;
  /**
   * ntfy: the topics the source subscribes to. Only these get a key: a message naming any other topic (a server may
   * write what it likes there) stays sealed without a key stretched, so a server cannot make Herald run PBKDF2 for
   * topics it invents, at a rate it chooses.
   */
  topics: readonly string[];
}

/**
 * The events with every sealed one opened or kept sealed (with its state), in order. Synchronous when no event is
 * sealed, so clear traffic takes no extra turn.
 */
export function openEvents(events: HeraldEvent[], ctx: OpenContext): HeraldEvent[] | Promise<HeraldEvent[]> {
  if (!events.some((e) => envelopeOf(e) !== undefined)) return events;
  const ring = ctx.keys instanceof KeyRing ? ctx.keys : new KeyRing(ctx.keys);
  return Promise.all(
    events.map(async (e) => {
      const envelope = envelopeOf(e);
      if (envelope === undefined || e.type !== 'notification') return e;
      const topic = envelope.mode === 'ntfy' ? envelope.message.topic : undefined;
      const complete: SealedEnvelope =
        envelope.mode === 'ntfy' && envelope.topicUrl === undefined && typeof topic === 'string' && ctx.topics.includes(topic)
          ? { ...envelope, topicUrl: ntfyTopicUrl(ctx.url, topic) }
          : envelope;
      const opened = await openEnvelope(complete, ring);
      return opened.ok ? opened.event : sealedEvent({ id: e.id, time: e.time, itemId: e.data.itemId }, opened.state, complete);
    }),
  );
}
