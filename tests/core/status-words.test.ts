import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../../src/core/outbox/send-result';
import { classifyStatus } from '../../src/core/transports/http';

/**
 * The window words an error by its code. A status must get the same code — the same words — whether it answered an
 * action (the outbox) or a request (loading comments, a stream, "Test connection").
 */
describe('one HTTP status, one error code', () => {
  const statuses = [400, 401, 403, 404, 408, 409, 410, 413, 418, 422, 425, 429, 500, 502, 503];

  it.each(statuses)('HTTP %i means the same to the outbox and to a source', (status) => {
    const action = classifyResponse({ ok: false, status, body: null });
    if (action.kind === 'ack') throw new Error('not an error');
    expect(classifyStatus(status).error.code).toBe(action.error.code);
  });

  it('words a rejected request as invalid input, an unknown answer as unexpected', () => {
    expect(classifyStatus(422).error.code).toBe('invalid_input');
    expect(classifyStatus(418).error.code).toBe('http');
  });
});
