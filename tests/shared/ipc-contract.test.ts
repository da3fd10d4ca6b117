/**
 * The IPC contract is one map, IPC_OPERATIONS, keyed by the bridge's method: the channels, their arities, the
 * channel list and the bridge map are derived from it. Some checks are the compiler's: `npm run typecheck` fails if an
 * `@ts-expect-error` below stops being an error.
 */
import { argumentProblem, BRIDGE_EVENTS, BRIDGE_INVOKE, channelOf, INVOKE_ARITY, INVOKE_CHANNELS, IPC_METHODS, IPC_OPERATIONS, type BridgeEventMap, type BridgeInvokeMap, type HeraldBridge } from '../../src/shared/ipc-contract';

describe('the IPC contract', () => {
  it('derives each channel from its method, and each arity from the map', () => {
    expect(channelOf('getComments')).toBe('herald:get-comments');
    expect(channelOf('previewDiagnostics')).toBe('herald:preview-diagnostics');
    expect(INVOKE_CHANNELS).toEqual(IPC_METHODS.map((m) => channelOf(m)));
    for (const m of IPC_METHODS) expect(INVOKE_ARITY[channelOf(m)]).toBe(IPC_OPERATIONS[m].arity);
  });

  it('checks the shape of each argument by the map: the count, then each argument in turn', () => {
    for (const m of IPC_METHODS) expect(IPC_OPERATIONS[m].checks).toHaveLength(IPC_OPERATIONS[m].arity);
    expect(argumentProblem('herald:set-paused', [true])).toBeNull();
    expect(argumentProblem('herald:set-paused', ['yes'])).toBe('paused must be true or false');
    expect(argumentProblem('herald:set-paused', [])).toMatch(/takes 1 argument/);
    expect(argumentProblem('herald:get-items', [{ key: 'a', time: 't' }, 10_001])).toMatch(/limit must be an integer/);
    expect(argumentProblem('herald:act', ['s', null])).toBe('the action must be an object');
    expect(argumentProblem('herald:set-visible', [true])).toMatch(/unknown request/);
  });

  it('lists each channel once, with the arity of its arguments', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual(Object.keys(INVOKE_ARITY).sort());
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
    expect(INVOKE_ARITY['herald:act']).toBe(2);
  });

  it('maps every request method of the bridge to a channel, each channel to one method', () => {
    const channels = Object.values(BRIDGE_INVOKE);
    expect(new Set(channels).size).toBe(channels.length);
    expect([...channels].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('refuses, at compile time, a method mapped to a channel of another shape', () => {
    const wrong: BridgeInvokeMap = {
      ...BRIDGE_INVOKE,
      // @ts-expect-error getComments(itemKey) cannot be served by herald:act (two arguments, another result)
      getComments: 'herald:act',
    };
    const wrongArity = {
      ...INVOKE_ARITY,
      // @ts-expect-error herald:act takes two arguments
      'herald:act': 1,
    } satisfies typeof INVOKE_ARITY;
    const wrongEvent: BridgeEventMap = {
      ...BRIDGE_EVENTS,
      // @ts-expect-error onFocusItem(itemKey) cannot listen to herald:paused-changed (a boolean)
      onFocusItem: 'herald:paused-changed',
    };
    const bridge: Pick<HeraldBridge, 'getComments'> | undefined = undefined;
    expect([wrong, wrongArity, wrongEvent, bridge]).toHaveLength(4);
  });
});
