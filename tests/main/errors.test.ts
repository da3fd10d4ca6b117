import { AppError, toErrorInfo } from '../../src/main/errors';
import { OutboxError } from '../../src/core/outbox/outbox';

describe('toErrorInfo', () => {
  it('keeps the code of an AppError', () => {
    expect(toErrorInfo(new AppError('forbidden', 'no'))).toEqual({ code: 'forbidden', message: 'no' });
  });
  it('keeps a catalogue code from the core, so the UI can say what is wrong (outbox full)', () => {
    expect(toErrorInfo(new OutboxError('outbox_full', 'too many'))).toEqual({ code: 'outbox_full', message: 'too many' });
  });
  it('turns anything else into internal, without a stack', () => {
    expect(toErrorInfo(Object.assign(new Error('boom'), { code: 'EPIPE' }))).toEqual({ code: 'internal', message: 'boom' });
    expect(toErrorInfo('str')).toEqual({ code: 'internal', message: 'str' });
  });
});

describe('toErrorInfo with the sources\' errors', () => {
  it('keeps the code of a SourceError (a network failure is not "internal")', async () => {
    const { SourceError } = await import('../../src/core/transports/http');
    const info = toErrorInfo(new SourceError({ code: 'network', message: 'fetch failed', refused: true }, true));
    expect(info.code).toBe('network');
    expect(info.refused).toBe(true);
  });
  it('keeps the status of an HTTP failure', async () => {
    const { SourceError, classifyStatus } = await import('../../src/core/transports/http');
    const { error, retry } = classifyStatus(404);
    expect(toErrorInfo(new SourceError(error, retry))).toMatchObject({ code: 'not_found', status: 404 });
  });
});
