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

async function contentKeys(envelope: SealedEnvelope, keys: readonly string[]): Promise<ContentKey[]> {
  if (envelope.mode === 'ntfy') {
    if (envelope.topicUrl === undefined) return [];
    const url = envelope.topicUrl;
    return Promise.all(keys.filter((k) => k !== '').map(async (password) => ({ key: await ntfyTopicKey(password, url) })));
  }
  return keys.map(parseKeyString).filter((k): k is Exclude<typeof k, { error: string }> => !('error' in k));
}

/** ntfy's publish JSON (docs.ntfy.sh "Publish as JSON") as the stored message shape toHeraldEvent reads. */
function ntfyStoredShape(inner: Record<string, unknown>): Record<string, unknown> {
  const { markdown, attach, filename, encoding: _encoding, ...rest } = inner;
  const m: Record<string, unknown> = { ...rest };
  if (markdown === true) m.content_type = 'text/markdown';
  if (typeof attach === 'string') m.attachment = { name: typeof filename === 'string' ? filename : 'attachment', url: attach };
  return m;
}

export async function openEnvelope(envelope: SealedEnvelope, keys: readonly string[]): Promise<Opened> {
  try {
    const usable = await contentKeys(envelope, keys);
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
  keys: readonly string[];
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
  return Promise.all(
    events.map(async (e) => {
      const envelope = envelopeOf(e);
      if (envelope === undefined || e.type !== 'notification') return e;
      const topic = envelope.mode === 'ntfy' ? envelope.message.topic : undefined;
      const complete: SealedEnvelope =
        envelope.mode === 'ntfy' && envelope.topicUrl === undefined && typeof topic === 'string' && ctx.topics.includes(topic)
          ? { ...envelope, topicUrl: ntfyTopicUrl(ctx.url, topic) }
          : envelope;
      const opened = await openEnvelope(complete, ctx.keys);
      return opened.ok ? opened.event : sealedEvent({ id: e.id, time: e.time, itemId: e.data.itemId }, opened.state, complete);
    }),
  );
}
