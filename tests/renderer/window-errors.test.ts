/**
 * The window's uncaught errors and unhandled rejections reach the app log as `herald:log` error lines (jsdom's
 * window, a fake bridge); after stopping, nothing more is sent.
 */
import { logWindowErrors } from '../../src/renderer/src/lib/window-errors';
import { FakeBridge } from './fake-bridge';

describe('window errors into the log', () => {
  it('sends an uncaught error and an unhandled rejection as error lines, and stops when asked', () => {
    const bridge = new FakeBridge();
    const stop = logWindowErrors(window, bridge);
    window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('x is undefined'), message: 'x is undefined' }));
    const rejection = new Event('unhandledrejection') as Event & { reason?: unknown };
    rejection.reason = 'no answer';
    window.dispatchEvent(rejection);
    expect(bridge.log).toHaveBeenCalledTimes(2);
    expect(bridge.log.mock.calls[0]).toEqual(['error', expect.stringMatching(/^window error: TypeError: x is undefined/)]);
    expect(bridge.log.mock.calls[1]).toEqual(['error', 'unhandled rejection: no answer']);
    stop();
    window.dispatchEvent(new ErrorEvent('error', { message: 'later' }));
    expect(bridge.log).toHaveBeenCalledTimes(2);
  });
});
