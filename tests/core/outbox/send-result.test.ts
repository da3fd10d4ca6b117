import { classifyResponse, classifyThrown, retryDelay } from '../../../src/core/outbox/send-result';

const answer = (status: number, body: unknown = null, retryAfter?: number) => ({ ok: status >= 200 && status < 300, status, body, ...(retryAfter === undefined ? {} : { retryAfter }) });

describe('classifyResponse: what one answer means for an outbox entry', () => {
  it('acknowledges 2xx and passes on the result its source read (nothing to fold when it read none)', () => {
    expect(classifyResponse({ ...answer(200, { ok: true, result: { likes: 2 } }), result: { likes: 2 } })).toEqual({ kind: 'ack', result: { likes: 2 } });
    expect(classifyResponse(answer(204))).toEqual({ kind: 'ack', result: {} });
  });

  it('retries the network (status 0), 408, 429 and 5xx; a 429 carries its Retry-After in ms', () => {
    expect(classifyResponse(answer(0)).kind).toBe('retry');
    expect(classifyResponse(answer(408))).toMatchObject({ kind: 'retry', error: { code: 'timeout' } });
    expect(classifyResponse(answer(503))).toMatchObject({ kind: 'retry', error: { code: 'server', status: 503 } });
    expect(classifyResponse(answer(429, null, 7))).toEqual({
      kind: 'retry',
      error: { code: 'rate_limited', message: 'HTTP 429', status: 429 },
      retryAfterMs: 7000,
    });
  });

  it('fails every other 4xx for good, with the server reason and a code the UI can word', () => {
    const body = { error: { code: 'unknown_item', message: 'no item 9' } };
    expect(classifyResponse(answer(422, body))).toEqual({
      kind: 'fail',
      error: { code: 'invalid_input', message: 'HTTP 422: unknown_item: no item 9', status: 422 },
    });
    expect(classifyResponse(answer(409)).kind).toBe('fail');
    expect(classifyResponse(answer(401))).toMatchObject({ kind: 'fail', error: { code: 'auth' } });
    expect(classifyResponse(answer(403))).toMatchObject({ kind: 'fail', error: { code: 'forbidden' } });
  });

  it('treats a thrown send as a network failure to retry, unless it says retrying cannot help', () => {
    expect(classifyThrown(new TypeError('fetch failed'))).toEqual({ kind: 'retry', error: { code: 'network', message: 'fetch failed' } });
    expect(classifyThrown({ info: { code: 'timeout', message: 'no answer in time' }, retry: true })).toEqual({
      kind: 'retry',
      error: { code: 'timeout', message: 'no answer in time' },
    });
    expect(classifyThrown({ info: { code: 'auth', message: 'bad token' }, retry: false }).kind).toBe('fail');
  });
});

describe('retryDelay', () => {
  it('grows with full jitter up to the cap, and treats Retry-After as a floor up to its own cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, top, undefined))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(retryDelay(5, () => 0, undefined)).toBe(0);
    expect(retryDelay(1, () => 0, 120_000)).toBe(120_000);
    expect(retryDelay(1, () => 0, 10 * 3600_000)).toBe(15 * 60_000);
  });
});
