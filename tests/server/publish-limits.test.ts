/**
 * The reference server publishes nothing its own clients would skip: a /publish request is capped (PUBLISH_MAX_BYTES)
 * far below the event limit every client path applies (src/shared/stream-limits.ts), so the largest event it accepts
 * arrives whole through /history (issue 19 point 6: "sizes on every path").
 */
import { LIMITS } from '../../src/shared/actions';
import { EVENT_MAX_BYTES, PUBLISH_MAX_BYTES, STREAM_LIMITS } from '../../src/shared/stream-limits';
import { validateEvents } from '../../src/core/validate-event';
import { getJson, postJson, serve } from './fixture';

describe('/publish and the event limit', () => {
  it('the largest event /publish accepts is one the client takes from /history', async () => {
    const server = await serve();
    // Control characters: each is 6 bytes once escaped in JSON, the most a character can cost on the wire.
    const title = '\u0001'.repeat(LIMITS.titleMaxChars);
    const body = '\u0001'.repeat(LIMITS.bodyMaxChars);
    const res = await postJson(`${server.url}/publish`, { title, body, priority: 5 });
    expect(res.status).toBe(201);
    const page = await getJson(`${server.url}/history?after=0`);
    const taken = validateEvents(page.body.events);
    expect(taken.oversized).toBe(0);
    expect(taken.events.map((e) => e.type === 'notification' && e.data.body.length)).toEqual([LIMITS.bodyMaxChars]);
    expect(Buffer.byteLength(JSON.stringify(page.body.events[0]))).toBeLessThanOrEqual(STREAM_LIMITS.herald.history.event);
  });

  it('a request body over the cap is refused (413) before it is read whole', async () => {
    const server = await serve();
    const res = await postJson(`${server.url}/publish`, { title: 'x', body: 'y'.repeat(PUBLISH_MAX_BYTES) });
    expect(res.status).toBe(413);
    // The cap plus an envelope (id, time, item id, priority) stays within the event limit.
    expect(PUBLISH_MAX_BYTES + 4096).toBeLessThanOrEqual(EVENT_MAX_BYTES);
  });
});
