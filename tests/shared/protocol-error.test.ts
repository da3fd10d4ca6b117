import { protocolErrorOf, protocolErrorText } from '../../src/shared/protocol-error';
import { errorDetail } from '../../src/core/transports/http';
import { describeHttpError } from '../../src/cli/http';

describe('the protocol\'s error answer, read one way by the core and the CLI', () => {
  it('takes the string fields of { error: { code, message } } and nothing else', () => {
    expect(protocolErrorOf({ error: { code: 'invalid_action', message: 'no body' } })).toEqual({ code: 'invalid_action', message: 'no body' });
    expect(protocolErrorOf({ error: { code: 7, message: 'm' } })).toEqual({ message: 'm' });
    for (const body of [undefined, null, 'x', [], { error: 'flat' }, { error: null }, { error: [] }]) expect(protocolErrorOf(body)).toBeUndefined();
  });

  it('says an answer as "code: message", either alone when the other is missing, bounded', () => {
    expect(protocolErrorText({ error: { code: 'unknown_item', message: 'no item 9' } })).toBe('unknown_item: no item 9');
    expect(protocolErrorText({ error: { code: 'gone' } })).toBe('gone');
    expect(protocolErrorText({ error: { message: 'm'.repeat(900) } })).toHaveLength(500);
    expect(protocolErrorText({ error: {} })).toBeUndefined();
  });

  it('the core keeps the message (bounded); the CLI says status, code and message', async () => {
    expect(errorDetail({ error: { code: 'c', message: 'm'.repeat(400) } })).toHaveLength(300);
    const answer = new Response(JSON.stringify({ error: { code: 'invalid_action', message: 'comment needs a non-empty body' } }), { status: 422 });
    expect(await describeHttpError(answer)).toBe('422 invalid_action: comment needs a non-empty body');
    expect(await describeHttpError(new Response('{"error":"flat"}', { status: 500, statusText: 'Oops' }))).toBe('500 Oops: {"error":"flat"}');
  });
});
