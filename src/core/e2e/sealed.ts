/**
 * A sealed event: what a source hands on for an encrypted message before (or instead of) opening it. Its fields say
 * only `sealed` (title and body empty); the ciphertext and what opening needs ride beside it, in a WeakMap keyed by
 * the event object, so no copy of the event's fields (a display, IPC, `--json`) can ever carry the ciphertext on.
 */
import type { HeraldEvent, SealedState } from '../../shared/events';

export type SealedEnvelope =
  /** ntfy: the JWE was the message; `message` holds the clear routing fields (id, time, topic, expires). */
  | { mode: 'ntfy'; jwe: string; message: Record<string, unknown>; topicUrl?: string }
  /** Herald's protocol and Nchan: `data.jwe` was the JWE; id, type, time and itemId travel in clear. */
  | { mode: 'herald'; jwe: string; id: string; time: string; itemId: string };

const envelopes = new WeakMap<HeraldEvent, SealedEnvelope>();

export function envelopeOf(event: HeraldEvent): SealedEnvelope | undefined {
  return envelopes.get(event);
}

/** A notification that says only that it is sealed, with its envelope beside it. */
export function sealedEvent(ids: { id: string; time: string; itemId: string }, state: SealedState, envelope: SealedEnvelope): HeraldEvent {
  const event: HeraldEvent = { id: ids.id, type: 'notification', time: ids.time, data: { itemId: ids.itemId, title: '', body: '', priority: 3, sealed: state } };
  envelopes.set(event, envelope);
  return event;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/** An envelope read back from the inbox cache (a file that may be damaged or edited), or null. */
export function sealedEnvelopeFrom(v: unknown): SealedEnvelope | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const e = v as Record<string, unknown>;
  if (!isStr(e.jwe)) return null;
  if (e.mode === 'ntfy' && typeof e.message === 'object' && e.message !== null && !Array.isArray(e.message) && isStr(e.topicUrl)) {
    return { mode: 'ntfy', jwe: e.jwe, message: { ...(e.message as Record<string, unknown>) }, topicUrl: e.topicUrl };
  }
  if (e.mode === 'herald' && isStr(e.id) && isStr(e.time) && isStr(e.itemId)) return { mode: 'herald', jwe: e.jwe, id: e.id, time: e.time, itemId: e.itemId };
  return null;
}
