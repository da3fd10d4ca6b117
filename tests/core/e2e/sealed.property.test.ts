/**
 * Encrypted messages are outside bytes: whatever a server sends as an ntfy message, a Herald `jwe` field or a JWE
 * header, recognising and opening it never throws or rejects, ends as a clear item or a sealed one that shows nothing,
 * and costs a bounded number of decryption attempts and key derivations (counted, not timed).
 */
import fc from 'fast-check';
import { base64url } from 'jose';
import { parseNtfyFrame } from '../../../src/core/sources/ntfy-message';
import { validateEvent } from '../../../src/core/validate-event';
import { openEvents } from '../../../src/core/e2e/open';
import { jweAttempts, MAX_KEYS_TRIED, sealedHeader } from '../../../src/core/e2e/jwe';
import { generateHeraldKey } from '../../../src/core/e2e/keys';
import { ntfyDerivations } from '../../../src/core/e2e/ntfy-key';
import type { HeraldEvent } from '../../../src/shared/events';

const b64u = (s: string): string => base64url.encode(s);
/** A compact JWE shape around any header and any parts: what a hostile publisher can make. */
const jweLike = fc
  .tuple(
    fc.oneof(fc.json(), fc.constant('{"alg":"dir","enc":"A256GCM"}'), fc.string().map((kid) => JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid })), fc.constant('{"alg":"dir","enc":"A256GCM","kid":"__proto__"}')),
    fc.uint8Array({ minLength: 12, maxLength: 12 }),
    fc.uint8Array({ maxLength: 200 }),
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
    fc.boolean(),
  )
  .map(([h, iv, ct, tag, keyPart]) => `${b64u(h)}.${keyPart ? 'AAAA' : ''}.${base64url.encode(iv)}.${base64url.encode(ct)}.${base64url.encode(tag)}`);
const anyMessage = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: fc.constantFrom(...'AZaz09_-.'), maxLength: 300 }), jweLike);

function expectShown(e: HeraldEvent): void {
  expect(e.type).toBe('notification');
  if (e.type !== 'notification') return;
  if (e.data.sealed !== undefined) {
    expect(['no_key', 'undecryptable']).toContain(e.data.sealed);
    expect([e.data.title, e.data.body]).toEqual(['', '']);
    expect(Object.keys(e.data).sort()).toEqual(['body', 'itemId', 'priority', 'sealed', 'title']);
  }
}

describe('encrypted messages from any server', () => {
  it('ntfy: any message body (and any encoding) ends as a clear item or a sealed one that shows nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, fc.constantFrom(undefined, 'jwe', 'base64'), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), async (message, encoding, keys) => {
        const frame = parseNtfyFrame(JSON.stringify({ event: 'message', id: 'abcDEF123456', time: 1767225600, topic: 'alerts', message, encoding }));
        expect(frame.kind).toBe('message');
        if (frame.kind !== 'message' || !frame.event.ok) throw new Error('a message with good ids is an item');
        const [opened] = await openEvents([frame.event.event], { url: 'http://127.0.0.1:1', keys, topics: ['alerts'] });
        expectShown(opened!);
      }),
      { numRuns: 150 },
    );
  });

  it('Herald: any jwe field and any key list ends sealed (nothing opens without the right key), never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(anyMessage, fc.array(fc.oneof(fc.string(), fc.constant(generateHeraldKey())), { maxLength: 4 }), async (jwe, keys) => {
        const v = validateEvent({ id: '1', type: 'notification', time: '2026-01-01T00:00:00Z', data: { itemId: 'n1', jwe } });
        if (!v.ok) throw new Error(v.reason);
        const [opened] = await openEvents([v.event], { url: 'http://127.0.0.1:1', keys, topics: [] });
        expectShown(opened!);
        expect(opened!.type === 'notification' && opened!.data.sealed).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it('recognising a JWE never throws, whatever the header', () => {
    fc.assert(fc.property(fc.oneof(anyMessage, fc.anything()), (v) => void sealedHeader(v)), { numRuns: 300 });
  });

  it('a message without kid tries at most MAX_KEYS_TRIED keys, however many the source has', async () => {
    const keys = Array.from({ length: 3 * MAX_KEYS_TRIED }, (_, i) => `password-${i}`);
    const jwe = `${b64u('{"alg":"dir","enc":"A256GCM"}')}..${'A'.repeat(16)}.AAAA.${'A'.repeat(22)}`;
    const frame = parseNtfyFrame(JSON.stringify({ event: 'message', id: 'abcDEF123456', time: 1767225600, topic: 'bounded', message: jwe }));
    if (frame.kind !== 'message' || !frame.event.ok) throw new Error('expected a message');
    const before = jweAttempts.count;
    await openEvents([frame.event.event], { url: 'http://127.0.0.1:1', keys, topics: ['bounded'] });
    expect(jweAttempts.count - before).toBe(MAX_KEYS_TRIED);
  });

  it('ntfy keys are derived once per (password, topic URL), not once per message', async () => {
    const events = Array.from({ length: 20 }, (_, i) => {
      const id = `msg${String(i).padStart(9, '0')}`;
      const frame = parseNtfyFrame(JSON.stringify({ event: 'message', id, time: 1767225600, topic: 'once', message: `${b64u('{"alg":"dir","enc":"A256GCM"}')}..${'A'.repeat(16)}.AAAA.${'A'.repeat(22)}` }));
      if (frame.kind !== 'message' || !frame.event.ok) throw new Error('expected a message');
      return frame.event.event;
    });
    const before = ntfyDerivations.count;
    await openEvents(events, { url: 'http://127.0.0.1:2', keys: ['one password'], topics: ['once'] });
    await openEvents(events, { url: 'http://127.0.0.1:2', keys: ['one password'], topics: ['once'] });
    expect(ntfyDerivations.count - before).toBe(1);
  });
});
