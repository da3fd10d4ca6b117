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

  it('passes a server\'s error words through the publisher-text boundary: no terminal escapes, no broken characters', async () => {
    const hostile = { error: { code: 'bad\u001b[2J\n', message: 'x\uD800y\u202E\uFFFE' } };
    expect(protocolErrorOf(hostile)).toEqual({ code: 'bad [2J ', message: 'x\uFFFDy\uFFFD' });
    // An odd offset: a cut at the cap would fall between the halves of an emoji.
    expect(protocolErrorText({ error: { message: `a${'😀'.repeat(300)}` } })).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(errorDetail({ error: { message: `a${'😀'.repeat(300)}` } })).not.toMatch(/[\uD800-\uDBFF]$/);
    const raw = new Response('oops\u001b]0;pwned\u0007 \uD800', { status: 500, statusText: 'Oops' });
    expect(await describeHttpError(raw)).toBe('500 Oops: oops ]0;pwned  \uFFFD');
  });
});
