/**
 * POST /publish with an encrypted notification (docs/PROTOCOL.md "Encrypted events"): relayed untouched; plaintext
 * beside the JWE, or something that is not a compact JWE, is refused so a publisher cannot leak by mistake.
 */
import { postJson, serve } from './fixture';
import type { RunningServer } from '../../src/server/index';

const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAECAwQFBgcICQoL.u9ktNHEd.BYkPOy8piJNO64hBMcgo_A';
let server: RunningServer;
beforeEach(async () => {
  server = await serve();
});
afterEach(() => server.close());

describe('POST /publish with jwe', () => {
  it('relays the JWE as sent, with empty title and body', async () => {
    const res = await postJson(`${server.url}/publish`, { type: 'notification', jwe: JWE });
    expect(res.status).toBe(201);
    expect((res.body as { event: { data: unknown } }).event.data).toEqual({ itemId: expect.any(String), title: '', body: '', priority: 3, jwe: JWE });
  });

  it.each([
    [{ jwe: JWE, title: 'in clear' }, /title/],
    [{ jwe: JWE, body: 'in clear', priority: 5 }, /body, priority/],
    [{ jwe: 'not a jwe' }, /JWE compact/],
    [{ jwe: 42 }, /JWE compact/],
  ])('refuses %j (422 invalid_event)', async (body, words) => {
    const res = await postJson(`${server.url}/publish`, body);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(words);
  });
});
